"""The intervisie session runner: a group walks one colleague's case step by step."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from core.submissions import create_once

from .forms import IntervisieForm, IntervisieNoteForm
from .intervisie import description_of, steps_of
from .models import IntervisieNote, IntervisieSession


@require_safe
def intervisie_list(request: HttpRequest) -> HttpResponse:
    sessions = IntervisieSession.objects.visible_to(request.user).select_related(
        "case_bringer", "facilitator"
    )
    return render_page(request, "meetings/intervisie_list.html", {"sessions": sessions})


@require_http_methods(["GET", "HEAD", "POST"])
def new_intervisie(request: HttpRequest) -> HttpResponse:
    form = IntervisieForm(
        post_data(request),
        instance=IntervisieSession(school=request.user.school, created_by=request.user),
        user=request.user,
        initial={"participants": [request.user.pk], "facilitator": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():

        def save(key: str) -> IntervisieSession:
            session = form.save(commit=False)
            session.submission_key = key
            session.save()
            form.save_m2m()
            return session

        session, _created = create_once(
            form, IntervisieSession.objects.filter(school=request.user.school), save
        )
        return redirect(session)
    return render_page(
        request,
        "meetings/new_intervisie.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


def _session_for(request: HttpRequest, pk: int) -> IntervisieSession:
    return visible_or_404(
        IntervisieSession.objects.select_related("case_bringer", "facilitator").prefetch_related(
            "participants",
            Prefetch("notes", queryset=IntervisieNote.objects.select_related("author")),
        ),
        request.user,
        pk=pk,
    )


@require_safe
def intervisie(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    return render_page(request, "meetings/intervisie.html", _context(request, session))


def _context(request: HttpRequest, session: IntervisieSession, **extra) -> dict:
    steps = steps_of(session.method)
    notes = list(session.notes.all())
    return {
        "session": session,
        "description": description_of(session.method),
        "steps": [
            {"number": i, "step": step, "notes": [n for n in notes if n.step == i]}
            for i, step in enumerate(steps)
        ],
        "current": steps[min(session.step, len(steps) - 1)],
        "is_last": session.step >= len(steps) - 1,
        "leads": session.leads(request.user),
        "is_case_bringer": request.user.pk == session.case_bringer_id,
        "note_form": IntervisieNoteForm(prefix="note"),
        "reflection_url": reverse("reflections:new_reflection")
        + "?"
        + urlencode({"titel": _("My case in the intervisie")}),
        **extra,
    }


@require_POST
def intervisie_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    """The facilitator moves the group one step on or back, or rounds off."""
    session = _session_for(request, pk)
    require(session.leads(request.user))
    last = len(steps_of(session.method)) - 1
    if step > 0 and session.step >= last:
        session.is_done = True
        session.save(update_fields=["is_done"])
        messages.success(request, _("The session is rounded off. Thank you all."))
    else:
        session.step = min(max(session.step + (1 if step > 0 else -1), 0), last)
        session.save(update_fields=["step"])
    return redirect(session)


@require_POST
def intervisie_note(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    form = IntervisieNoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return render_page(
            request,
            "meetings/intervisie.html",
            _context(request, session, note_form=form),
            status=422,
        )
    IntervisieNote.objects.create(
        session=session, step=session.step, author=request.user, text=form.cleaned_data["text"]
    )
    return redirect(session)
