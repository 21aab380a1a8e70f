"""What teams holds of a person (core.personal_data): their profile, memberships and
login-address changes. Erasure anonymises the account instead of deleting it: entries,
comments and shared reflections point to it (PROTECT), and the school keeps what it learned.
"""

from __future__ import annotations

import datetime
from importlib import import_module

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.personal_data import PersonalData

from .models import EmailChange, Invitation, Membership, User


def former_colleague_name() -> str:
    """The name an erased person gets, in the school's language: "oud-collega"."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("former colleague")


def erased_email(user: User) -> str:
    return f"verwijderd-{user.pk}@invalid.example"


def export(user: User) -> dict:
    return {
        "profile": {
            "id": user.pk,
            "name": user.name,
            "email": user.email,
            "job_title": user.job_title,
            "school": user.school.name,
            "role": user.role,
            "is_school_admin": user.is_school_admin,
            "language": user.language,
            "working_days": user.working_weekdays,
            "is_active": user.is_active,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "memberships": [
            {"team": m.team.name, "role": m.role}
            for m in Membership.objects.filter(user=user).select_related("team")
        ],
        "email_changes": [
            {
                "new_email": change.new_email,
                "created_at": change.created_at,
                "confirmed_at": change.confirmed_at,
                "withdrawn_at": change.withdrawn_at,
            }
            for change in EmailChange.objects.filter(user=user)
        ],
    }


def _end_sessions(user: User) -> None:
    """Database sessions of this person end; signed-cookie sessions are not stored, and an
    inactive account with an unusable password is refused on the next request anyway."""
    from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseStore):  # core.sessions and cached_db are
        return
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()


def erase(user: User) -> None:
    from allauth.account.models import EmailAddress

    _end_sessions(user)
    EmailAddress.objects.filter(user=user).delete()
    EmailChange.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    user.name = former_colleague_name()
    user.email = erased_email(user)
    user.job_title = ""
    user.is_school_admin = False
    user.role = User.Role.STAFF
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()


def purge_invitations(cutoff: datetime.datetime) -> int:
    """Retention: invitations sent before `cutoff` (long expired) hold the name and address
    of someone who never joined."""
    return Invitation.objects.filter(sent_at__lt=cutoff).delete()[0]


provider = PersonalData(name="teams", export=export, erase=erase)
