from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

import icalendar
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import visible_or_404
from core.htmx import post_data, render_page
from core.prepared import PreparedQuery
from inquiries.models import Initiative
from reflections.models import LessonVisit

from .forms import PreferencesForm
from .models import CalendarFeed, Notification
from .reminders import AMSTERDAM

# The bell is looked at on most pages' way: compiled once per process (core.prepared).
LATEST = PreparedQuery(lambda user: Notification.objects.filter(user=user)[:100], for_user=True)


@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    return render_page(
        request,
        "notifications/notification_list.html",
        {"notifications": grouped(LATEST.fetch(request.user))},
    )


def grouped(notifications: list[Notification]) -> list[Notification]:
    """One line per item: lines about the same item (the same link) become the newest of
    them, with `others` saying how many more there are and `unread` whether any is new.
    Opening the item marks them all read (notifications.middleware)."""
    lines: dict[str, Notification] = {}
    for notification in notifications:  # newest first
        key = notification.url or f"#{notification.pk}"
        if key not in lines:
            notification.others = 0
            notification.unread = notification.read_at is None
            lines[key] = notification
        else:
            lines[key].others += 1
            lines[key].unread |= notification.read_at is None
    return list(lines.values())


@require_safe
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes where it points."""
    notification = visible_or_404(Notification.objects, request.user, pk=pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    target = notification.url or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/"
    return redirect(target)


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:notification_list")


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(post_data(request), user=request.user)
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your email choices are saved."))
            return redirect("notifications:preferences")
        status = 422
    else:
        status = 200
    calendar_url = request.build_absolute_uri(
        reverse("notifications:calendar_feed", args=[feed.token])
    )
    return render_page(
        request,
        "notifications/preferences.html",
        {"form": form, "calendar_url": calendar_url},
        status=status,
    )


@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    feed.renew()
    messages.success(request, _("Your calendar has a new link; the old one no longer works."))
    return redirect("notifications:preferences")


# Features above this app add their own events (e.g. meetings) to a person's feed.
CALENDAR_SOURCES: list[Callable[..., Iterable[icalendar.Event]]] = []


def register_calendar_source(source: Callable[..., Iterable[icalendar.Event]]) -> None:
    """`source(user=, base=, stamp=)` yields the person's events; called for every feed."""
    if source not in CALENDAR_SOURCES:
        CALENDAR_SOURCES.append(source)


@login_not_required  # calendar apps cannot log in: the secret link is the key
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user")
    feed = feed.first()
    if feed is None:
        raise Http404
    user = feed.user
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Leergemeenschap//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Learning community"))
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    stamp = timezone.now()
    base = request.build_absolute_uri("/").rstrip("/")
    initiatives = Initiative.objects.filter(
        memberships__user=user,
        state=Initiative.State.RUNNING,
        phase_due_on__isnull=False,
    ).select_related("current_phase__template", "template")
    for initiative in initiatives:
        event = icalendar.Event()
        event.add("uid", f"phase-{initiative.pk}-{initiative.current_phase_id}@leergemeenschap")
        event.add("dtstamp", stamp)
        event.add("dtstart", initiative.phase_due_on)
        # A duration, not an end: no date arithmetic, so no row can make the feed fail.
        event.add("duration", datetime.timedelta(days=1))
        event.add(
            "summary",
            _("Due: %(phase)s — %(title)s")
            % {"phase": initiative.current_phase.display_name, "title": initiative.title},
        )
        event.add("url", base + initiative.get_absolute_url())
        calendar.add_component(event)
    visits = (
        LessonVisit.objects.involving(user)
        .filter(state__in=[LessonVisit.State.INVITED, LessonVisit.State.ACCEPTED])
        .select_related("host", "observer")
    )
    for visit in visits:
        event = icalendar.Event()
        event.add("uid", f"visit-{visit.pk}@leergemeenschap")
        event.add("dtstamp", stamp)
        if visit.starts_at:
            start = datetime.datetime.combine(visit.planned_on, visit.starts_at, AMSTERDAM)
            event.add("dtstart", start)
            event.add("duration", datetime.timedelta(hours=1))
        else:
            event.add("dtstart", visit.planned_on)
            event.add("duration", datetime.timedelta(days=1))
        event.add(
            "summary",
            _("Lesson visit: %(host)s, observed by %(observer)s")
            % {"host": visit.host.name, "observer": visit.observer.name},
        )
        event.add("description", visit.focus_question)
        event.add("url", base + visit.get_absolute_url())
        calendar.add_component(event)
    for source in CALENDAR_SOURCES:
        for event in source(user=user, base=base, stamp=stamp):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    return response
