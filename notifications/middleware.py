"""Opening the item a bell line is about marks that line as read, however the person got
there (the bell, an email, a link from a colleague)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Notification


class MarkSeenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and user is not None
            and user.is_authenticated
            and not getattr(request, "htmx", False)
            # Known from loading the user (plc.auth): no query on any other page.
            and request.path in getattr(user, "unread_notification_urls", {request.path})
        ):
            Notification.objects.filter(user=user, url=request.path, read_at__isnull=True).update(
                read_at=timezone.now()
            )
        return response
