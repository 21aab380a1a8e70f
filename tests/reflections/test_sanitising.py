"""At least 100 XSS payloads through a reflection's Markdown: none survives into the page."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from reflections.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_SCHEMES,
    ALLOWED_TAGS,
    render_markdown,
)
from reflections.models import Reflection

PAYLOADS = json.loads((Path(__file__).parent / "xss_payloads.json").read_text())


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def scheme(url: str | None) -> str:
    """The scheme a browser reads: it drops control characters and whitespace first, so
    "java\tscript:" and " javascript:" count as javascript."""
    url = re.sub(r"[\x00-\x20\x7f]", "", url or "").lower()
    found = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return found.group(1) if found else ""


def test_the_corpus_has_at_least_100_payloads():
    assert len(PAYLOADS) >= 100


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_rendering(payload):
    html = str(render_markdown(payload))
    collector = TagCollector()
    collector.feed(html)
    for tag, attrs in collector.found:
        assert tag in ALLOWED_TAGS, (payload, tag)
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (payload, tag, name)
            if name == "href":
                assert scheme(value) in {""} | ALLOWED_SCHEMES, (payload, value)
    # Escaped text such as "&lt;script&gt;" is harmless; what counts are real tags.
    assert "<script" not in html.lower()


def test_payloads_in_a_shared_reflection_page_add_no_script(world, client_for):
    body = "\n\n".join(PAYLOADS)
    reflection = Reflection.objects.create(
        school=world.school, author=world.teacher, title="Test", body=body, visibility="school"
    )
    page = client_for(world.colleague).get(reflection.get_absolute_url()).content.decode()
    baseline = client_for(world.colleague).get(reverse("reflections:feed")).content.decode()
    assert page.lower().count("<script") == baseline.lower().count("<script")
    prose = page.split('<div class="prose">', 1)[1].split("</article>", 1)[0]
    collector = TagCollector()
    collector.feed(prose)
    links = []
    for tag, attrs in collector.found:
        assert tag in ALLOWED_TAGS | {"div"}, tag
        assert all(not name.startswith("on") for name, _value in attrs)
        # The parser decodes entities, so "&#106;avascript:" is checked as "javascript:".
        links += [value for name, value in attrs if name in {"href", "src", "action"}]
    # Payload text that merely mentions "javascript:alert" stays as harmless escaped text;
    # what may never appear is a link a click would run.
    assert links, "the corpus's Markdown links should still render as links"
    assert all(scheme(link) in {""} | ALLOWED_SCHEMES for link in links), links


def test_normal_markdown_still_works():
    html = str(
        render_markdown("**Trots** op _groep 5_:\n\n- lezen\n- [site](https://school.example)")
    )
    assert "<strong>Trots</strong>" in html
    assert "<em>groep 5</em>" in html
    assert "<li>lezen</li>" in html
    assert 'href="https://school.example"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
