from django import template
from django.utils.safestring import SafeString

from core.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj) -> SafeString:
    """What the apps above this page registered for `slot` (see core/panels.py)."""
    return render_panels(slot, context["request"], obj)
