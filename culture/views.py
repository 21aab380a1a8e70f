from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from core.submissions import create_once, earlier_submission
from teams.models import Team

from .forms import AnswerForm, RoundForm, ScanNoteForm
from .models import MIN_GROUP, SCAN_PARTS, Participation, Round, ScanNote
from .services import answer_round, open_round, pulse_trends, results


def _round_for(request: HttpRequest, pk: int) -> Round:
    return visible_or_404(Round.objects, request.user, pk=pk)


@require_safe
def culture_home(request: HttpRequest) -> HttpResponse:
    rounds = list(Round.objects.visible_to(request.user))
    answered = set(
        Participation.objects.filter(user=request.user).values_list("round_id", flat=True)
    )
    return render_page(
        request,
        "culture/culture_home.html",
        {
            "to_answer": [r for r in rounds if r.is_open and r.pk not in answered],
            "rounds": rounds,
            **_trends(request, rounds),
            "form": RoundForm(prefix="round") if request.user.can_open_rounds else None,
            "min_group": MIN_GROUP,
        },
    )


def _trends(request: HttpRequest, rounds: list[Round]) -> dict:
    if not any(r.kind == Round.Kind.PULSE and r.is_closed for r in rounds):
        return {"trend": [], "team_trends": []}  # nothing to show yet, nor to hide
    trends = pulse_trends(request.user.school_id)
    teams = Team.objects.visible_to(request.user).exclude(kind=Team.Kind.WHOLE_SCHOOL)
    return {
        "trend": trends[None],
        "team_trends": [(team, trends.get(team.pk, [])) for team in teams],
    }


@require_POST
def new_round(request: HttpRequest) -> HttpResponse:
    require(request.user.can_open_rounds)
    form = RoundForm(request.POST, prefix="round")
    school_rounds = Round.objects.filter(school=request.user.school)
    if earlier_submission(school_rounds, form):
        return redirect("culture:culture_home")  # a second click: the round is open
    if form.is_valid():

        def open_new_round(key: str) -> Round:
            round = form.save(commit=False)
            round.school = request.user.school
            round.submission_key = key
            return open_round(round=round)

        create_once(form, school_rounds, open_new_round)
        messages.success(request, _("The round is open for everyone in the school."))
        return redirect("culture:culture_home")
    rounds = list(Round.objects.visible_to(request.user))
    return render_page(
        request,
        "culture/culture_home.html",
        {
            "to_answer": [],
            "rounds": rounds,
            **_trends(request, rounds),
            "form": form,
            "min_group": MIN_GROUP,
        },
        status=422,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_for(request, pk)
    form = AnswerForm(post_data(request), round=round, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                answer_round(
                    round=round,
                    user=request.user,
                    team=form.cleaned_data["team"],
                    scores=form.scores(),
                )
            except ValidationError as error:
                messages.info(request, error.messages[0])
            else:
                messages.success(request, _("Thank you. Your answers are anonymous."))
            return redirect("culture:culture_home")
        status = 422
    else:
        status = 200
    return render_page(
        request, "culture/answer.html", {"round": round, "form": form}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round_for(request, pk)
    # Notes are about the gaps, and there are none to see until the round has closed.
    takes_notes = round.kind == Round.Kind.SCAN and round.is_closed
    note_form = ScanNoteForm(post_data(request), user=request.user, prefix="note")
    if request.method == "POST":
        require(takes_notes)
        if note_form.is_valid():
            note = note_form.save(commit=False)
            note.round = round
            note.author = request.user
            note.save()
            messages.success(request, _("Your team's notes are saved."))
            return redirect("culture:round_results", pk=round.pk)
    notes = ScanNote.objects.filter(round=round).select_related("team", "author")
    return render_page(
        request,
        "culture/round_results.html",
        {
            "round": round,
            "groups": results(round),
            "min_group": MIN_GROUP,
            "note_form": note_form if takes_notes else None,
            "notes": notes,
            "parts": SCAN_PARTS,
        },
        status=422 if request.method == "POST" else 200,
    )
