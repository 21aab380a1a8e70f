from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from teams.models import User

from .forms import ConfirmErasureForm
from .models import AuditEvent
from .services import (
    erase_colleague,
    erasure_refused,
    export_colleague_data,
    export_own_data,
    retention_days,
)


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _colleague(request: HttpRequest, pk: int) -> User:
    """Someone of the user's school (else 404) whom the user may manage (else 403)."""
    person = visible_or_404(User.objects.all(), request.user, pk=pk)
    require(request.user.can_manage_person(person))
    return person


@login_not_required  # staff read it before they have an account, and so may parents
@require_safe
def privacy_page(request: HttpRequest) -> HttpResponse:
    return render_page(request, "privacy/privacy_page.html", {"retention_days": retention_days()})


@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    data = export_own_data(user=request.user)
    return _zip(data, f"mijn-gegevens-{timezone.localdate():%Y-%m-%d}.zip")


@require_safe
def colleague_data(request: HttpRequest, pk: int) -> HttpResponse:
    person = _colleague(request, pk)
    data = export_colleague_data(person=person, by=request.user)
    return _zip(data, f"gegevens-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip")


@require_http_methods(["GET", "HEAD", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _colleague(request, pk)
    refused = erasure_refused(person=person, by=request.user)
    form = ConfirmErasureForm(post_data(request), person=person)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            erase_colleague(person=person, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("The data of colleague #%(pk)s is erased.") % {"pk": person.pk}
            )
            return redirect("privacy:audit_log")
    return render_page(
        request,
        "privacy/erase.html",
        {"person": person, "form": form, "refused": refused},
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request.user.can_manage_staff)
    events = AuditEvent.objects.visible_to(request.user).select_related("actor", "subject")[:500]
    return render_page(request, "privacy/audit_log.html", {"events": events})
