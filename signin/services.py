"""Linking a person's account to their school identity, and the colleague made on the fly."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse

from teams.models import User
from teams.services import send_mail_in

from .models import IdentityProvider, SignInPolicy

LINK_SALT = "plc.signin.link"
LINK_VALID_SECONDS = 60 * 60
PENDING_SESSION_KEY = "plc_signin_link_pending"


def ask_to_link(*, request: HttpRequest, user: User, provider: IdentityProvider, uid: str) -> None:
    """Mail the person a link that links `uid` at `provider` to their account. Opened in
    this browser, it signs them in too."""
    token = signing.dumps({"user": user.pk, "provider": provider.pk, "uid": uid}, salt=LINK_SALT)
    request.session[PENDING_SESSION_KEY] = token
    context = {
        "user": user,
        "provider": provider,
        "link": settings.PLC_BASE_URL + reverse("signin:confirm_link", args=[token]),
        "minutes": LINK_VALID_SECONDS // 60,
    }
    send_mail_in(user.language, "signin/email/link", context, user.email)


def link_from_token(token: str) -> User | None:
    """The account the link's owner agreed to link, now linked; None for a link that is
    expired, changed, or for someone who left or whose address changed since."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_VALID_SECONDS)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    provider = IdentityProvider.objects.filter(pk=data["provider"], is_enabled=True).first()
    if user is None or provider is None or provider.school_id != user.school_id:
        return None
    try:
        with transaction.atomic():
            SocialAccount.objects.get_or_create(
                provider=provider.provider_id, uid=data["uid"], defaults={"user": user}
            )
    except IntegrityError:
        return None
    linked = SocialAccount.objects.filter(provider=provider.provider_id, uid=data["uid"]).first()
    return user if linked and linked.user_id == user.pk else None


def new_colleague(*, provider: IdentityProvider, email: str, name: str) -> User | None:
    """An account for a new colleague, only where the school switched that on for its own
    email domain (and the provider verified the address)."""
    domain = SignInPolicy.of(provider.school_id).new_accounts_domain.strip().lower()
    if not domain or email.rpartition("@")[2].lower() != domain:
        return None
    user = User(school_id=provider.school_id, email=email.lower(), name=name or email)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the address has an account at another school
        return None
    return user
