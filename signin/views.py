from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.access import require
from core.htmx import post_data, render_page

from .forms import IdentityProviderForm, SignInPolicyForm
from .models import IdentityProvider, SignInPolicy
from .services import PENDING_SESSION_KEY, link_from_token


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the link from the mail. A GET only shows the button (mail scanners open
    links); the POST links, and signs in when it is the browser that asked."""
    if request.method != "POST":
        return render_page(request, "signin/confirm_link.html", {"token": token})
    user = link_from_token(token)
    if user is None:
        return render_page(request, "signin/confirm_link.html", {"invalid": True}, status=400)
    same_browser = request.session.pop(PENDING_SESSION_KEY, None) == token
    if same_browser and not request.user.is_authenticated:
        login(request, user, backend="plc.auth.SchoolAuthenticationBackend")
        record_authentication(request, user, method="socialaccount", provider="school")
        messages.success(request, _("Your school account is linked. Welcome!"))
        return redirect("home")
    messages.success(request, _("Your school account is linked: sign in with it."))
    return redirect("account_login")


@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_settings(request: HttpRequest) -> HttpResponse:
    """The school's ways in: its identity providers and its policy. The school leader only:
    a provider decides who can sign in."""
    require(request.user.is_active and request.user.is_leader)
    school = request.user.school
    policy = SignInPolicy.of(school.pk)
    form = SignInPolicyForm(post_data(request), instance=policy, prefix="policy")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The sign-in settings are saved."))
        return redirect("signin:settings")
    return render_page(
        request,
        "signin/settings.html",
        {
            "form": form,
            "providers": IdentityProvider.objects.filter(school=school),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit_provider(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user.is_active and request.user.is_leader)
    school = request.user.school
    provider = (
        IdentityProvider.objects.filter(school=school, pk=pk).first()
        if pk
        else IdentityProvider(school=school)
    )
    if provider is None:
        raise Http404
    form = IdentityProviderForm(post_data(request), instance=provider)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The way in “%(label)s” is saved.") % {"label": provider.label})
        return redirect("signin:settings")
    callback_url = (
        settings.PLC_BASE_URL
        + reverse("school_callback", kwargs={"provider_id": provider.provider_id})
        if provider.pk
        else None
    )
    return render_page(
        request,
        "signin/edit_provider.html",
        {"form": form, "provider": provider, "callback_url": callback_url},
        status=422 if request.method == "POST" else 200,
    )
