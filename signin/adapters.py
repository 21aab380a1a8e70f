"""allauth's hooks for signing in: which providers exist (the schools' own), who may come in
through them, and the school's password policy.

Who comes in through a school's provider (SocialAccountAdapter.pre_social_login):
- the answer belongs to this sign-in: the ID token carries the nonce sent with it;
- the provider vouches for the school: Microsoft's tenant ID, Google's workspace domain;
- the person is an active colleague of *that* school, by a subject already linked or by a
  verified email address; nobody else (no account is made on the fly unless the school
  switched that on for its own email domain);
- linking an existing account to a provider's identity takes the person's own yes, by a
  link to their own address (signin.services.ask_to_link): a colleague with admin rights
  who registers a provider of their own cannot sign in as someone else.
"""

from __future__ import annotations

import logging

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from teams.adapters import AccountAdapter as TeamsAccountAdapter
from teams.models import User

from .models import IdentityProvider, SignInPolicy
from .services import ask_to_link, new_colleague

security_log = logging.getLogger("plc.security")


def _claims(sociallogin: SocialLogin) -> tuple[dict, dict]:
    """The ID token's claims, and those of the ID token and userinfo together."""
    data = sociallogin.account.extra_data or {}
    id_token = data.get("id_token") or {}
    return id_token, {**id_token, **(data.get("userinfo") or {})}


def _is_true(value) -> bool:
    return value is True or str(value).lower() == "true"


def refuse(request: HttpRequest, reason: str, provider: IdentityProvider | None) -> None:
    security_log.warning(
        "school sign-in refused (%s) through %s",
        reason,
        provider.provider_id if provider else "?",
    )
    raise ImmediateHttpResponse(
        render(
            request,
            "signin/refused.html",
            {"reason": reason, "provider": provider},
            status=403,
        )
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        """The schools' providers as allauth apps, made from IdentityProvider rows (their
        secrets decrypted only here, never shown)."""
        rows = IdentityProvider.objects.filter(is_enabled=True)
        if provider and provider != "school":
            pk = provider.rpartition("-")[2]
            if not provider.startswith("school") or not pk.isdigit():
                return []
            rows = rows.filter(pk=int(pk))
        apps = []
        for row in rows:
            if (provider and provider not in ("school", row.provider_id)) or (
                client_id and client_id != row.client_id
            ):
                continue
            apps.append(
                SocialApp(
                    provider="school",
                    provider_id=row.provider_id,
                    name=row.label,
                    client_id=row.client_id,
                    secret=row.secret(),
                    settings={
                        "server_url": row.issuer_url,
                        "token_auth_method": "client_secret_post",
                    },
                )
            )
        return apps

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False  # pre_social_login makes the only accounts that are made

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = (
            IdentityProvider.objects.select_related("school")
            .filter(pk=_pk_of(sociallogin.account.provider))
            .first()
        )
        if provider is None or not provider.is_enabled:
            refuse(request, "provider", provider)
        id_token, claims = _claims(sociallogin)
        nonce = (sociallogin.state or {}).get("nonce")
        if not nonce or id_token.get("nonce") != nonce:
            refuse(request, "replay", provider)
        if provider.kind == IdentityProvider.Kind.MICROSOFT:
            if claims.get("tid") != provider.tenant_id:
                refuse(request, "tenant", provider)
            # Entra ID sends no email_verified: the school's tenant manages its addresses.
            verified = True
            email = claims.get("email") or claims.get("preferred_username") or ""
        else:
            if provider.kind == IdentityProvider.Kind.GOOGLE and (
                str(claims.get("hd", "")).lower() != provider.domain.lower()
            ):
                refuse(request, "domain", provider)
            verified = _is_true(claims.get("email_verified"))
            email = claims.get("email") or ""
        if sociallogin.is_existing:
            user = sociallogin.user
            if user.school_id != provider.school_id:
                refuse(request, "unknown", provider)
            if not user.is_active:
                refuse(request, "inactive", provider)
            return  # a subject this person linked before: in
        if not email or not verified:
            refuse(request, "unverified", provider)
        user = User.objects.filter(school_id=provider.school_id, email__iexact=email).first()
        if user is None:
            user = new_colleague(provider=provider, email=email, name=claims.get("name", ""))
            if user is None:
                refuse(request, "unknown", provider)
            sociallogin.connect(request, user)
            return
        if not user.is_active:
            refuse(request, "inactive", provider)
        # An existing account is linked only with its owner's yes, from their own mailbox.
        ask_to_link(request=request, user=user, provider=provider, uid=sociallogin.account.uid)
        raise ImmediateHttpResponse(
            render(request, "signin/check_your_mail.html", {"provider": provider}, status=200)
        )


def _pk_of(provider_id: str) -> int | None:
    pk = provider_id.rpartition("-")[2]
    return int(pk) if provider_id.startswith("school") and pk.isdigit() else None


class AccountAdapter(TeamsAccountAdapter):
    """The teams adapter (throttling) plus the school's password policy."""

    def authenticate(self, request: HttpRequest, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None and not SignInPolicy.of(user.school_id).allows_password(user):
            raise ValidationError(
                _("Your school signs in with its own account: use the button above."),
                code="password_off",
            )
        return user

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # The login page shows this school's way in first, next time, in this browser.
        response.set_cookie(
            "plc_school", str(user.school_id), max_age=400 * 24 * 3600, samesite="Lax"
        )
        return response


__all__ = ["AccountAdapter", "SocialAccountAdapter", "get_account_adapter"]
