import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from teams import throttle

# Sign-in events for the operator (ASVS V16): who signed in, failed or was held back, from
# where. The typed login is never logged (a password is sometimes typed into it): a
# failure names the account only by the throttle's hash of the address.
security_log = logging.getLogger("plc.security")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Staff are added by the school leader or a staff admin, never by signing up."""
        return False

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        """Every password check goes through the sign-in throttle (teams/throttle.py), which
        replaces allauth's own per-address and per-login limits (ACCOUNT_RATE_LIMITS)."""
        login = credentials.get("email") or credentials.get("username")
        if not login:
            return super().authenticate(request, **credentials)
        try:
            with throttle.sign_in_attempt(request, login) as attempt:
                user = super().authenticate(request, **credentials)
                attempt.succeeded() if user else attempt.failed()
            ip = attempt.ip
            if user:
                security_log.info("sign-in succeeded: user %s from %s", user.pk, ip)
            else:
                security_log.warning("sign-in failed: account %s from %s", attempt.account, ip)
        except throttle.Refused as refused:
            security_log.warning(
                "sign-in held back %s min: account %s from %s",
                refused.minutes,
                throttle.account_key(login),
                throttle.client_ip(request),
            )
            # The same words whether or not the address belongs to anyone.
            message = ngettext(
                "Too many sign-in attempts. Try again in %(minutes)s minute.",
                "Too many sign-in attempts. Try again in %(minutes)s minutes.",
                refused.minutes,
            ) % {"minutes": refused.minutes}
            raise ValidationError(message, code="too_many_login_attempts") from None
        return user

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        """Every successful login makes this browser a known device of the account."""
        response = super().post_login(request, user, **kwargs)
        throttle.remember_device(response, user)
        return response
