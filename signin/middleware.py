from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .context_processors import on_login_page, provider_origins
from .models import SignInPolicy

DONE_SESSION_KEY = "plc_two_step_ok"
# What a person may open before setting up two-step sign-in: its own pages, and leaving.
OPEN_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
    "/static/",
    "/healthz",
)


class TwoStepMiddleware:
    """The school leader and staff admins who signed in with a password set up two-step
    sign-in before anything else (where the school's policy asks for it, the default).
    Decided once per session; a session without a password sign-in costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.session.get(DONE_SESSION_KEY):
            methods = {r.get("method") for r in get_authentication_records(request, user)}
            if "password" in methods and not methods & {"mfa", "socialaccount"}:
                needed = SignInPolicy.of(user.school_id).requires_two_step(user)
                if (
                    needed
                    and not Authenticator.objects.filter(
                        user=user, type=Authenticator.Type.TOTP
                    ).exists()
                ):
                    if not request.path.startswith(OPEN_PREFIXES):
                        messages.info(
                            request,
                            _(
                                "Your school asks the school leader and staff admins to "
                                "sign in in two steps. Set up an authenticator app first."
                            ),
                        )
                        return redirect("mfa_activate_totp")
                    return self.get_response(request)
                request.session[DONE_SESSION_KEY] = True  # decided: not asked again
        return self.get_response(request)


class ProviderFormActionMiddleware:
    """The login page's buttons post to this app, which redirects to the school's provider;
    browsers hold that redirect to the page's form-action too. So the login page, and only
    it, allows the origins of the providers it shows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if on_login_page(request) and (origins := provider_origins(request)):
            policy = dict(settings.SECURE_CSP)
            policy["form-action"] = [*policy.get("form-action", []), *origins]
            response._csp_config = policy
        return response
