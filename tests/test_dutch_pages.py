"""The Dutch pages speak Dutch: no English words that once slipped into the interface, and no
error that only says "Dit veld is verplicht." without saying what to do."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.page_forms import emptied_forms
from tests.test_headers import every_url, objects, release  # noqa: F401 (objects: a fixture)

# Words seen in the Dutch interface before they were translated or reworded. Whole words,
# case-sensitive where the English word is also a Dutch one in lower case ("door").
ENGLISH = [
    "Kind",
    "Part",
    "What kind of round",
    "Remove",
    "Edit",
    "Save",
    "Cancel",
    "Choose",
    "Select an option",
    "This field is required",
    "edited",
    "Learning community",
    "Log in",
    "Sign in",
    "Measurement",
    "Only for",
    "your",
    "the",
    "and",
    "with",
]
PLACEHOLDER_OPTION = "- Kies een optie -"
BARE_REQUIRED = "Dit veld is verplicht."
# Built-in cycle names are proper names, kept in English as schools know them.
PROPER_NAMES = re.compile(r"Spiral of Inquiry|Lesson Study|PLC at Work")


class _Text(HTMLParser):
    """What a person reads or hears: the text, and the labels in attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt", "hx-confirm") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def readable(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return PROPER_NAMES.sub("", " ".join(parser.parts))


def english_in(html: str) -> list[str]:
    text = readable(html)
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]


@pytest.mark.parametrize("persona", ["teacher", "leader"])
def test_every_dutch_page_is_free_of_english_words(world, objects, client, persona):  # noqa: F811
    client.force_login(getattr(world, persona))
    found = {}
    pages = 0
    for url in every_url(objects):
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages += 1
            if words := english_in(response.content.decode()):
                found[url] = words
        release(response)
    assert found == {}
    assert pages >= 35  # the walk reached the real pages


def test_the_login_page_is_dutch_for_a_dutch_browser(db):
    response = Client(headers={"accept-language": "nl-NL,nl;q=0.9"}).get("/accounts/login/")
    assert english_in(response.content.decode()) == []


@pytest.mark.parametrize("persona,at_least", [("teacher", 12), ("leader", 25)])
def test_an_empty_form_says_what_to_fill_in(world, objects, client, persona, at_least):  # noqa: F811
    """Every form on every page, sent empty: the errors say what is missing, in Dutch, and no
    radio list offers a placeholder as a choice."""
    client.force_login(getattr(world, persona))
    bare, placeholders, english, forms = {}, [], {}, 0
    for url in every_url(objects):
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            release(response)
            continue
        html = response.content.decode()
        if (
            PLACEHOLDER_OPTION in html
            and 'type="radio"' in html.split(PLACEHOLDER_OPTION)[0][-300:]
        ):
            placeholders.append(url)
        for action, data in emptied_forms(html):
            answer = client.post(action or url, data)
            if answer.status_code in (409, 422):
                forms += 1
                page = answer.content.decode()
                if BARE_REQUIRED in page:
                    bare[action or url] = (
                        re.findall(
                            r'id="([\w-]+)_error"[^>]*>[^<]*<li>' + re.escape(BARE_REQUIRED), page
                        )
                        or page.split(BARE_REQUIRED)[0][-200:]
                    )
                if words := english_in(page):
                    english[action or url] = words
    assert bare == {}, "\n".join(f"{k}: {v}" for k, v in bare.items())
    assert placeholders == []
    assert english == {}
    assert forms >= at_least  # the walk reached the forms
