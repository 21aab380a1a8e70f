from functools import cache

from .models import Notification


def bell(request):
    """The unread count next to the bell on every page.

    Usually loaded with the user (plc.auth); otherwise one small query, and only when a
    template shows the bell (templates call the function), so fragments cost nothing.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    loaded = getattr(user, "unread_notification_count", None)
    if loaded is not None:
        return {"unread_notifications": loaded}
    return {"unread_notifications": cache(Notification.objects.filter(user=user).unread().count)}
