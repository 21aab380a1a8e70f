from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from plc.htmx import render_page
from teams.access import require, visible_or_404

from .forms import CommentForm, EntryForm, InitiativeForm, InviteForm, LearningCardForm, MoveForm
from .models import Comment, Entry, Initiative, InitiativeMember, Invitation, Phase, PhaseMove
from .services import (
    add_comment,
    add_entry,
    change_state,
    invite_colleague,
    join_initiative,
    leave_initiative,
    move_phase,
    start_initiative,
)

DETAIL = "inquiries/initiative_detail.html"
MOVED_MEANWHILE = gettext_lazy(
    "Someone else moved this initiative in the meantime. Have a look at where it is now."
)


@require_safe
def initiative_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    initiatives = Initiative.objects.visible_to(user).for_list()
    mine = list(initiatives.involving(user).open())
    mine_ids = {i.pk for i in mine}
    others = [i for i in initiatives.open() if i.pk not in mine_ids]
    invitations = Invitation.objects.filter(invitee=user).select_related("initiative", "invited_by")
    return render_page(
        request,
        "inquiries/initiative_list.html",
        {"mine": mine, "others": others, "invitations": invitations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_initiative(request: HttpRequest) -> HttpResponse:
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            initiative = start_initiative(
                school=request.user.school,
                started_by=request.user,
                title=data["title"],
                question=data["question"],
                why=data["why"],
                children=data["children"],
                how_we_see_it=data["how_we_see_it"],
                template=data["template"],
                teams=data["teams"],
                goals=data["goals"],
                core_values=data["core_values"],
            )
            messages.success(
                request,
                _(
                    "Your initiative is there. Invite colleagues, and start the cycle when you are ready."
                ),
            )
            return redirect(initiative)
        return render_page(request, "inquiries/new_initiative.html", {"form": form}, status=422)
    return render_page(request, "inquiries/new_initiative.html", {"form": form})


def _initiative_for(request: HttpRequest, pk: int) -> Initiative:
    return visible_or_404(
        Initiative.objects.select_related(
            "template", "current_phase", "started_by"
        ).prefetch_related(
            Prefetch(
                "memberships",
                queryset=InitiativeMember.objects.select_related("user").order_by("joined_at"),
            ),
            Prefetch("template__phases", queryset=Phase.objects.order_by("position")),
            "teams",
            "goals",
            "core_values",
        ),
        request.user,
        pk=pk,
    )


def _timeline(initiative: Initiative) -> list[dict]:
    entries = list(
        Entry.objects.filter(initiative=initiative).select_related("author").order_by("created_at")
    )
    moves = list(
        PhaseMove.objects.filter(initiative=initiative).select_related("moved_by", "from_phase")
    )
    current = initiative.current_phase_id
    phases = []
    reached = initiative.state != Initiative.State.IDEA
    for phase in initiative.template.phases.all():
        phases.append(
            {
                "phase": phase,
                "is_current": phase.pk == current and initiative.is_open,
                "entries": [e for e in entries if e.phase_id == phase.pk],
                "moves": [m for m in moves if m.from_phase_id == phase.pk],
                "reached": reached,
            }
        )
        if phase.pk == current and initiative.is_open:
            reached = False
    return phases


def _detail_context(request: HttpRequest, initiative: Initiative, **extra) -> dict:
    user = request.user
    is_member = initiative.is_member(user)
    context = {
        "initiative": initiative,
        "is_member": is_member,
        "can_join": initiative.can_join(user),
        "can_comment": initiative.can_comment(user),
        "timeline": _timeline(initiative),
        "comments": Comment.objects.filter(initiative=initiative).select_related("author"),
        "invitations": Invitation.objects.filter(initiative=initiative).select_related("invitee"),
        "entry_form": EntryForm(prefix="entry"),
        "move_form": MoveForm(initiative=initiative, prefix="move"),
        "can_move": is_member and bool(initiative.phase_moves()),
        "comment_form": CommentForm(prefix="comment"),
        "invite_form": InviteForm(initiative=initiative, prefix="invite") if is_member else None,
        "card_form": LearningCardForm(prefix="card"),
        "my_invitation": Invitation.objects.filter(initiative=initiative, invitee=user).first(),
    }
    context.update(extra)
    return context


def _panel(request, initiative, partial: str, *, status: int = 200, **extra) -> HttpResponse:
    return render_page(
        request,
        DETAIL,
        _detail_context(request, initiative, **extra),
        partial=partial,
        status=status,
    )


@require_safe
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    return render_page(request, DETAIL, _detail_context(request, initiative))


@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    try:
        join_initiative(initiative=initiative, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You joined “%(title)s”.") % {"title": initiative.title})
    # Joining changes what the whole page offers; htmx follows the redirect in place.
    return redirect(initiative)


@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    try:
        leave_initiative(initiative=initiative, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("You left “%(title)s”.") % {"title": initiative.title})
    return redirect(initiative)


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    form = InviteForm(request.POST, initiative=initiative, prefix="invite")
    if not form.is_valid():
        return _panel(request, initiative, "members_panel", invite_form=form, status=422)
    invitee = form.cleaned_data["invitee"]
    if invite_colleague(initiative=initiative, invited_by=request.user, invitee=invitee):
        messages.success(request, _("%(name)s is invited.") % {"name": invitee.name})
    if not request.htmx:
        return redirect(initiative)
    initiative = _initiative_for(request, pk)
    return _panel(request, initiative, "members_panel")


@require_POST
def new_entry(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    form = EntryForm(request.POST, prefix="entry")
    if initiative.state != Initiative.State.RUNNING:
        form.is_valid()
        form.add_error(None, _("Entries can be added while the initiative is running."))
        return _panel(request, initiative, "phase_panel", entry_form=form, status=422)
    if not form.is_valid():
        return _panel(request, initiative, "phase_panel", entry_form=form, status=422)
    entry = form.save(commit=False)
    added = add_entry(
        initiative=initiative,
        author=request.user,
        entry=entry,
        submission_key=form.cleaned_data["submission_key"],
    )
    if added:
        messages.success(
            request, _("Added to the phase “%(phase)s”.") % {"phase": initiative.current_phase}
        )
    if not request.htmx:
        return redirect(initiative)
    return _panel(request, initiative, "phase_panel")


@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    form = MoveForm(request.POST, initiative=initiative, prefix="move")
    if not form.is_valid():
        if request.POST.get("move-seen_phase") != str(initiative.current_phase_id):
            form.add_error(None, MOVED_MEANWHILE)
            return _panel(request, initiative, "cycle_panel", move_form=form, status=409)
        return _panel(request, initiative, "cycle_panel", move_form=form, status=422)
    try:
        move_phase(
            initiative=initiative,
            user=request.user,
            to_phase=form.cleaned_data["to_phase"],
            seen_phase_id=form.cleaned_data["seen_phase"],
            learned=form.cleaned_data["learned"],
        )
    except ValidationError as error:
        initiative = _initiative_for(request, pk)
        fresh = MoveForm(request.POST, initiative=initiative, prefix="move")
        fresh.is_valid()
        fresh.add_error(None, error.messages[0])
        return _panel(request, initiative, "cycle_panel", move_form=fresh, status=409)
    initiative = _initiative_for(request, pk)
    messages.success(
        request, _("The initiative moved to “%(phase)s”.") % {"phase": initiative.current_phase}
    )
    if not request.htmx:
        return redirect(initiative)
    return _panel(request, initiative, "cycle_panel")


@require_POST
def change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    card_form = None
    card = None
    if action in {"stop", "complete"}:
        card_form = LearningCardForm(request.POST, prefix="card")
        if not card_form.is_valid():
            return render_page(
                request,
                DETAIL,
                _detail_context(request, initiative, card_form=card_form, ending=action),
                status=422,
            )
        card = card_form.save(commit=False)
    try:
        change_state(initiative=initiative, user=request.user, action=action, card=card)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, STATE_MESSAGES[action])
    return redirect(initiative)


STATE_MESSAGES = {
    "start": gettext_lazy("The cycle has started. Good luck!"),
    "pause": gettext_lazy("The initiative is paused."),
    "resume": gettext_lazy("The initiative is running again."),
    "stop": gettext_lazy("The initiative is stopped. What you learned is on its learning card."),
    "complete": gettext_lazy(
        "The initiative is completed. What you learned is on its learning card."
    ),
}


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.can_comment(request.user))
    form = CommentForm(request.POST, prefix="comment")
    if not form.is_valid():
        return _panel(request, initiative, "comments_panel", comment_form=form, status=422)
    add_comment(
        initiative=initiative,
        author=request.user,
        text=form.cleaned_data["text"],
        submission_key=form.cleaned_data["submission_key"],
    )
    if not request.htmx:
        return redirect(initiative)
    return _panel(request, initiative, "comments_panel")
