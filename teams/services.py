"""Workflows that touch several models: schools, staff and their teams, the staff import."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.fields import one_line

from .models import (
    ALL_WORKING_DAYS,
    DEFAULT_CORE_VALUES,
    WEEKDAY_ABBREVIATIONS,
    CoreValue,
    EmailChange,
    Invitation,
    Membership,
    School,
    Team,
    User,
    days_to_mask,
    mask_to_days,
    new_invitation_token,
)


@transaction.atomic
def create_school(*, name: str, vision: str = "", whole_team_name: str | None = None) -> School:
    """A new school with the four core values of a learning community and its whole team."""
    school = School.objects.create(name=name, vision=vision)
    CoreValue.objects.bulk_create(
        CoreValue(school=school, name=str(value), description=str(text), position=i)
        for i, (value, text) in enumerate(DEFAULT_CORE_VALUES)
    )
    Team.objects.create(
        school=school, name=whole_team_name or _("Whole team"), kind=Team.Kind.WHOLE_SCHOOL
    )
    return school


def set_memberships(*, user: User, teams: Iterable[Team], lead_of: Iterable[Team]) -> None:
    """Make the user's memberships exactly these; everyone stays in the whole team."""
    lead_ids = {team.pk for team in lead_of}
    wanted = {team.pk: team for team in teams} | {team.pk: team for team in lead_of}
    whole_team = Team.objects.filter(school_id=user.school_id, kind=Team.Kind.WHOLE_SCHOOL).first()
    if whole_team:
        wanted.setdefault(whole_team.pk, whole_team)
    user.memberships.exclude(team_id__in=wanted).delete()
    existing = {m.team_id: m for m in user.memberships.all()}
    for team_id, team in wanted.items():
        role = Membership.Role.LEAD if team_id in lead_ids else Membership.Role.MEMBER
        membership = existing.get(team_id)
        if membership is None:
            Membership.objects.create(team=team, user=user, role=role)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])


@transaction.atomic
def add_staff(
    *,
    school: School,
    name: str,
    email: str,
    job_title: str = "",
    working_days: int = ALL_WORKING_DAYS,
    language: str = User.Language.DUTCH,
    role: str = User.Role.STAFF,
    is_school_admin: bool = False,
    teams: Iterable[Team] = (),
    lead_of: Iterable[Team] = (),
) -> User:
    """A colleague's account, at once. The app asks people in with `invite_staff`; this is
    for an accepted invitation, the demo and the tests."""
    user = User.objects.create_user(
        email=email,
        password=None,
        name=name,
        job_title=job_title,
        school=school,
        working_days=working_days,
        language=language,
        role=role,
        is_school_admin=is_school_admin,
    )
    set_memberships(user=user, teams=teams, lead_of=lead_of)
    return user


# --- Invitations -----------------------------------------------------------------------------


def address_in_use(email: str, *, school: School) -> str | None:
    """Why `school` cannot invite `email`, if it cannot: only what the school may know.

    An address used at another school of the installation is not a reason the school hears
    of: telling it would reveal who works where (see Invitation).
    """
    if User.objects.filter(school=school, email__iexact=email).exists():
        return _("A colleague at your school already uses this address.")
    if Invitation.objects.filter(school=school, email__iexact=email).exists():
        return _(
            "You already invited this address. You can send the invitation again from the "
            "staff list."
        )
    return None


@transaction.atomic
def invite_staff(
    *,
    school: School,
    invited_by: User | None,
    name: str,
    email: str,
    job_title: str = "",
    working_days: int = ALL_WORKING_DAYS,
    language: str = User.Language.DUTCH,
    role: str = User.Role.STAFF,
    is_school_admin: bool = False,
    teams: Iterable[Team] = (),
    lead_of: Iterable[Team] = (),
    submission_key: str = "",
) -> Invitation:
    """Ask a colleague in: they get a link to choose a password, and their account, teams
    and role exist from the moment they accept."""
    invitation = Invitation.objects.create(
        submission_key=submission_key,
        school=school,
        invited_by=invited_by,
        name=name,
        email=email.strip().lower(),
        job_title=job_title,
        working_days=working_days,
        language=language,
        role=role,
        is_school_admin=is_school_admin,
    )
    invitation.teams.set(teams)
    invitation.lead_of.set(lead_of)
    transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation) -> None:
    """A fresh link for another fourteen days; the old link stops working."""
    invitation.token = new_invitation_token()
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token", "sent_at"])
    transaction.on_commit(lambda: send_invitation(invitation))


def send_invitation(invitation: Invitation) -> None:
    """The invitation email. Only here, in the mailbox of the address, does anyone learn
    that the address already has an account."""
    taken = User.objects.filter(email__iexact=invitation.email).exists()
    template = "teams/email/invitation_address_taken" if taken else "teams/email/invitation"
    context = {
        "invitation": invitation,
        "school": invitation.school,
        "invited_by": invitation.invited_by,
        "link": settings.PLC_BASE_URL + invitation.get_absolute_url(),
        "days": Invitation.VALID_FOR.days,
    }
    send_mail_in(invitation.language, template, context, invitation.email)


@transaction.atomic
def accept_invitation(*, token: str, password: str) -> User:
    """The invited person chose a password: their account, with the teams and role the
    school gave them. A link works once."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.is_expired:
        raise ValidationError(
            _("This invitation is no longer valid. Ask your school for a new one."),
            code="invalid",
        )
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _(
                "This address already has an account in the learning community. Sign in "
                "with it, or ask your school to invite another address."
            ),
            code="taken",
        )
    user = add_staff(
        school=invitation.school,
        name=invitation.name,
        email=invitation.email,
        job_title=invitation.job_title,
        working_days=invitation.working_days,
        language=invitation.language,
        role=invitation.role,
        is_school_admin=invitation.is_school_admin,
        teams=invitation.teams.all(),
        lead_of=invitation.lead_of.all(),
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    # The invitation has done its work; keeping it would keep a name and address the
    # account already holds (and that erasure would have to find).
    invitation.delete()
    return user


# --- The staff import -----------------------------------------------------------------------

MAX_IMPORT_ROWS = 500
# What the invitation (and later the account) can hold: from the model, never restated.
IMPORT_LIMITS = {
    name: Invitation._meta.get_field(name).max_length for name in ("name", "job_title", "email")
}

# Column headers as people write them, in Dutch or English.
COLUMN_ALIASES = {
    "name": {"naam", "name", "volledige naam", "full name"},
    "email": {"e-mail", "email", "e-mailadres", "emailadres", "email address", "mail"},
    "job_title": {"functie", "job title", "job", "title"},
    "working_days": {"werkdagen", "working days", "dagen", "days"},
    "teams": {"teams", "team", "bouw"},
    "lead_of": {
        "bouwcoördinator van",
        "bouwcoordinator van",
        "coördinator van",
        "teamleider van",
        "lead of",
        "team lead of",
    },
    "language": {"taal", "language"},
}
DAY_NAMES = {
    0: {"ma", "maa", "maandag", "mo", "mon", "monday"},
    1: {"di", "din", "dinsdag", "tu", "tue", "tuesday"},
    2: {"wo", "woe", "woensdag", "we", "wed", "wednesday"},
    3: {"do", "don", "donderdag", "th", "thu", "thursday"},
    4: {"vr", "vri", "vrijdag", "fr", "fri", "friday"},
}
LANGUAGE_NAMES = {
    "nl": {"nl", "nederlands", "dutch"},
    "en": {"en", "engels", "english"},
}
LIST_SEPARATORS = re.compile(r"[,;/|+]| en | and ")


@dataclass
class ImportRow:
    line: int
    name: str = ""
    email: str = ""
    job_title: str = ""
    working_days: int = ALL_WORKING_DAYS
    language: str = User.Language.DUTCH
    teams: list[Team] = field(default_factory=list)
    lead_of: list[Team] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def working_days_display(self) -> str:
        return ", ".join(str(WEEKDAY_ABBREVIATIONS[day]) for day in mask_to_days(self.working_days))


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    problems: list[str]  # problems with the file as a whole

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.rows) and not any(r.problems for r in self.rows)

    @property
    def rows_with_problems(self) -> int:
        return sum(1 for row in self.rows if row.problems)


def _split(value: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def _parse_days(value: str) -> int | None:
    if not value.strip():
        return ALL_WORKING_DAYS
    days = []
    for word in re.split(r"[\s,;/|+]+", value.strip().lower()):
        if not word or word in {"en", "and"}:
            continue
        matches = [day for day, names in DAY_NAMES.items() if word in names]
        if not matches:
            return None
        days.append(matches[0])
    return days_to_mask(days) if days else None


def preview_staff_import(*, school: School, content: str) -> ImportPreview:
    """Check every row of a staff CSV and say, per row, what is wrong. Writes nothing."""
    content = content.lstrip("\ufeff")  # Excel's byte-order mark
    if "\x00" in content:
        return ImportPreview(
            rows=[],
            problems=[
                _(
                    "The file holds characters that are not text. Save it again as "
                    "“CSV UTF-8” and choose that file."
                )
            ],
        )
    # Old Mac Excel ends lines with a bare CR; the csv module wants one kind of line end.
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    lines = content.splitlines()
    if not lines:
        return ImportPreview(rows=[], problems=[_("The file is empty.")])
    # The delimiter is the one the header uses most; the quoting is always Excel's (a
    # sniffed dialect can miss that "" inside quotes is one quote).
    header_line = lines[0]
    delimiter = max(";,\t", key=header_line.count)
    reader = csv.reader(io.StringIO(content), csv.excel, delimiter=delimiter)
    header = next(reader, [])
    columns: dict[str, int] = {}
    unknown = []
    for index, title in enumerate(header):
        key = title.strip().lower()
        column = next((c for c, aliases in COLUMN_ALIASES.items() if key in aliases), None)
        if column:
            columns.setdefault(column, index)
        elif key:
            unknown.append(title.strip())
    problems = []
    for required, label in (("name", "naam"), ("email", "e-mail")):
        if required not in columns:
            problems.append(_("The first row needs a column '%(column)s'.") % {"column": label})
    if unknown:
        problems.append(
            _(
                "Unknown columns: %(columns)s. Known are: naam, e-mail, functie, werkdagen, "
                "teams, bouwcoördinator van, taal."
            )
            % {"columns": ", ".join(unknown)}
        )
    if problems:
        return ImportPreview(rows=[], problems=problems)

    teams_by_name = {team.name.lower(): team for team in school.teams.all()}
    records = [
        (reader.line_num, record) for record in reader if any(cell.strip() for cell in record)
    ]
    if len(records) > MAX_IMPORT_ROWS:
        return ImportPreview(
            rows=[],
            problems=[_("At most %(n)s colleagues per import.") % {"n": MAX_IMPORT_ROWS}],
        )
    emails_in_file = [
        record[columns["email"]].strip().lower()
        for _line, record in records
        if columns["email"] < len(record)
    ]
    # Addresses compare without case: Sanne@school.nl is sanne@school.nl (PostgreSQL's =
    # would tell them apart).
    # Only this school's own people and invitations: whether an address is used at another
    # school is not the school's to learn (see Invitation).
    colleagues = set(
        User.objects.filter(school=school)
        .annotate(address=Lower("email"))
        .filter(address__in=emails_in_file)
        .values_list("address", flat=True)
    )
    invited = set(
        Invitation.objects.filter(school=school)
        .annotate(address=Lower("email"))
        .filter(address__in=emails_in_file)
        .values_list("address", flat=True)
    )

    def cell(record: list[str], column: str) -> str:
        index = columns.get(column)
        return record[index].strip() if index is not None and index < len(record) else ""

    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for line, record in records:
        row = ImportRow(line=line)
        row.name = one_line(cell(record, "name"))
        row.email = cell(record, "email").lower()
        row.job_title = one_line(cell(record, "job_title"))
        if not row.name:
            row.problems.append(_("The name is missing."))
        for column, value in (("name", row.name), ("job_title", row.job_title)):
            if len(value) > (limit := IMPORT_LIMITS[column]):
                row.problems.append(
                    _("The %(column)s is longer than %(n)s characters.")
                    % {"column": Invitation._meta.get_field(column).verbose_name, "n": limit}
                )
        if not row.email:
            row.problems.append(_("The email address is missing."))
        elif len(row.email) > IMPORT_LIMITS["email"]:
            row.problems.append(
                _("The email address is longer than %(n)s characters.")
                % {"n": IMPORT_LIMITS["email"]}
            )
        else:
            try:
                validate_email(row.email)
            except ValidationError:
                row.problems.append(
                    _("'%(email)s' is not a valid email address.") % {"email": row.email}
                )
            else:
                if row.email in colleagues:
                    row.problems.append(
                        _("%(email)s is already a colleague at your school.") % {"email": row.email}
                    )
                elif row.email in invited:
                    row.problems.append(_("%(email)s is already invited.") % {"email": row.email})
                elif row.email in seen:
                    row.problems.append(
                        _("%(email)s is also on line %(line)s.")
                        % {"email": row.email, "line": seen[row.email]}
                    )
                else:
                    seen[row.email] = line
        days = _parse_days(cell(record, "working_days"))
        if days is None:
            row.problems.append(
                _("Working days '%(days)s' not understood; write for example 'ma, di, do'.")
                % {"days": cell(record, "working_days")}
            )
        else:
            row.working_days = days
        language = cell(record, "language").lower()
        if language:
            code = next((c for c, names in LANGUAGE_NAMES.items() if language in names), None)
            if code is None:
                row.problems.append(
                    _("Language '%(language)s' not understood; write nl or en.")
                    % {"language": language}
                )
            else:
                row.language = code
        for column, target in (("teams", row.teams), ("lead_of", row.lead_of)):
            for team_name in _split(cell(record, column)):
                team = teams_by_name.get(team_name.lower())
                if team is None:
                    row.problems.append(
                        _("The school has no team '%(team)s'.") % {"team": team_name}
                    )
                else:
                    target.append(team)
        rows.append(row)
    if not rows:
        problems.append(_("The file has a header row but no colleagues."))
    return ImportPreview(rows=rows, problems=problems)


@transaction.atomic
def import_staff(
    *, school: School, content: str, invited_by: User | None, submission_key: str = ""
) -> list[Invitation]:
    """Invite every colleague in the CSV, or nobody: one bad row stops the whole import.

    With the confirming form's key, each invitation remembers it (`key:line`), so the same
    confirmation posted twice invites once (see `imported_before`)."""
    preview = preview_staff_import(school=school, content=content)
    if not preview.is_valid:
        raise ValidationError(_("The file has problems; nothing was imported."))
    return [
        invite_staff(
            submission_key=f"{submission_key}:{row.line}" if submission_key else "",
            school=school,
            invited_by=invited_by,
            name=row.name,
            email=row.email,
            job_title=row.job_title,
            working_days=row.working_days,
            language=row.language,
            teams=row.teams,
            lead_of=row.lead_of,
        )
        for row in preview.rows
    ]


def imported_before(*, school: School, submission_key: str) -> int:
    """How many colleagues this very confirmation already invited (0 if none)."""
    if not submission_key:
        return 0
    return Invitation.objects.filter(
        school=school, submission_key__startswith=f"{submission_key}:"
    ).count()


# --- Login addresses ---------------------------------------------------------------------------


@transaction.atomic
def request_email_change(*, user: User, new_email: str, requested_by: User) -> EmailChange:
    """Start giving `user` a new login address; it takes effect when they confirm it.

    A link goes to the new address, to be opened while signed in as themselves, and the old
    address hears about it straight away. When the new address already belongs to someone
    (at another school: the form stops it in the person's own), the change looks the same
    to the school and only that mailbox is told the address cannot be used.
    """
    if user.erased_at:
        raise ValidationError(_("The data of this former colleague was erased."))
    EmailChange.objects.filter(user=user).pending().update(withdrawn_at=timezone.now())
    change = EmailChange.objects.create(user=user, new_email=new_email, requested_by=requested_by)
    taken = User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists()
    confirm = "email_change_address_taken" if taken else "email_change_confirm"
    link = settings.PLC_BASE_URL + change.get_absolute_url()
    context = {"user": user, "change": change, "link": link, "requested_by": requested_by}
    transaction.on_commit(
        lambda: (
            send_account_mail(user, f"teams/email/{confirm}", context, new_email),
            send_account_mail(user, "teams/email/email_change_requested", context, user.email),
        )
    )
    return change


@transaction.atomic
def confirm_email_change(*, change: EmailChange, user: User) -> None:
    """The person, signed in, takes the new address. Refused for anyone else."""
    locked = EmailChange.objects.select_for_update().get(pk=change.pk)
    if locked.user_id != user.pk:
        raise ValidationError(_("This link is for someone else."))
    if locked.confirmed_at or locked.withdrawn_at or locked.is_expired:
        raise ValidationError(
            _("This link is no longer valid. Ask your school leader to send a new one.")
        )
    if User.objects.filter(email__iexact=locked.new_email).exclude(pk=user.pk).exists():
        raise ValidationError(_("This address cannot be used. Ask your school leader."))
    old_email = user.email
    set_login_email(user=user, email=locked.new_email)
    locked.confirmed_at = timezone.now()
    locked.save(update_fields=["confirmed_at"])
    context = {"user": user, "old_email": old_email, "new_email": locked.new_email}
    transaction.on_commit(
        lambda: send_account_mail(user, "teams/email/email_changed", context, old_email)
    )


def set_login_email(*, user: User, email: str) -> None:
    """The one place a login address changes. allauth's own address rows would still let
    a password reset find the account under the old address, so they go."""
    from allauth.account.models import EmailAddress

    # A new version too: a staff form opened before the change cannot set the old address
    # back unnoticed (core.versioning).
    User.objects.filter(pk=user.pk).update(email=email, version=F("version") + 1)
    user.email = email
    user.version = User.objects.values_list("version", flat=True).get(pk=user.pk)
    EmailAddress.objects.filter(user=user).delete()


def send_account_mail(user: User, template: str, context: dict, address: str) -> None:
    """A message about someone's account, in their language, to one address."""
    send_mail_in(user.language, template, {"user": user, **context}, address)


def send_mail_in(language: str, template: str, context: dict, address: str) -> None:
    """One message, rendered in `language`, to one address."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    EmailMessage(f"[PLG] {subject}", body, to=[address]).send()
