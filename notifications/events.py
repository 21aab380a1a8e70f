"""Bell lines for events: one line that names the item and links to it, in the
recipient's language. The tick emails them on the next working morning (reminders.py)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.fields import one_line
from teams.models import User

from .models import Kind, Notification

LINES = {
    Kind.INITIATIVE_INVITED: _("%(who)s invites you to join “%(title)s”."),
    Kind.INITIATIVE_JOINED: _("%(who)s joined “%(title)s”, as you asked."),
    Kind.VISIT_INVITED: _("%(who)s invites you to visit a lesson on %(day)s."),
    Kind.VISIT_ANSWERED: _(
        "%(who)s answered your lesson-visit invitation for %(day)s: %(answer)s."
    ),
    Kind.SUPPORT_ANSWERED: _(
        "The school leader answered the support request of “%(title)s”: %(answer)s."
    ),
    Kind.PHASE_FEEDBACK: _("%(who)s gave feedback on the phase “%(phase)s” of “%(title)s”."),
    Kind.COMMENT: _("%(who)s commented on “%(title)s”."),
    Kind.PHASE_MOVED: _("%(who)s moved “%(title)s” to the phase “%(phase)s”."),
    Kind.ROUND_OPENED: _(
        "A new round is open for everyone: “%(title)s”. Your answer is anonymous."
    ),
    Kind.MEETING_PLANNED: _(
        "%(who)s planned the %(meeting)s of %(team)s on %(day)s: add your points to the agenda."
    ),
    Kind.MEETING_NOTES: _("The notes of the %(meeting)s of %(team)s on %(day)s are ready."),
    Kind.MEETING_REFLECT: _(
        "A moment for yourself: what do you take from the %(meeting)s of %(day)s? "
        "Your reflection is private unless you share it."
    ),
    Kind.MEETING_ACTION: _("In the %(meeting)s of %(day)s you took on: %(text)s%(due)s"),
    Kind.BOARD_QUESTION: _("%(who)s (%(school)s) asks a question about your card “%(title)s”."),
}


def notify_event(
    *, recipients: Iterable[User], kind: str, key: str, url: str, params: dict, skip=None
) -> None:
    """One line on each recipient's bell (not on `skip`'s: who did it knows)."""
    rows = []
    for user in {u.pk: u for u in recipients}.values():
        if not user.is_active or (skip is not None and user.pk == skip.pk):
            continue
        with translation.override(user.language):
            # Parameters that are translatable (a state, a phase name) follow the language.
            values = {name: str(value) for name, value in params.items()}
            text = one_line(str(LINES[kind]) % values)[:300]
        rows.append(Notification(user=user, kind=kind, key=key, text=text, url=url))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
