"""Markdown for reflections, rendered safely.

Two layers: markdown-it renders CommonMark with raw HTML switched off (so `<script>` stays
text) and refuses unsafe link schemes; nh3 (the Ammonia sanitiser) then keeps only a short
list of tags and attributes, and only http, https and mailto links.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.disable("image")  # no images from elsewhere: they could track who reads

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "hr", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(clean)
