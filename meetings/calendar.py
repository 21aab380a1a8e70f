"""A person's team meetings in their calendar feed (notifications' feed, by its hook)."""

import datetime

import icalendar
from django.utils import timezone

from .models import Meeting

SHOWN_AFTER = datetime.timedelta(days=30)


def meeting_events(*, user, base: str, stamp: datetime.datetime):
    """The meetings of the person's teams from a month back on, at their local time in
    Europe/Amsterdam (the feed carries the zone, so summer time is right)."""
    meetings = Meeting.objects.filter(
        team__memberships__user=user, starts_at__gte=timezone.now() - SHOWN_AFTER
    ).select_related("team")
    for meeting in meetings.distinct():
        yield meeting_event(meeting, base=base, stamp=stamp)


def meeting_event(meeting: Meeting, *, base: str, stamp: datetime.datetime) -> icalendar.Event:
    """The meeting at its local time in Europe/Amsterdam; the zone travels with it."""
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@leergemeenschap")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(meeting.starts_at))
    event.add("duration", datetime.timedelta(minutes=meeting.duration))
    event.add("summary", f"{meeting.get_kind_display().capitalize()} {meeting.team.name}")
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", base + meeting.get_absolute_url())
    return event


def meeting_ics(meeting: Meeting, *, base: str) -> bytes:
    """One meeting as a calendar file, for the invitation's attachment."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Leergemeenschap//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(meeting_event(meeting, base=base, stamp=timezone.now()))
    calendar.add_missing_timezones()
    return calendar.to_ical()
