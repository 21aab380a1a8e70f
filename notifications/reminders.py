"""Which reminders are due at a given moment, and sending each exactly once.

One function, `send_due_reminders(now)`, does the work; Celery beat calls it every few
minutes in production, `manage.py run_reminders` in the embedded default. Reminders go
out on the recipient's working days only, never in the school's holidays, in the morning
(07:00 to 12:00 Europe/Amsterdam); one that falls on a day off or in the afternoon waits
for the next working morning. A Delivery
row is claimed for each reminder before it is sent, so repeated or concurrent ticks and
retries never send it twice; what falls due for one person in one tick goes out as one
email, not a handful.
"""

from __future__ import annotations

import datetime
import functools
import logging
import zoneinfo
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import connection
from django.db.models import CharField, F, OuterRef, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.fields import one_line
from inquiries.models import Initiative, InitiativeMember, LearningCard, SupportRequest
from reflections.models import FeedbackRequest, LessonVisit, Reflection, readable_by
from teams.models import Holiday, Membership, School, User

from .models import EVENT_KINDS, Delivery, Kind, Notification, Preference

log = logging.getLogger(__name__)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Emails go out in the morning, as the preferences page promises: what falls due later in
# the day waits for the next working morning instead of arriving at night.
SEND_FROM = datetime.time(7, 0)
SEND_UNTIL = datetime.time(12, 0)


@dataclass(frozen=True)
class Reminder:
    user: User
    kind: str
    key: str
    name: str  # whose or which: a colleague's name or an initiative's title, never private
    day: datetime.date | None
    url: str
    text: str = ""  # an event's line, written when it happened (notifications.events)


class SchoolCalendar:
    """Holidays of every school, loaded once per tick."""

    def __init__(self) -> None:
        self.holidays: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
        for school_id, first, last in Holiday.objects.values_list(
            "school_year__school_id", "starts_on", "ends_on"
        ):
            self.holidays.setdefault(school_id, []).append((first, last))

    def is_school_day(self, school_id: int, day: datetime.date) -> bool:
        if day.weekday() >= 5:
            return False
        return not any(a <= day <= b for a, b in self.holidays.get(school_id, []))

    def works(self, user: User, day: datetime.date) -> bool:
        return user.works_on(day) and self.is_school_day(user.school_id, day)

    def school_days_after(self, school_id: int, day: datetime.date, count: int):
        """Up to `count` school days after `day`, looked for within a year: a holiday that
        never ends (a typo) must not make this walk to the end of the calendar."""
        found = []
        for _step in range(366):
            if len(found) == count:
                break
            day += datetime.timedelta(days=1)
            if self.is_school_day(school_id, day):
                found.append(day)
        return found

    def next_working_day(self, user: User, day: datetime.date) -> datetime.date | None:
        for _step in range(60):
            day += datetime.timedelta(days=1)
            if self.works(user, day):
                return day
        return None

    def first_working_day_of_week(self, user: User, day: datetime.date) -> datetime.date | None:
        monday = day - datetime.timedelta(days=day.weekday())
        for offset in range(5):
            candidate = monday + datetime.timedelta(days=offset)
            if self.works(user, candidate):
                return candidate
        return None


def local(now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(AMSTERDAM)


def sending_window_open(user: User, now: datetime.datetime, calendar: SchoolCalendar) -> bool:
    here = local(now)
    return SEND_FROM <= here.time() < SEND_UNTIL and calendar.works(user, here.date())


# --- what is due -----------------------------------------------------------------------------


def collect(now: datetime.datetime, calendar: SchoolCalendar, school_id: int) -> list[Reminder]:
    """What is due at `now` for the people of one school."""
    today = local(now).date()
    reminders: list[Reminder] = []
    # Everyone active, once: reminders for the same person share one object (the school's
    # running initiatives would otherwise load a person per membership).
    people = {user.pk: user for user in User.objects.filter(is_active=True, school_id=school_id)}
    running = (
        Initiative.objects.filter(state=Initiative.State.RUNNING, school_id=school_id)
        .with_stalled(now)
        .only("pk", "school_id", "title", "current_phase_id", "phase_due_on", "last_activity_at")
    )
    members_of: dict[int, list[User]] = {}
    for initiative_id, user_id in (
        InitiativeMember.objects.filter(
            initiative__state=Initiative.State.RUNNING, initiative__school_id=school_id
        )
        .order_by("joined_at", "pk")
        .values_list("initiative_id", "user_id")
    ):
        if user_id in people:
            members_of.setdefault(initiative_id, []).append(people[user_id])
    teams_of: dict[int, list[int]] = {}
    for initiative_id, team_id in Initiative.teams.through.objects.filter(
        initiative__state=Initiative.State.RUNNING, initiative__school_id=school_id
    ).values_list("initiative_id", "team_id"):
        teams_of.setdefault(initiative_id, []).append(team_id)
    leads_by_team: dict[int, list[User]] = {}
    for team_id, user_id in Membership.objects.filter(
        role=Membership.Role.LEAD, team__school_id=school_id
    ).values_list("team_id", "user_id"):
        if user_id in people:
            leads_by_team.setdefault(team_id, []).append(people[user_id])
    for initiative in running:
        members = members_of.get(initiative.pk, [])
        url = initiative.get_absolute_url()
        due = initiative.phase_due_on
        if due:
            soon = calendar.school_days_after(initiative.school_id, today, 3) or [today]
            key = f"{initiative.pk}:{initiative.current_phase_id}:{due.isoformat()}"
            if today < due <= soon[-1]:
                for user in members:
                    reminders.append(
                        Reminder(user, Kind.PHASE_DUE, key, initiative.title, due, url)
                    )
            elif due < today:
                for user in members:
                    reminders.append(
                        Reminder(user, Kind.PHASE_OVERDUE, key, initiative.title, due, url)
                    )
        if initiative.is_quiet:
            key = f"{initiative.pk}:{initiative.last_activity_at.date().isoformat()}"
            recipients = {u.pk: u for u in members}
            for team_id in teams_of.get(initiative.pk, []):
                recipients.update({u.pk: u for u in leads_by_team.get(team_id, [])})
            for user in recipients.values():
                reminders.append(Reminder(user, Kind.STALLED, key, initiative.title, None, url))

    for request in (
        FeedbackRequest.objects.waiting()
        .filter(asked__school_id=school_id)
        .select_related("asked", "reflection__author")
    ):
        reminders.append(
            Reminder(
                request.asked,
                Kind.FEEDBACK_ASKED,
                str(request.pk),
                request.reflection.author.name,
                None,
                request.get_absolute_url(),
            )
        )
    for request in FeedbackRequest.objects.filter(
        answered_at__isnull=False, reflection__author__school_id=school_id
    ).select_related("asked", "reflection__author"):
        reminders.append(
            Reminder(
                request.reflection.author,
                Kind.FEEDBACK_GIVEN,
                str(request.pk),
                request.asked.name,
                None,
                request.reflection.get_absolute_url(),
            )
        )

    visits = LessonVisit.objects.filter(
        state__in=[LessonVisit.State.INVITED, LessonVisit.State.ACCEPTED],
        planned_on__gt=today,
        host__school_id=school_id,
    ).select_related("host", "observer")
    for visit in visits:
        for user in (visit.host, visit.observer):
            if calendar.next_working_day(user, today) == visit.planned_on:
                reminders.append(
                    Reminder(
                        user,
                        Kind.VISIT_SOON,
                        f"{visit.pk}:{visit.planned_on.isoformat()}",
                        (visit.observer if user.pk == visit.host_id else visit.host).name,
                        visit.planned_on,
                        visit.get_absolute_url(),
                    )
                )

    week_ago = now - datetime.timedelta(days=7)
    waiting = SupportRequest.objects.filter(
        status=SupportRequest.Status.OPEN, created_at__lt=week_ago, initiative__school_id=school_id
    ).select_related("initiative")
    leaders: dict[int, list[User]] = {}
    for leader in people.values():
        if leader.is_leader:
            leaders.setdefault(leader.school_id, []).append(leader)
    support_url = reverse("inquiries:support_list")
    for support in waiting:
        for leader in leaders.get(support.initiative.school_id, []):
            reminders.append(
                Reminder(
                    leader,
                    Kind.SUPPORT_WAITING,
                    str(support.pk),
                    support.initiative.title,
                    None,
                    support_url,
                )
            )
    return reminders


def render_text(user: User, kind: str, name: str, day: datetime.date | None) -> str:
    """One line in the recipient's language. Reflection titles never go in here: a
    reflection may turn private after the reminder was written."""
    language = user.language
    when = date_text(day, language) if day else ""
    return _lines(language)[kind] % {"name": name, "day": when}


@functools.cache
def _lines(language: str) -> dict[str, str]:
    # Translated once per language and process: a tick renders thousands of these lines.
    with translation.override(language):
        return {
            "phase_due": _("The current phase of “%(name)s” is due on %(day)s."),
            "phase_overdue": _("The current phase of “%(name)s” was due on %(day)s."),
            "stalled": _("Nothing has happened in “%(name)s” for three weeks."),
            "feedback_asked": _("%(name)s asks for your feedback on a reflection."),
            "feedback_given": _("%(name)s gave feedback on your reflection."),
            "visit_soon": _("Lesson visit with %(name)s on %(day)s."),
            "support_waiting": _("A support request of “%(name)s” waits for an answer."),
        }


@functools.lru_cache(maxsize=1024)
def date_text(day: datetime.date, language: str) -> str:
    from django.utils.formats import date_format

    with translation.override(language):
        return date_format(day, "l j F")


# --- sending ---------------------------------------------------------------------------------


def preferences() -> dict[tuple[int, str], str]:
    return {(p.user_id, p.kind): p.mode for p in Preference.objects.all()}


class MailServerDown(Exception):
    """The mail server could not be reached: nothing was claimed; the task retries."""


def send_due_reminders(
    now: datetime.datetime | None = None, *, school_ids: list[int] | None = None
) -> int:
    """Send every reminder that is due at `now` (for these schools, or all); returns how
    many emails went out.

    School by school: one school's bad data is logged and skipped while the others get
    their reminders. The mail connection is opened before anything is claimed, so a mail
    server that is down costs no claim. Raises after trying every school if an email
    failed or a school could not be done, so the Celery task retries; the retry sends only
    what is left. The beat's tick hands each school to the workers as a task of its own
    (notifications.tasks), so more workers finish a bigger board sooner.
    """
    now = now or timezone.now()
    schools = School.objects.order_by("pk")
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    calendar = SchoolCalendar()
    modes = preferences()
    sent, failures, broken = 0, 0, []
    try:
        mailer = mailers["default"]
        mailer.open()
    except Exception as error:
        log.error("The mail server cannot be reached; no reminder was claimed: %s", error)
        raise MailServerDown(str(error)) from error
    with mailer as mail:
        for school_id in schools.values_list("pk", flat=True):
            try:
                school_sent, school_failures = send_school_reminders(
                    school_id, now, calendar, modes, mail
                )
            except Exception:
                log.exception("Reminders for school %s stopped; the other schools go on", school_id)
                broken.append(school_id)
            else:
                sent += school_sent
                failures += school_failures
    if failures or broken:
        raise RuntimeError(
            f"{failures} email(s) could not be sent and {len(broken)} school(s) stopped; "
            "they will be retried"
        )
    return sent


EVENTS_EMAILED_FOR = datetime.timedelta(days=7)


def events(now: datetime.datetime, school_id: int) -> list[Reminder]:
    """Events of the past week on the bell that their person has not read yet: each goes out
    by email once, on the next working morning (and not at all once read in the app)."""
    return [
        Reminder(n.user, n.kind, n.key, "", None, n.url, text=n.text)
        for n in Notification.objects.filter(
            kind__in=EVENT_KINDS,
            user__school_id=school_id,
            user__is_active=True,
            read_at__isnull=True,
            created_at__gte=min(now, timezone.now()) - EVENTS_EMAILED_FOR,
        ).select_related("user")
    ]


def send_school_reminders(
    school_id: int, now: datetime.datetime, calendar: SchoolCalendar, modes, mail
) -> tuple[int, int]:
    """One school's reminders, event emails and weekly digests: (emails sent, failed)."""
    due = [
        reminder
        for reminder in [*collect(now, calendar, school_id), *events(now, school_id)]
        if reminder.user.is_active and sending_window_open(reminder.user, now, calendar)
    ]
    # What earlier ticks did with these reminders (most were handled before), looked up by
    # their keys: the rows of years past are never read.
    keys = {(r.user.pk, r.kind, r.key) for r in due}
    handled = recorded(Delivery.objects.handled(), keys)
    notified = recorded(Notification.objects.all(), keys)
    texts = {}
    new_notifications = []
    for reminder in due:
        user = reminder.user
        text = reminder.text or render_text(user, reminder.kind, reminder.name, reminder.day)
        texts[(user.pk, reminder.kind, reminder.key)] = text
        if (user.pk, reminder.kind, reminder.key) not in notified:
            notified.add((user.pk, reminder.kind, reminder.key))
            new_notifications.append(
                Notification(
                    user=user, kind=reminder.kind, key=reminder.key, text=text, url=reminder.url
                )
            )
    Notification.objects.bulk_create(new_notifications, ignore_conflicts=True, batch_size=1000)
    wanted = [
        reminder
        for reminder in due
        if (reminder.user.pk, reminder.kind, reminder.key) not in handled
        and modes.get((reminder.user.pk, reminder.kind), Preference.Mode.IMMEDIATE) == "immediate"
    ]
    # One email per person per tick, however many reminders fell due at once.
    bundles: dict[int, list[Reminder]] = {}
    for reminder in wanted:
        bundles.setdefault(reminder.user.pk, []).append(reminder)
    sent = failures = 0
    for bundle in bundles.values():
        # Claimed right before sending, so a claim never waits behind other emails: its
        # lease only has to outlast one send.
        claimed_at = timezone.now()
        claimed = claim_all([(r.user.pk, r.kind, r.key) for r in bundle], now=claimed_at)
        mine = [r for r in bundle if (r.user.pk, r.kind, r.key) in claimed]
        if not mine:
            continue  # another tick has them
        user = mine[0].user
        ids = [claimed[(r.user.pk, r.kind, r.key)] for r in mine]
        items = [
            {"text": texts[(user.pk, r.kind, r.key)], "url": settings.PLC_BASE_URL + r.url}
            for r in mine
        ]
        send = partial(send_bundle, user, items, mail)
        if deliver(ids, claimed_at, send, f"Reminders to user {user.pk}"):
            sent += 1
        else:
            failures += 1
    digest_sent, digest_failures = send_digests(now, calendar, modes, school_id, mail=mail)
    return sent + digest_sent, failures + digest_failures


def deliver(ids: list[int], claimed_at: datetime.datetime, send, what: str) -> bool:
    """Send one email for the deliveries `ids` claimed at `claimed_at`, and record how it
    went at once: a worker killed after this can repeat at most the email it was sending.
    Only a claim that is still ours is recorded: if a later tick took the rows over (this
    send outlasted the lease), its outcome stands."""
    try:
        send()
    except Exception:  # released: the next tick or the task's retry tries it again
        log.exception("%s failed (deliveries %s)", what, ids)
        Delivery.objects.filter(pk__in=ids, claimed_at=claimed_at).update(
            status=Delivery.Status.FAILED
        )
        return False
    Delivery.objects.filter(pk__in=ids, claimed_at=claimed_at).update(
        status=Delivery.Status.SENT, sent_at=timezone.now()
    )
    return True


def recorded(rows, keys: set[tuple[int, str, str]]) -> set[tuple[int, str, str]]:
    """Which of `keys` (user, kind, key) are among `rows`, read through the key index in
    chunks."""
    found: set[tuple[int, str, str]] = set()
    wanted = sorted({key for _user, _kind, key in keys})
    for start in range(0, len(wanted), 1000):
        for row in (
            rows.filter(key__in=wanted[start : start + 1000])
            .order_by()
            .values_list("user_id", "kind", "key")
        ):
            if row in keys:
                found.add(row)
    return found


def claim_all(
    keys: list[tuple[int, str, str]], *, now: datetime.datetime
) -> dict[tuple[int, str, str], int]:
    """Claim emails at `now`: {(user, kind, key): delivery id} for those this tick may
    send. A row another tick inserted first is not returned (that tick sends it); a failed
    or abandoned send is taken back by exactly one tick."""
    claimed: dict[tuple[int, str, str], int] = {}
    table = connection.ops.quote_name(Delivery._meta.db_table)
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        rows = ", ".join(["(%s, %s, %s, %s, 1, %s)"] * len(chunk))
        params: list = []
        # As the ORM writes it, so that deliver() can find this claim by its time.
        stamp = connection.ops.adapt_datetimefield_value(now)
        for user_id, kind, key in chunk:
            params += [user_id, kind, key, Delivery.Status.SENDING, stamp]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (user_id, kind, key, status, attempts, claimed_at) "
                f"VALUES {rows} ON CONFLICT (user_id, kind, key) DO NOTHING "
                "RETURNING id, user_id, kind, key",
                params,
            )
            for delivery_id, user_id, kind, key in cursor.fetchall():
                claimed[(user_id, kind, key)] = delivery_id
    # Taken back, by exactly one tick: a failed email, and one whose worker died before it
    # said how it went (its lease ran out).
    stale = Q(status=Delivery.Status.FAILED) | Q(
        status=Delivery.Status.SENDING, claimed_at__lt=now - Delivery.LEASE
    )
    for user_id, kind, key in keys:
        if (user_id, kind, key) in claimed:
            continue
        retried = (
            Delivery.objects.filter(user_id=user_id, kind=kind, key=key)
            .filter(stale)
            .update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, claimed_at=now)
        )
        if retried:
            claimed[(user_id, kind, key)] = Delivery.objects.get(
                user_id=user_id, kind=kind, key=key
            ).pk
    return claimed


def send_bundle(user: User, items: list[dict], mail) -> None:
    with translation.override(user.language):
        if len(items) == 1:
            summary = items[0]["text"]
        else:
            summary = ngettext(
                "%(n)d reminder for today", "%(n)d reminders for today", len(items)
            ) % {"n": len(items)}
        subject = f"[{_('Learning community')}] {summary}"
        message = render_to_string("notifications/email.txt", {"user": user, "items": items})
    send_one(mail, subject[:150], message, user.email)


def send_one(mail, subject: str, message: str, address: str) -> None:
    # A header is never built from raw text: a title saved before titles were folded to
    # one line would otherwise fail every tick (BadHeaderError).
    email = EmailMessage(one_line(subject), message, to=[address])
    if mail is None:
        email.send()
    else:
        mail.send_messages([email])


def send_digests(
    now: datetime.datetime, calendar: SchoolCalendar, modes, school_id: int, mail=None
) -> tuple[int, int]:
    """On each person's first working day of the week: what is due, what colleagues shared
    with them, and the school's new learning cards. Read for everyone in a few queries,
    claimed at once, one email each."""
    today = local(now).date()
    year, week, _weekday = today.isocalendar()
    key = f"{year}-W{week:02d}"
    already = Delivery.objects.handled().filter(kind=Kind.DIGEST, key=key).values("user_id")
    users = [
        user
        for user in User.objects.filter(is_active=True, school_id=school_id).exclude(pk__in=already)
        if modes.get((user.pk, Kind.DIGEST), "immediate") != "off"
        and sending_window_open(user, now, calendar)
        and calendar.first_working_day_of_week(user, today) == today
    ]
    if not users:
        return 0, 0
    week = DigestWeek(today, now - datetime.timedelta(days=7), users, modes)
    bodies = {user.pk: body for user in users if (body := week.body_for(user)) is not None}
    sent = failures = 0
    for user in users:
        if user.pk not in bodies:
            continue
        claimed_at = timezone.now()
        claimed = claim_all([(user.pk, Kind.DIGEST, key)], now=claimed_at)
        if not claimed:
            continue  # another tick sends it
        with translation.override(user.language):
            text = _("Your week in the learning community")
            message = render_to_string(
                "notifications/email.txt",
                {
                    "user": user,
                    "items": [{"text": text, "url": settings.PLC_BASE_URL + reverse("home")}],
                    "body": bodies[user.pk],
                },
            )
            subject = f"[{_('Learning community')}] {text}"
        send = partial(send_one, mail, subject[:150], message, user.email)
        if deliver(list(claimed.values()), claimed_at, send, f"Digest for user {user.pk}"):
            sent += 1
        else:
            failures += 1
    return sent, failures


DIGEST_CARDS = 10
DIGEST_REFLECTIONS = 10


class DigestWeek:
    """Everything the week's digests draw on, read once for all recipients of a tick."""

    def __init__(self, today: datetime.date, since: datetime.datetime, users, modes) -> None:
        self.user_ids = {user.pk for user in users}
        self.due: dict[int, list[Initiative]] = {}
        for member in (
            InitiativeMember.objects.filter(
                user_id__in=self.user_ids,
                initiative__state=Initiative.State.RUNNING,
                initiative__phase_due_on__lte=today + datetime.timedelta(days=7),
            )
            .select_related("initiative__current_phase__template", "initiative__template")
            .order_by("initiative__phase_due_on", "initiative_id")
        ):
            self.due.setdefault(member.user_id, []).append(member.initiative)
        self.cards: dict[int, list[LearningCard]] = {}
        self._cards_text: dict[tuple[int, str], str] = {}
        for card in (
            LearningCard.objects.filter(created_at__gte=since)
            .select_related("initiative")
            .order_by("-created_at", "-pk")
        ):
            self.cards.setdefault(card.initiative.school_id, []).append(card)
        # Colleagues' reflections of the week that each person may read, by the one rule
        # (readable_by), for everyone in one query.
        recent = {
            r.pk: r
            for r in Reflection.objects.filter(created_at__gte=since)
            .exclude(visibility=Reflection.Visibility.PRIVATE)
            .select_related("author")
        }
        readable = (
            Reflection.objects.filter(created_at__gte=since)
            .exclude(author_id=OuterRef("pk"))
            .filter(readable_by(OuterRef("pk"), OuterRef("school_id")))
            .order_by()
            .values("school_id")
            .annotate(ids=StringAgg(Cast("pk", CharField()), Value(",")))
            .values("ids")
        )
        self.shared: dict[int, list[Reflection]] = {}
        if recent:
            for user_id, ids in (
                User.objects.filter(pk__in=self.user_ids)
                .annotate(ids=Subquery(readable))
                .values_list("pk", "ids")
            ):
                wanted = {int(i) for i in (ids or "").split(",") if i}
                self.shared[user_id] = [r for pk, r in recent.items() if pk in wanted]
        self.digest_kinds: dict[int, set[str]] = {}
        for (user_id, kind), mode in modes.items():
            if mode == "digest" and user_id in self.user_ids:
                self.digest_kinds.setdefault(user_id, set()).add(kind)
        self.waiting: dict[int, list[Notification]] = {}
        for notification in Notification.objects.filter(
            user_id__in=list(self.digest_kinds), created_at__gte=since
        ).order_by("created_at", "pk"):
            if notification.kind in self.digest_kinds[notification.user_id]:
                self.waiting.setdefault(notification.user_id, []).append(notification)

    def body_for(self, user: User) -> str | None:
        due = self.due.get(user.pk, [])
        shared = self.shared.get(user.pk, [])
        cards = self.cards.get(user.school_id, [])
        waiting = self.waiting.get(user.pk, [])
        if not (due or shared or cards or waiting):
            return None
        with translation.override(user.language):
            return render_to_string(
                "notifications/digest.txt",
                {
                    "user": user,
                    "due": due,
                    "shared": shared[:DIGEST_REFLECTIONS],
                    "more_shared": len(shared) - DIGEST_REFLECTIONS,
                    "feed_url": settings.PLC_BASE_URL + reverse("reflections:feed"),
                    "cards_text": self.cards_text(user.school_id, user.language) if cards else "",
                    "waiting": waiting,
                },
            )

    def cards_text(self, school_id: int, language: str) -> str:
        """The school's new cards, the same for everyone there: written once per language."""
        key = (school_id, language)
        if key not in self._cards_text:
            cards = self.cards[school_id]
            self._cards_text[key] = render_to_string(
                "notifications/digest_cards.txt",
                {
                    "cards": cards[:DIGEST_CARDS],
                    "more_cards": len(cards) - DIGEST_CARDS,
                    "library_url": settings.PLC_BASE_URL + reverse("inquiries:library"),
                },
            )
        return self._cards_text[key]
