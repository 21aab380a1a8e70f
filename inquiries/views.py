from __future__ import annotations

import logging
from functools import cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import retarget

from core.access import board_page, require, visible_or_404
from core.htmx import post_data, render_page
from core.prepared import PreparedQuery, attach
from core.storage import StorageFailed
from core.submissions import SubmitOnceForm, create_once, earlier_submission
from core.versioning import OWN_CONFLICT_MESSAGE, claim_version, reopen_after_conflict
from teams.models import Team

from .forms import (
    AnswerForm,
    BoardConsentForm,
    BoardLibraryFilterForm,
    BoardQuestionForm,
    CommentEditForm,
    CommentForm,
    CycleTemplateForm,
    DueDateForm,
    EntryEditForm,
    EntryForm,
    FeedbackForm,
    InitiativeEditForm,
    InitiativeForm,
    InviteForm,
    LearningCardForm,
    LibraryFilterForm,
    MoveForm,
    PhaseFormSet,
    SupportRequestForm,
)
from .models import (
    BoardQuestion,
    Comment,
    CycleTemplate,
    Entry,
    Initiative,
    InitiativeMember,
    Invitation,
    LearningCard,
    Phase,
    PhaseFeedback,
    PhaseMove,
    SupportRequest,
)
from .search import search_cards
from .services import (
    add_comment,
    add_entry,
    add_feedback,
    answer_support_request,
    ask_about_card,
    change_state,
    copy_template,
    invite_colleague,
    join_initiative,
    leave_initiative,
    mark_reviewed,
    move_phase,
    remove_comment,
    remove_entry,
    request_support,
    save_template_phases,
    set_board_consent,
    share_card,
    start_initiative,
    touch,
    unshare_card,
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
    form = InitiativeForm(post_data(request), user=request.user)
    if request.method == "POST":
        school_initiatives = Initiative.objects.filter(school=request.user.school)
        if earlier := earlier_submission(school_initiatives, form):
            return redirect(earlier)  # a second click: the first one made it
        if form.is_valid():
            data = form.cleaned_data
            initiative, _created = create_once(
                form,
                school_initiatives,
                lambda key: start_initiative(
                    submission_key=key,
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
                ),
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


def _initiatives(*, page: bool) -> QuerySet[Initiative]:
    """The initiative with what permission checks need; `page` adds what only the whole
    page shows (the names of its goals and core values). Its members, teams and phases come
    with it from `_initiative_for`."""
    initiatives = Initiative.objects.select_related(
        "template", "current_phase__template", "started_by", "learning_card"
    )
    if page:
        initiatives = initiatives.with_goal_and_value_names()
    return initiatives


# The initiative's own pages are most of what staff open: their queries are compiled once
# per process (core.prepared), through the same visible_to rule; so are its members, teams
# and phases, which a prefetch would build and compile anew each time.
INITIATIVE = PreparedQuery(
    lambda user, pk: _initiatives(page=False).visible_to(user).filter(pk=pk), "pk", for_user=True
)
INITIATIVE_PAGE = PreparedQuery(
    lambda user, pk: _initiatives(page=True).visible_to(user).filter(pk=pk), "pk", for_user=True
)


def _of_initiative(model, *people: str, order: tuple[str, ...] = ()) -> PreparedQuery:
    """One initiative's rows of `model` with the people (or phase) they name, in `order`
    (the model's own when none is given)."""

    def rows(initiative):
        found = model.objects.filter(initiative_id=initiative).select_related(*people)
        return found.order_by(*order) if order else found

    return PreparedQuery(rows, "initiative")


MEMBERS = _of_initiative(InitiativeMember, "user", order=("joined_at",))
TEAMS = PreparedQuery(lambda initiative: Team.objects.filter(initiatives=initiative), "initiative")
PHASES = PreparedQuery(
    lambda template: Phase.objects.filter(template_id=template).order_by("position"), "template"
)
ENTRIES = _of_initiative(Entry, "author", order=("created_at",))
PHASE_ENTRIES = PreparedQuery(
    lambda initiative, phase: (
        Entry.objects.filter(initiative_id=initiative, phase_id=phase)
        .select_related("author")
        .order_by("created_at")
    ),
    "initiative",
    "phase",
)
MOVES = _of_initiative(PhaseMove, "moved_by", "from_phase")
FEEDBACK = _of_initiative(PhaseFeedback, "author")
COMMENTS = _of_initiative(Comment, "author")
INVITATIONS = _of_initiative(Invitation, "invitee", "invited_by")
SUPPORT_REQUESTS = _of_initiative(SupportRequest, "requested_by", "answered_by")


def _initiative_for(request: HttpRequest, pk: int, *, page: bool = False) -> Initiative:
    initiative = (INITIATIVE_PAGE if page else INITIATIVE).one_or_404(request.user, pk=int(pk))
    attach(initiative, "memberships", MEMBERS.fetch(initiative=initiative.pk))
    attach(initiative.template, "phases", PHASES.fetch(template=initiative.template_id))
    attach(initiative, "teams", TEAMS.fetch(initiative=initiative.pk))
    return initiative


def _timeline(initiative: Initiative) -> list[dict]:
    entries = ENTRIES.fetch(initiative=initiative.pk)
    initiative.remember_entries(entries)
    moves = MOVES.fetch(initiative=initiative.pk)
    feedback = FEEDBACK.fetch(initiative=initiative.pk)
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
                "feedback": [f for f in feedback if f.phase_id == phase.pk],
                "reached": reached,
            }
        )
        if phase.pk == current and initiative.is_open:
            reached = False
    return phases


def _detail_context(
    request: HttpRequest, initiative: Initiative, *, partial: str | None = None, **extra
) -> dict:
    """Everything the page may show. What costs a query, and every form, is a function,
    which the template calls only when it renders that part: a fragment pays for its own
    panel only, and a colleague's view builds none of the members' forms."""
    user = request.user
    is_member = initiative.is_member(user)
    timeline = cache(lambda: _timeline(initiative))
    invitations = cache(lambda: INVITATIONS.fetch(initiative=initiative.pk))

    @cache
    def current_entries() -> list[Entry]:
        if partial != "phase_panel":  # the page shows the timeline anyway: take it from there
            return next((item["entries"] for item in timeline() if item["is_current"]), [])
        if not initiative.is_open or initiative.current_phase_id is None:
            return []
        return PHASE_ENTRIES.fetch(initiative=initiative.pk, phase=initiative.current_phase_id)

    context = {
        "initiative": initiative,
        "is_member": is_member,
        "can_join": initiative.can_join(user),
        "can_comment": initiative.can_comment(user),
        "timeline": timeline,
        "current_entries": current_entries,
        "comments": cache(lambda: COMMENTS.fetch(initiative=initiative.pk)),
        "invitations": invitations,
        "my_invitation": lambda: next((i for i in invitations() if i.invitee_id == user.pk), None),
        "entry_form": cache(lambda: EntryForm(prefix="entry")),
        "move_form": cache(lambda: MoveForm(initiative=initiative, prefix="move")),
        "can_move": lambda: is_member and bool(initiative.phase_moves()),
        "comment_form": cache(lambda: CommentForm(prefix="comment")),
        "invite_form": cache(
            lambda: InviteForm(initiative=initiative, prefix="invite") if is_member else None
        ),
        "card_form": cache(lambda: LearningCardForm(prefix="card")),
        "can_review": initiative.can_review(user),
        "feedback_form": cache(lambda: FeedbackForm(prefix="feedback")),
        "due_form": cache(lambda: DueDateForm(instance=initiative, prefix="due")),
        "support_requests": cache(lambda: SUPPORT_REQUESTS.fetch(initiative=initiative.pk)),
        "support_form": cache(lambda: SupportRequestForm(prefix="support")),
        "my_membership": lambda: next(
            (m for m in initiative.memberships.all() if m.user_id == user.pk), None
        ),
    }
    context.update(extra)
    return context


def _panel(request, initiative, partial: str, *, status: int = 200, **extra) -> HttpResponse:
    return render_page(
        request,
        DETAIL,
        _detail_context(request, initiative, partial=partial if request.htmx else None, **extra),
        partial=partial,
        status=status,
    )


@require_safe
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, page=True)
    if initiative.can_review(request.user):
        mark_reviewed(initiative=initiative, user=request.user)
    return render_page(request, DETAIL, _detail_context(request, initiative))


@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_membership(request, pk, join_initiative, gettext_lazy("You joined “%(title)s”."))


@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_membership(request, pk, leave_initiative, gettext_lazy("You left “%(title)s”."))


def _change_membership(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    try:
        service(initiative=initiative, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, str(done) % {"title": initiative.title})
    # Joining or leaving changes what the whole page offers; htmx follows the redirect.
    return redirect(initiative)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    """Its members correct the initiative's own text, with the version check."""
    initiative = visible_or_404(Initiative.objects, request.user, pk=pk)
    require(initiative.is_member(request.user))
    form = InitiativeEditForm(post_data(request), instance=initiative, user=request.user)
    conflict = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if saved := claim_version(form):
                # Only the text: a phase moved at the same moment must not be written back.
                edited = form.save(commit=False)
                edited.save(update_fields=[*InitiativeEditForm.Meta.text_fields, "version"])
                form.save_m2m()
                touch(initiative)
        if saved:
            messages.success(request, _("The initiative's text is saved."))
            return redirect(initiative)
        form, conflict = reopen_after_conflict(
            form, lambda data, fresh: InitiativeEditForm(data, instance=fresh, user=request.user)
        )
        status = 409
    return render_page(
        request,
        "inquiries/edit_initiative.html",
        {"form": form, "initiative": initiative, "conflict": conflict},
        status=status,
    )


@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    form = InviteForm(request.POST, initiative=initiative, prefix="invite")
    if not initiative.is_open:
        form.is_valid()
        form.add_error(None, _("This initiative has ended; nobody can join it any more."))
    if form.errors or not form.is_valid():
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
    form = EntryForm(request.POST, request.FILES, prefix="entry")
    if initiative.state != Initiative.State.RUNNING:
        form.is_valid()
        form.add_error(None, _("Entries can be added while the initiative is running."))
        # The phase panel no longer offers the form: answer the whole panel.
        response = _panel(request, initiative, "phase_panel", entry_form=form, status=422)
        return retarget(response, "#phase-panel") if request.htmx else response
    if not form.is_valid():
        return _panel(request, initiative, "entry_form", entry_form=form, status=422)
    entry = form.save(commit=False)
    if entry.file:
        entry.file_name = entry.file.name[:200]
    try:
        added = add_entry(
            initiative=initiative,
            author=request.user,
            entry=entry,
            submission_key=form.cleaned_data["submission_key"],
        )
    except StorageFailed:
        form.add_error(
            "file",
            _(
                "The file could not be stored: the server's storage is full or cannot be "
                "reached. Your text is kept; save it without the file, or try again later."
            ),
        )
        return _panel(request, initiative, "entry_form", entry_form=form, status=422)
    if added:
        messages.success(
            request, _("Added to the phase “%(phase)s”.") % {"phase": initiative.current_phase}
        )
    if not request.htmx:
        return redirect(initiative)
    # A fresh form, and the new entry appended to the list out of band: the answer stays
    # small however many entries the phase already has.
    return _panel(request, initiative, "entry_added", new_entry=entry if added else None)


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


@require_POST
def share(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A member shares the learning card with the board, says what they allow for
    themselves, or takes it out of the board again."""
    initiative = _initiative_for(request, pk)
    card = getattr(initiative, "learning_card", None)
    if card is None:
        raise Http404
    membership = next(
        (m for m in initiative.memberships.all() if m.user_id == request.user.pk), None
    )
    require(membership is not None and initiative.is_member(request.user))
    form = BoardConsentForm(request.POST, instance=membership, prefix="board")
    form.is_valid()  # two tick boxes: nothing to refuse, unticked is "no"
    named = form.cleaned_data.get("named_on_board", False)
    contact = form.cleaned_data.get("contact_from_board", False)
    try:
        if action == "share":
            share_card(card=card, user=request.user, named=named, contact=contact)
            messages.success(request, _("The card is shared with the other schools of the board."))
        elif action == "consent":
            set_board_consent(card=card, user=request.user, named=named, contact=contact)
            messages.success(request, _("Saved."))
        else:
            unshare_card(card=card, user=request.user)
            messages.success(request, _("The card is no longer shared with the board."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    if not request.htmx:
        return redirect(f"{initiative.get_absolute_url()}#share-panel")
    initiative = _initiative_for(request, pk)
    return _panel(request, initiative, "share_panel")


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


@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.can_review(request.user))
    form = FeedbackForm(request.POST, prefix="feedback")
    if not form.is_valid():
        return _panel(request, initiative, "cycle_panel", feedback_form=form, status=422)
    try:
        added = add_feedback(
            initiative=initiative,
            author=request.user,
            text=form.cleaned_data["text"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except ValidationError as error:
        form.add_error(None, error.messages[0])
        return _panel(request, initiative, "cycle_panel", feedback_form=form, status=422)
    if added:
        messages.success(request, _("Your feedback is with the team."))
    if not request.htmx:
        return redirect(initiative)
    return _panel(request, initiative, "cycle_panel")


@require_POST
def set_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    form = DueDateForm(request.POST, instance=initiative, prefix="due")
    if initiative.state != Initiative.State.RUNNING:
        form.is_valid()
        form.add_error(None, _("Only a running initiative has a phase with a due date."))
        return _panel(request, initiative, "phase_panel", due_form=form, status=422)
    if not form.is_valid():
        return _panel(request, initiative, "phase_panel", due_form=form, status=422)
    Initiative.objects.filter(pk=initiative.pk).update(
        phase_due_on=form.cleaned_data["phase_due_on"]
    )
    messages.success(request, _("The due date is saved."))
    if not request.htmx:
        return redirect(initiative)
    return _panel(request, _initiative_for(request, pk), "phase_panel")


@require_POST
def new_support_request(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    require(initiative.is_member(request.user))
    form = SupportRequestForm(request.POST, prefix="support")
    if not initiative.is_open:
        form.is_valid()
        form.add_error(None, _("This initiative has ended; support is for running work."))
    if form.errors or not form.is_valid():
        return _panel(request, initiative, "support_panel", support_form=form, status=422)
    if request_support(
        initiative=initiative,
        requested_by=request.user,
        request=form.save(commit=False),
        submission_key=form.cleaned_data["submission_key"],
    ):
        messages.success(request, _("Your request is with the school leader."))
    if not request.htmx:
        return redirect(initiative)
    return _panel(request, initiative, "support_panel")


# What a lead or the leader reviews depends on their role and the teams they lead: the
# query is compiled once per process for each such set (core.prepared keys).
TO_REVIEW = PreparedQuery(
    lambda user: (
        Initiative.objects.reviewable_by(user)
        .with_current_phase()
        .prefetch_related("teams")
        .open()
        .with_news_for(user)
        .order_by("state", "-last_activity_at")
    ),
    for_user=True,
    keys=("role", "led_team_ids"),
)


@require_safe
def review_list(request: HttpRequest) -> HttpResponse:
    """The team lead's list: what changed since they last looked, and what is overdue."""
    user = request.user
    require(user.can_review_cycles)
    initiatives = TO_REVIEW.fetch(user)
    # The way to each team's overview, for the teams this person leads.
    led_teams = Team.objects.filter(pk__in=user.led_team_ids).order_by("name")
    return render_page(
        request,
        "inquiries/review_list.html",
        {"initiatives": initiatives, "led_teams": led_teams},
    )


def _support_list_context(request: HttpRequest, *, form_for: dict | None = None) -> dict:
    requests = (
        SupportRequest.objects.visible_to(request.user)
        .select_related("initiative", "requested_by", "answered_by")
        .order_by("created_at")
    )
    open_requests = [r for r in requests if r.status == SupportRequest.Status.OPEN]
    for support_request in open_requests:
        support_request.answer_form = (form_for or {}).get(support_request.pk) or AnswerForm(
            prefix=f"answer-{support_request.pk}"
        )
    answered = sorted(
        (r for r in requests if r.status != SupportRequest.Status.OPEN),
        key=lambda r: r.answered_at,
        reverse=True,
    )
    return {"open_requests": open_requests, "answered": answered}


@require_safe
def support_list(request: HttpRequest) -> HttpResponse:
    """The school leader answers hulpvragen here: oldest first."""
    require(request.user.can_answer_support)
    return render_page(request, "inquiries/support_list.html", _support_list_context(request))


@require_POST
def answer_support(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = visible_or_404(
        SupportRequest.objects.select_related("initiative", "requested_by"), request.user, pk=pk
    )
    require(request.user.can_answer_support)
    form = AnswerForm(request.POST, prefix=f"answer-{pk}")
    if not form.is_valid():
        if not request.htmx:
            # The whole list again, with this form, its error and what was typed.
            return render_page(
                request,
                "inquiries/support_list.html",
                _support_list_context(request, form_for={pk: form}),
                status=422,
            )
        support_request.answer_form = form
        return render_page(
            request,
            "inquiries/support_list.html",
            {"request_item": support_request},
            partial="support_item",
            status=422,
        )
    try:
        answer_support_request(
            support_request=support_request,
            leader=request.user,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
        )
    except ValidationError as error:
        # Another leader answered first: theirs stays, and this one is told.
        messages.info(request, error.messages[0])
        support_request.refresh_from_db()
    else:
        messages.success(request, _("Your answer is sent to the team."))
    if not request.htmx:
        return redirect("inquiries:support_list")
    return render_page(
        request,
        "inquiries/support_list.html",
        {"request_item": support_request},
        partial="support_item",
    )


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("pagina", None)
    return params.urlencode()


BOARD_SCOPE = "bestuur"


@board_page
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    """What we learned: every completed or stopped initiative's card, for the whole school;
    with ?bereik=bestuur the cards the board's schools shared (board staff see only those)."""
    if (dutch := LibraryFilterForm.in_dutch(request.GET)) is not None:
        # A link from before the filters had Dutch names (?q=…): to the same search.
        return redirect(f"{request.path}?{dutch.urlencode()}", permanent=True)
    user = request.user
    if user.is_board_staff or (
        request.GET.get("bereik") == BOARD_SCOPE and user.board_scope_id is not None
    ):
        return _board_library(request)
    form = LibraryFilterForm(request.GET or None, user=request.user)
    cards = (
        LearningCard.objects.visible_to(request.user)
        .select_related("initiative__template", "initiative__school_year")
        .prefetch_related("initiative__teams")
    )
    if form.is_valid():
        data = form.cleaned_data
        # Only a goal or team filter joins rows that may repeat a card (and needs DISTINCT,
        # which compares every column of every match).
        if data["goal"]:
            cards = cards.filter(initiative__goals=data["goal"]).distinct()
        if data["team"]:
            cards = cards.filter(initiative__teams=data["team"]).distinct()
        if data["template"]:
            cards = cards.filter(initiative__template=data["template"])
        if data["school_year"]:
            cards = cards.filter(initiative__school_year=data["school_year"])
        if data["q"]:
            cards = search_cards(cards, data["q"])
    return render_page(
        request,
        "inquiries/library.html",
        {
            "form": form,
            "page": Paginator(cards.order_by("-created_at", "-pk"), 20).get_page(
                request.GET.get("pagina")
            ),
            "query": _without_page(request),
            "has_board": user.board_scope_id is not None,
        },
        partial="library_results",
    )


def _board_library(request: HttpRequest) -> HttpResponse:
    user = request.user
    shared = LearningCard.objects.shared_in_board(user)
    form = BoardLibraryFilterForm(request.GET, user=user, cards=shared)
    cards = shared.select_related(
        "initiative__school", "initiative__template", "initiative__school_year"
    ).prefetch_related(
        "initiative__teams",
        Prefetch(
            "initiative__memberships",
            queryset=InitiativeMember.objects.filter(
                named_on_board=True, user__is_active=True
            ).select_related("user"),
            to_attr="named_members",
        ),
    )
    if form.is_valid():
        cards = form.filter(cards)
        if form.cleaned_data["q"]:
            cards = search_cards(cards, form.cleaned_data["q"])
    return render_page(
        request,
        "inquiries/board_library.html",
        {
            "form": form,
            "page": Paginator(cards.order_by("-shared_at", "-pk"), 20).get_page(
                request.GET.get("pagina")
            ),
            "query": _without_page(request),
            "board_scope": BOARD_SCOPE,
        },
        partial="library_results",
    )


@board_page
@require_http_methods(["GET", "HEAD", "POST"])
def board_card(request: HttpRequest, pk: int) -> HttpResponse:
    """A card shared with the board, on its own page, where a colleague of another school
    can ask its team a question."""
    user = request.user
    card = get_object_or_404(
        LearningCard.objects.shared_in_board(user).select_related(
            "initiative__school", "initiative__template", "initiative__school_year"
        ),
        pk=pk,
    )
    named = [
        m.user
        for m in card.initiative.memberships.filter(
            named_on_board=True, user__is_active=True
        ).select_related("user")
    ]
    may_ask = card.may_be_asked_by(user, card.question_recipients())
    form = BoardQuestionForm(post_data(request), prefix="question")
    status = 200
    if request.method == "POST":
        require(may_ask)
        if form.is_valid():
            try:
                ask_about_card(
                    card=card,
                    user=user,
                    text=form.cleaned_data["text"],
                    submission_key=form.cleaned_data["submission_key"],
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 422
            else:
                messages.success(request, _("Your question is sent to the team."))
                return redirect(card)
        else:
            status = 422
    return render_page(
        request,
        "inquiries/board_card.html",
        {
            "card": card,
            "named": named,
            "teams": card.initiative.teams.all(),
            "may_ask": may_ask,
            "form": form,
            "my_questions": BoardQuestion.objects.filter(card=card, asked_by=user),
        },
        status=status,
    )


@board_page
@require_safe
def board_question(request: HttpRequest, pk: int) -> HttpResponse:
    """A question about a shared card: for who asked it and whom it reached."""
    question = get_object_or_404(
        BoardQuestion.objects.visible_to(request.user).select_related(
            "asked_by__school", "asked_by__board", "card__initiative"
        ),
        pk=pk,
    )
    return render_page(request, "inquiries/board_question.html", {"question": question})


@require_http_methods(["GET", "HEAD", "POST"])
def edit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Its author corrects an entry; the timeline then says "edited"."""
    entry = visible_or_404(Entry.objects.select_related("initiative", "phase"), request.user, pk=pk)
    require(entry.author_id == request.user.pk)
    return _correct_own(
        request,
        entry,
        EntryEditForm,
        template="inquiries/edit_entry.html",
        done=_("Your entry is saved."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = visible_or_404(Comment.objects.select_related("initiative"), request.user, pk=pk)
    require(comment.author_id == request.user.pk)
    return _correct_own(
        request,
        comment,
        CommentEditForm,
        template="inquiries/edit_comment.html",
        done=_("Your comment is saved."),
    )


def _correct_own(request, item, form_class, *, template: str, done: str) -> HttpResponse:
    """The author's own entry or comment, saved with the version check (two windows of the
    same person are told, not overwritten) and marked as edited."""
    form = form_class(post_data(request), instance=item)
    conflict = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if saved := claim_version(form):
                edited = form.save(commit=False)
                edited.edited_at = timezone.now()
                edited.save()
        if saved:
            messages.success(request, done)
            return redirect(item)
        form, conflict = reopen_after_conflict(
            form,
            lambda data, fresh: form_class(data, instance=fresh),
            message=OWN_CONFLICT_MESSAGE,
        )
        status = 409
    return render_page(
        request,
        template,
        {"form": form, "item": item, "initiative": item.initiative, "conflict": conflict},
        status=status,
    )


@require_POST
def delete_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = visible_or_404(Entry.objects.select_related("initiative"), request.user, pk=pk)
    require(entry.author_id == request.user.pk)
    remove_entry(entry=entry, user=request.user)
    if request.htmx:
        return HttpResponse("")  # the entry's row is swapped out of the list
    messages.success(request, _("Removed."))
    return redirect(entry.initiative)


@require_POST
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = visible_or_404(Comment.objects.select_related("initiative"), request.user, pk=pk)
    require(comment.author_id == request.user.pk)
    remove_comment(comment=comment, user=request.user)
    if request.htmx:
        return HttpResponse("")  # the comment's row is swapped out of the list
    messages.success(request, _("Removed."))
    return redirect(comment.initiative)


@require_safe
def entry_file(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served only to people who may see the initiative, never from /media/."""
    entry = visible_or_404(Entry.objects.exclude(file=""), request.user, pk=pk)
    try:
        stored = entry.file.open("rb")
    except OSError:  # FileNotFoundError, also from the S3 storage for a missing key
        # Gone from storage (e.g. a database restored without its files): a 404 for the
        # visitor, a warning for whoever looks after the installation.
        logging.getLogger("inquiries").warning(
            "The file of entry %s is missing from storage: %s", entry.pk, entry.file.name
        )
        raise Http404("This file is no longer available.") from None
    return FileResponse(stored, as_attachment=True, filename=entry.file_name or "bestand")


@board_page
@require_safe
def template_list(request: HttpRequest) -> HttpResponse:
    templates = CycleTemplate.objects.visible_to(request.user).prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("position"))
    )
    return render_page(
        request,
        "inquiries/template_list.html",
        # One key per button: each copy button posts its own.
        {"templates": templates, "copy_form": SubmitOnceForm()},
    )


@board_page
@require_POST
def copy_cycle_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The school leader copies a cycle for the school; board staff copy one for the board,
    to offer its schools."""
    user = request.user
    template = visible_or_404(CycleTemplate.objects, user, pk=pk)
    require(user.can_manage_board_templates or user.can_manage_cycle_templates)
    form = SubmitOnceForm(request.POST)
    form.is_valid()
    owner = {"board": user.board} if user.is_board_staff else {"school": user.school}
    copy, created = create_once(
        form,
        CycleTemplate.objects.filter(**owner),
        lambda key: copy_template(template=template, submission_key=key, **owner),
    )
    if created and user.is_board_staff:
        messages.success(
            request, _("Copied for the board. Once adapted, its schools can copy it in turn.")
        )
    elif created:
        messages.success(request, _("Copied. Adapt the phases to how your school works."))
    return redirect("inquiries:edit_template", pk=copy.pk)


@board_page
@require_http_methods(["GET", "HEAD", "POST"])
def edit_template(request: HttpRequest, pk: int) -> HttpResponse:
    # Only a school's (or the board's) own copy can be edited; the built-in ones are shared.
    template = get_object_or_404(CycleTemplate.objects.own_of(request.user), pk=pk)
    require(template.may_be_edited_by(request.user))
    form = CycleTemplateForm(post_data(request), instance=template, prefix="template")
    phases = PhaseFormSet(post_data(request), instance=template, prefix="phases")
    conflict = None
    if request.method == "POST":
        if form.is_valid() and phases.is_valid():
            with transaction.atomic():
                if saved := claim_version(form):
                    form.save()
                    save_template_phases(template=template, formset=phases)
            if saved:
                messages.success(request, _("The cycle is saved."))
                return redirect("inquiries:template_list")
            form, conflict = reopen_after_conflict(
                form,
                lambda data, fresh: CycleTemplateForm(data, instance=fresh, prefix="template"),
            )
            conflict += saved_phases(template, phases)
            status = 409
        else:
            status = 422
    else:
        status = 200
    return render_page(
        request,
        "inquiries/edit_template.html",
        {"template": template, "form": form, "phases": phases, "conflict": conflict},
        status=status,
    )


def saved_phases(template: CycleTemplate, typed) -> list[tuple[str, str]]:
    """The phases as saved meanwhile, where they differ from what was typed."""
    rows = []
    typed_by_pk = {f.instance.pk: f.cleaned_data for f in typed.forms if f.instance.pk}
    for phase in template.phases.order_by("position"):
        mine = typed_by_pk.get(phase.pk, {})
        for name in ("name", "guiding_questions", "produces"):
            if getattr(phase, name) != mine.get(name):
                label = _("Phase %(n)s: %(field)s") % {
                    "n": phase.position,
                    "field": phase._meta.get_field(name).verbose_name,
                }
                rows.append((label, getattr(phase, name) or "—"))
    return rows
