"""The pupils' voice: the teacher's rounds and results, and the children's pages.

The children's pages are public (a code, no login) and show nothing but the questions: no
school, no group, no teacher, whoever is logged in on the device.
"""

from __future__ import annotations

import re
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require
from core.anonymity import MIN_GROUP
from core.htmx import post_data, render_page

from .models import VoiceDevice, VoiceRound, VoiceTally
from .voice import (
    FACES,
    QUESTIONS,
    AlreadyAnswered,
    RoundClosed,
    UnknownRound,
    VoiceProblem,
    answer_round,
    close_round,
    device_hash,
    grades_to_open,
    normalize_code,
    open_round,
    round_results,
    series_of,
)
from .voice_forms import VoiceAnswerForm, VoiceCodeForm, VoiceRoundForm

# A random value per device, only sent to the children's pages. Its hash per round marks
# that the device answered; it never names anyone.
DEVICE_COOKIE = "leerlingstem"
DEVICE_COOKIE_AGE = 365 * 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


def _round_for(request: HttpRequest, pk: int) -> VoiceRound:
    """A round the user may follow; another school's, or a grade they do not teach, is 404."""
    rounds = VoiceRound.objects.seen_by(request.user).select_related(
        "opened_by", "goal", "initiative"
    )
    return get_object_or_404(rounds, pk=pk)


@require_safe
def voice_list(request: HttpRequest) -> HttpResponse:
    """The rounds one may follow (open ones first), the groups over time, and the form."""
    user = request.user
    rounds = list(
        VoiceRound.objects.seen_by(user)
        .select_related("opened_by")
        .prefetch_related(Prefetch("tallies", queryset=VoiceTally.objects.order_by()))
        .order_by(F("closed_at").desc(nulls_first=True), "-opened_at")
    )
    grades = grades_to_open(user)
    form = VoiceRoundForm(user=user, grades=grades, prefix="round") if grades else None
    return render_page(
        request,
        "results/voice_list.html",
        {"rounds": rounds, "series": series_of(rounds), "form": form, "min_group": MIN_GROUP},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def open_voice_round(request: HttpRequest) -> HttpResponse:
    user = request.user
    grades = grades_to_open(user)
    require(bool(grades))
    form = VoiceRoundForm(post_data(request), user=user, grades=grades, prefix="round")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        voice = open_round(
            by=user,
            group=data["group"],
            grade=data["grade"],
            questions=data["questions"],
            goal=data["goal"],
            initiative=data["initiative"],
        )
        return redirect("results:voice_round", pk=voice.pk)
    status = 422 if request.method == "POST" else 200
    return render_page(request, "results/open_voice_round.html", {"form": form}, status=status)


@require_safe
def voice_round(request: HttpRequest, pk: int) -> HttpResponse:
    """Open: the code for the board and how many answered (htmx asks again every few
    seconds). Closed: the result, from five answers."""
    voice = _round_for(request, pk)
    if request.htmx and voice.is_open and request.GET.get("n") == str(voice.answers):
        # Nothing new: no swap, so a screen reader does not announce the same count again.
        return HttpResponse(status=204)
    context = {
        "round": voice,
        "results": round_results(voice),
        "may_close": voice.is_open and voice.may_be_closed_by(request.user),
        "address": request.get_host() + reverse("results:voice_code"),
        "direct_url": request.build_absolute_uri(
            reverse("results:voice_answer", args=[voice.code])
        ),
        "round_questions": [QUESTIONS.get(key, key) for key in voice.questions],
        "faces": FACES,
        "min_group": MIN_GROUP,
    }
    return render_page(request, "results/voice_round.html", context, partial="voice_count")


@require_POST
def close_voice_round(request: HttpRequest, pk: int) -> HttpResponse:
    voice = _round_for(request, pk)
    require(voice.may_be_closed_by(request.user))
    if voice.is_open:
        close_round(round=voice, by=request.user)
        messages.success(request, _("The round is closed: its code no longer works."))
    return redirect("results:voice_round", pk=voice.pk)


# --- the children's pages ---------------------------------------------------------------------


@login_not_required
@require_safe
def voice_code(request: HttpRequest) -> HttpResponse:
    """Type the code from the board (a GET form: it only leads to the round's page)."""
    form = VoiceCodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("results:voice_answer", code=form.cleaned_data["code"])
    return render_page(request, "results/voice_code.html", {"form": form})


def _device_token(request: HttpRequest) -> str:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return token if TOKEN.fullmatch(token) else ""


def _child_page(request: HttpRequest, state: str, status: int = 200, **context) -> HttpResponse:
    return render_page(
        request, "results/voice_answer.html", {"state": state, **context}, status=status
    )


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def voice_answer(request: HttpRequest, code: str) -> HttpResponse:
    """The questions with faces; once per device, only while the teacher keeps the round
    open. Shows nothing of the school, the group or the teacher."""
    voice = VoiceRound.objects.filter(code=normalize_code(code)).first()
    if voice is None:
        return _child_page(request, "unknown", 404)
    token = _device_token(request)
    answered = VoiceDevice.objects.filter(round=voice, token_hash=device_hash(voice, token))
    if token and answered.exists():
        return _child_page(request, "thanks" if "klaar" in request.GET else "already")
    if not voice.is_open:
        return _child_page(request, "closed", 410)
    form = VoiceAnswerForm(post_data(request), round=voice)
    status, problem = 200, None
    if request.method == "POST":
        if not token:
            # The page sets the cookie; without it, the answer could be sent again and again.
            status, problem = 400, _("Your answers were not sent. Reload the page and try again.")
        elif form.is_valid():
            try:
                answer_round(code=voice.code, token=token, answers=form.answers())
            except AlreadyAnswered:
                return _child_page(request, "already")
            except (UnknownRound, RoundClosed):
                return _child_page(request, "closed", 410)
            except VoiceProblem as error:
                status, problem = 422, str(error)
            else:
                url = reverse("results:voice_answer", args=[voice.code])
                return redirect(f"{url}?klaar=1")
        else:
            status = 422
    response = _child_page(request, "form", status, form=form, problem=problem, faces=FACES)
    if not token:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(32),
            max_age=DEVICE_COOKIE_AGE,
            path=reverse("results:voice_code"),
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response
