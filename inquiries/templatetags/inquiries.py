from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def news_since(initiative) -> str:
    """What is new on an initiative since its reviewer last looked (with_news_for): the
    review list shows it on every row, so it is put together here rather than by three
    plural blocktranslate tags a row."""
    return ", ".join(
        (
            ngettext("%(n)s entry", "%(n)s entries", initiative.new_entries)
            % {"n": initiative.new_entries},
            ngettext("%(n)s comment", "%(n)s comments", initiative.new_comments)
            % {"n": initiative.new_comments},
            ngettext("%(n)s phase change", "%(n)s phase changes", initiative.new_moves)
            % {"n": initiative.new_moves},
        )
    )
