from django import template

register = template.Library()


@register.filter
def count_of(counts: dict, key: str) -> int:
    """`figures.by_state|count_of:state`: a count, 0 where there is none."""
    return counts.get(key, 0)
