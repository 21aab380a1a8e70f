from .models import Notification


def bell(request):
    """The unread count next to the bell on every page (one small query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": Notification.objects.filter(user=user).unread().count()}
