"""What a browser would post: the fields of a form on a rendered page, as they stand."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, list[str]]] = []
        self.actions: list[str] = []
        self.methods: list[str] = []
        self.typed: list[set[str]] = []  # per form, the fields a person types into
        self._form: dict[str, list[str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {}
            self.forms.append(self._form)
            self.actions.append(a.get("action") or "")
            self.methods.append((a.get("method") or "get").lower())
            self.typed.append(set())
        if self._form is None or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            if kind not in ("hidden", "checkbox", "radio"):
                self.typed[-1].add(a["name"])
            self._form.setdefault(a["name"], []).append(
                a.get("value") or ("on" if kind == "checkbox" else "")
            )
        elif tag == "textarea":
            self.typed[-1].add(a["name"])
            self._textarea = a["name"]
            self._form.setdefault(a["name"], []).append("")
        elif tag == "select":
            self._select = a["name"]
            self._form.setdefault(a["name"], [])
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select].append(a.get("value", ""))

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._form is not None and self._textarea:
            # A browser drops the one newline that follows <textarea>.
            value = self._form[self._textarea][-1]
            self._form[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def form_with(html: str, field: str) -> dict[str, list[str]]:
    """The values of the form on `html` that has `field`."""
    return _find(html, field)[1]


def emptied_forms(html: str) -> list[tuple[str, dict[str, str]]]:
    """Each post form on `html` that asks for typed input, with what a person types left
    empty (choices as they stand): what an impatient click on its button sends."""
    parser = _Forms()
    parser.feed(html)
    emptied = []
    for action, method, typed, form in zip(
        parser.actions, parser.methods, parser.typed, parser.forms, strict=True
    ):
        if method == "post" and typed:
            data = {name: "" if name in typed else values for name, values in form.items()}
            emptied.append((action, data))
    return emptied


def action_of(html: str, field: str) -> str:
    """Where the form on `html` that has `field` posts to ("" is the page itself)."""
    return _find(html, field)[0]


def _find(html: str, field: str) -> tuple[str, dict]:
    parser = _Forms()
    parser.feed(html)
    for action, form in zip(parser.actions, parser.forms, strict=True):
        if field in form:
            values = {name: vs[0] if len(vs) == 1 else vs for name, vs in form.items()}
            return action, values
    raise AssertionError(f"no form with {field!r} on the page")
