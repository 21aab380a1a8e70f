"""A team's meetings: plan one with an agenda drafted from the team's work, add points,
order and time the agenda, fix it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from core.submissions import create_once
from teams.models import Team

from .forms import MeetingForm, MinutesForm, PointForm
from .models import AgendaItem, Meeting
from .services import add_point, fix_agenda, move_item, plan_meeting, suggest_dates


def _team_for(request: HttpRequest, pk: int) -> Team:
    """The team, for its members and the school leader; others get a 404."""
    team = visible_or_404(Team.objects, request.user, pk=pk)
    is_member = team.memberships.filter(user=request.user).exists()
    if not (is_member or request.user.is_leader):
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
    start = timezone.localdate() + timezone.timedelta(days=1)
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
            )
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
    return {
        "meeting": meeting,
        "items": items,
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
