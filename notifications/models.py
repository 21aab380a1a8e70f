from __future__ import annotations

import datetime
import secrets
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from teams.models import User


class Kind(models.TextChoices):
    PHASE_DUE = "phase_due", _("a phase is due in three working days")
    PHASE_OVERDUE = "phase_overdue", _("a phase is overdue")
    FEEDBACK_ASKED = "feedback_asked", _("a colleague asks for your feedback")
    FEEDBACK_GIVEN = "feedback_given", _("the feedback you asked for has arrived")
    VISIT_SOON = "visit_soon", _("a lesson visit on your next working day")
    STALLED = "stalled", _("an initiative without activity for three weeks")
    SUPPORT_WAITING = "support_waiting", _("a support request unanswered for a week")
    # Events: something happened that asks something of you or answers you.
    INITIATIVE_INVITED = "initiative_invited", _("a colleague invites you to an initiative")
    INITIATIVE_JOINED = "initiative_joined", _("a colleague you invited joined")
    VISIT_INVITED = "visit_invited", _("a colleague invites you to a lesson visit")
    VISIT_ANSWERED = "visit_answered", _("the answer to your lesson-visit invitation")
    SUPPORT_ANSWERED = "support_answered", _("the answer to a support request")
    PHASE_FEEDBACK = "phase_feedback", _("feedback on a phase of your initiative")
    COMMENT = "comment", _("a comment on your initiative")
    PHASE_MOVED = "phase_moved", _("your initiative moved to another phase")
    ROUND_OPENED = "round_opened", _("a pulse round or self-scan opened")
    MEETING_PLANNED = "meeting_planned", _("your team planned a meeting")
    MEETING_NOTES = "meeting_notes", _("the notes of a meeting you were at")
    MEETING_REFLECT = "meeting_reflect", _("a moment to reflect after a meeting")
    MEETING_ACTION = "meeting_action", _("an action you took on in a meeting")
    BOARD_QUESTION = "board_question", _("a question from another school about a shared card")
    DIGEST = "digest", _("the weekly digest")


# Kinds made the moment something happens (the rest the tick finds due): the tick emails
# them once, on the person's next working morning, unless they were read in the app first.
EVENT_KINDS = [
    Kind.INITIATIVE_INVITED,
    Kind.INITIATIVE_JOINED,
    Kind.VISIT_INVITED,
    Kind.VISIT_ANSWERED,
    Kind.SUPPORT_ANSWERED,
    Kind.PHASE_FEEDBACK,
    Kind.COMMENT,
    Kind.PHASE_MOVED,
    Kind.ROUND_OPENED,
    Kind.MEETING_PLANNED,
    Kind.MEETING_NOTES,
    Kind.MEETING_REFLECT,
    Kind.MEETING_ACTION,
    Kind.BOARD_QUESTION,
]


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, user: User) -> Self:
        """A person's own notifications; nobody sees another's bell."""
        return self.filter(user=user)

    def unread(self) -> Self:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """What shows under the bell. Created once per person, kind and occurrence."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="notified_once")
        ]
        # The tick looks up what was already notified by the keys due now, not by reading
        # years of notifications.
        indexes = [models.Index(fields=["key"], name="notification_key")]

    def __str__(self) -> str:
        return self.text


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def handled(self, now: datetime.datetime | None = None) -> Self:
        """Sent, or being sent by a worker whose lease still runs: not to be claimed."""
        now = now or timezone.now()
        return self.filter(
            Q(status=Delivery.Status.SENT)
            | Q(status=Delivery.Status.SENDING, claimed_at__gte=now - Delivery.LEASE)
        )

    def stuck(self, now: datetime.datetime | None = None) -> Self:
        """Claimed by a worker that never said how it went, longer ago than the lease."""
        now = now or timezone.now()
        return self.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - Delivery.LEASE)


class Delivery(models.Model):
    """An email claimed before it is sent: the unique key makes every email go out once,
    however often or concurrently the tick runs, and when a worker retries.

    A claim is a lease: a worker that dies mid-tick (a deploy, an out-of-memory kill) leaves
    its rows "sending", and once the lease has run out a later tick claims them again.
    """

    # Far longer than a tick takes, short enough that a lost reminder still arrives today.
    LEASE = datetime.timedelta(minutes=15)

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, will be retried")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="delivered_once")
        ]
        indexes = [models.Index(fields=["key"], name="delivery_key")]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.key} ({self.status})"


class Preference(models.Model):
    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("by email on my next working day")
        DIGEST = "digest", _("only in the weekly digest")
        OFF = "off", _("not by email")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
            models.CheckConstraint(
                condition=~Q(kind="digest") | ~Q(mode="digest"), name="digest_is_not_in_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {self.mode}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a person's calendar; renewing it makes the old one stop."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}"

    def renew(self) -> None:
        self.token = new_calendar_token()
        self.save(update_fields=["token", "created_at"])
