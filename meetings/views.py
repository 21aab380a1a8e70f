"""A team's meetings: plan one with an agenda drafted from the team's work, add points,
order and time the agenda, fix it."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from core.submissions import create_once
from inquiries.models import Initiative
from teams.models import Team

from .forms import AttendanceForm, MeetingForm, MinutesForm, NotesForm, OutcomeForm, PointForm
from .models import AgendaItem, Meeting, Outcome, teams_meeting_for
from .services import (
    add_point,
    announce_meeting,
    finish_meeting,
    fix_agenda,
    move_item,
    plan_meeting,
    record_outcome,
    suggest_dates,
)


def _team_for(request: HttpRequest, pk: int) -> Team:
    """The team, for its members and the school leader; others get a 404."""
    team = teams_meeting_for(request.user).filter(pk=pk).first()
    if team is None:
        raise Http404
    return team


@require_safe
def team_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    meetings = Meeting.objects.filter(team=team)
    now = timezone.now()
    return render_page(
        request,
        "meetings/team_meetings.html",
        {
            "team": team,
            "upcoming": meetings.upcoming(now),
            "past": meetings.past(now)[:12],
            "can_plan": request.user.can_edit_team(team),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    require(request.user.can_edit_team(team))
    start = timezone.localdate() + datetime.timedelta(days=1)
    options = suggest_dates(team=team, start=start)
    form = MeetingForm(
        post_data(request),
        instance=Meeting(team=team, school=team.school, created_by=request.user),
        options=options,
    )
    if request.method == "POST" and form.is_valid():
        meeting, _created = create_once(
            form,
            Meeting.objects.filter(team=team),
            lambda key: plan_meeting(meeting=form.save(commit=False), submission_key=key),
        )
        if _created:
            announce_meeting(meeting=meeting, by=request.user)
        messages.success(
            request,
            _("The meeting is planned; its agenda is drafted from your team's work."),
        )
        return redirect(meeting)
    return render_page(
        request,
        "meetings/new_meeting.html",
        {"team": team, "form": form, "options": options},
        status=422 if request.method == "POST" else 200,
    )


def _meeting_for(request: HttpRequest, pk: int) -> Meeting:
    return visible_or_404(
        Meeting.objects.select_related("team", "created_by").prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.select_related("initiative", "added_by"),
            ),
            Prefetch(
                "outcomes",
                queryset=Outcome.objects.select_related("owner", "item", "initiative"),
            ),
            "attendees",
        ),
        request.user,
        pk=pk,
    )


@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    return render_page(request, "meetings/meeting_detail.html", _context(request, meeting))


def _context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    items = list(meeting.items.all())
    outcomes = list(meeting.outcomes.all())
    for item in items:
        item.outcome_list = [o for o in outcomes if o.item_id == item.pk]
    return {
        "meeting": meeting,
        "items": items,
        "outcomes": outcomes,
        "total_minutes": sum(item.minutes for item in items),
        "can_prepare": meeting.can_prepare(request.user),
        "point_form": PointForm(prefix="point"),
        **extra,
    }


@require_POST
def new_point(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    require(meeting.takes_points() or meeting.can_prepare(request.user))
    form = PointForm(request.POST, prefix="point")
    if not form.is_valid():
        return render_page(
            request,
            "meetings/meeting_detail.html",
            _context(request, meeting, point_form=form),
            status=422,
        )
    create_once(
        form,
        AgendaItem.objects.filter(meeting=meeting),
        lambda key: add_point(
            meeting=meeting,
            user=request.user,
            title=form.cleaned_data["title"],
            minutes=form.cleaned_data["minutes"],
            submission_key=key,
        ),
    )
    messages.success(request, _("Your point is on the agenda."))
    return redirect(meeting)


def _item_for(request: HttpRequest, pk: int) -> AgendaItem:
    item = visible_or_404(
        AgendaItem.objects.select_related("meeting__team"),
        request.user,
        pk=pk,
    )
    require(item.meeting.can_prepare(request.user))
    return item


@require_POST
def move(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    item = _item_for(request, pk)
    move_item(item=item, step=-1 if step < 0 else 1)
    return redirect(item.meeting)


@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    item.delete()
    messages.success(request, _("“%(title)s” is off the agenda.") % {"title": item.title})
    return redirect(item.meeting)


@require_POST
def set_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    form = MinutesForm(request.POST, instance=item, prefix=f"item-{item.pk}")
    if form.is_valid():
        form.save()
    else:
        messages.error(request, _("Give an item between 1 and 240 minutes."))
    return redirect(item.meeting)


@require_POST
def fix(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    require(meeting.can_prepare(request.user))
    fix_agenda(meeting=meeting)
    messages.success(request, _("The agenda is fixed."))
    return redirect(meeting)


@require_safe
def run_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting as it happens, on a laptop or a phone: per item a timer, notes, and what
    was decided or agreed; then who was there, and done."""
    meeting = _meeting_for(request, pk)
    require(meeting.can_prepare(request.user))
    return render_page(request, "meetings/run_meeting.html", _run_context(request, meeting))


def _run_context(request: HttpRequest, meeting: Meeting, **extra) -> dict:
    context = _context(request, meeting)
    for item in context["items"]:
        item.notes_form = NotesForm(instance=item, prefix=f"notes-{item.pk}")
        item.outcome_form = OutcomeForm(meeting=meeting, prefix=f"outcome-{item.pk}")
    context["attendance_form"] = AttendanceForm(meeting=meeting, prefix="attendance")
    context.update(extra)
    return context


@require_POST
def save_notes(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    form = NotesForm(request.POST, instance=item, prefix=f"notes-{item.pk}")
    if form.is_valid():
        form.save()
        messages.success(request, _("Notes saved."))
    return redirect(f"{reverse('meetings:run_meeting', args=[item.meeting_id])}#item-{item.pk}")


@require_POST
def new_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    meeting = _meeting_for(request, item.meeting_id)
    form = OutcomeForm(
        request.POST,
        instance=Outcome(meeting=meeting, item=item),
        meeting=meeting,
        prefix=f"outcome-{item.pk}",
    )
    if not form.is_valid():
        context = _run_context(request, meeting)
        for row in context["items"]:
            if row.pk == item.pk:
                row.outcome_form = form
        return render_page(request, "meetings/run_meeting.html", context, status=422)
    create_once(
        form,
        Outcome.objects.filter(meeting=meeting),
        lambda key: record_outcome(outcome=_keyed(form.save(commit=False), key), by=request.user),
    )
    messages.success(request, _("Written down."))
    return redirect(f"{reverse('meetings:run_meeting', args=[meeting.pk])}#item-{item.pk}")


def _keyed(outcome: Outcome, key: str) -> Outcome:
    outcome.submission_key = key
    return outcome


@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for(request, pk)
    require(meeting.can_prepare(request.user))
    form = AttendanceForm(request.POST, meeting=meeting, prefix="attendance")
    if not form.is_valid():
        return render_page(
            request,
            "meetings/run_meeting.html",
            _run_context(request, meeting, attendance_form=form),
            status=422,
        )
    finish_meeting(meeting=meeting, attendees=list(form.cleaned_data["attendees"]), by=request.user)
    messages.success(
        request,
        _(
            "The meeting is held: the team gets the notes, and whoever was there a moment to reflect."
        ),
    )
    return redirect(meeting)


@require_POST
def put_on_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """A member puts their initiative on the agenda of its team's next meeting that still
    takes points."""
    initiative = visible_or_404(Initiative.objects, request.user, pk=pk)
    require(initiative.is_member(request.user))
    meeting = (
        Meeting.objects.visible_to(request.user)
        .filter(team__in=initiative.teams.all(), state=Meeting.State.DRAFT)
        .upcoming()
        .first()
    )
    if meeting is None:
        messages.error(
            request, _("No meeting of your team takes points now; ask your team lead to plan one.")
        )
        return redirect(initiative)
    if not meeting.items.filter(initiative=initiative).exists():
        add_point(
            meeting=meeting,
            user=request.user,
            title=initiative.title,
            minutes=10,
            initiative=initiative,
        )
    messages.success(
        request,
        _("“%(title)s” is on the agenda of the %(meeting)s of %(day)s.")
        % {
            "title": initiative.title,
            "meeting": meeting.get_kind_display(),
            "day": formats.date_format(timezone.localtime(meeting.starts_at), "j F"),
        },
    )
    return redirect(initiative)
