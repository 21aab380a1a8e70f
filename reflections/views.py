from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from core.prepared import PreparedQuery, attach
from core.submissions import create_once, earlier_submission
from core.versioning import OWN_CONFLICT_MESSAGE, claim_version, reopen_after_conflict

from .forms import (
    AskFeedbackForm,
    CancelVisitForm,
    FeedbackAnswerForm,
    ReflectionForm,
    VisibilityForm,
    VisitForm,
    VisitNotesForm,
    VisitReflectionForm,
)
from .models import OPEN_FEEDBACK_REQUESTS, FeedbackRequest, LessonVisit, Reflection
from .services import (
    answer_feedback,
    ask_feedback,
    change_visibility,
    change_visit,
    delete_reflection,
    invite_to_visit,
    save_visit_notes,
)

DETAIL = "reflections/reflection_detail.html"
VISIT = "reflections/visit_detail.html"


# --- Reflections -----------------------------------------------------------------------------


# The journal is a daily habit: its queries are compiled once per process (core.prepared).
MY_REFLECTIONS = PreparedQuery(
    lambda user: Reflection.objects.filter(author=user).for_list(), for_user=True
)


@require_safe
def journal(request: HttpRequest) -> HttpResponse:
    """My reflections, newest first, with what colleagues asked of me."""
    return render_page(
        request,
        "reflections/journal.html",
        {
            "reflections": MY_REFLECTIONS.fetch(request.user),
            "requests": OPEN_FEEDBACK_REQUESTS.fetch(request.user),
        },
    )


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    """What colleagues shared with my teams and the school."""
    reflections = Reflection.objects.shared_with(request.user).for_list()[:100]
    visits = LessonVisit.objects.visible_to(request.user).filter(shared=True).for_list()[:20]
    return render_page(
        request, "reflections/feed.html", {"reflections": reflections, "visits": visits}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def new_reflection(request: HttpRequest) -> HttpResponse:
    # A prompt (e.g. after a meeting) may suggest the title; the person writes the rest.
    form = ReflectionForm(
        post_data(request), user=request.user, initial={"title": request.GET.get("titel", "")[:120]}
    )
    if request.method == "POST":
        mine = Reflection.objects.filter(author=request.user)
        if earlier := earlier_submission(mine, form):
            return redirect(earlier)  # a second click: the first one saved it
        if form.is_valid():

            def save(key: str) -> Reflection:
                reflection = form.save(commit=False)
                reflection.author = request.user
                reflection.school = request.user.school
                reflection.submission_key = key
                if reflection.initiative:
                    reflection.phase = reflection.initiative.current_phase
                reflection.save()
                return reflection

            reflection, _created = create_once(form, mine, save)
            messages.success(request, _("Your reflection is saved."))
            return redirect(reflection)
        return render_page(request, "reflections/edit_reflection.html", {"form": form}, status=422)
    return render_page(request, "reflections/edit_reflection.html", {"form": form})


# A reflection, through the one rule of who may read it (visible_to), compiled once per
# process (core.prepared: the rule may look at the reader's id and school only).
REFLECTION = PreparedQuery(
    lambda user, pk: (
        Reflection.objects.select_related("author", "team", "initiative", "phase")
        .visible_to(user)
        .filter(pk=pk)
    ),
    "pk",
    for_user=True,
)
# Its feedback requests, attached where a prefetch would put them (core.prepared.attach).
FEEDBACK_REQUESTS = PreparedQuery(
    lambda reflection: (
        FeedbackRequest.objects.filter(reflection_id=reflection)
        .select_related("asked")
        .order_by("created_at")
    ),
    "reflection",
)


def _reflection_for(request: HttpRequest, pk: int) -> Reflection:
    # Anything the user may not read is a 404, like something that does not exist.
    reflection = REFLECTION.one_or_404(request.user, pk=int(pk))
    attach(reflection, "feedback_requests", FEEDBACK_REQUESTS.fetch(reflection=reflection.pk))
    return reflection


def _detail_context(request: HttpRequest, reflection: Reflection, **extra) -> dict:
    is_author = reflection.author_id == request.user.pk
    requests = list(reflection.feedback_requests.all())
    context = {
        "reflection": reflection,
        "is_author": is_author,
        # Feedback is between the author and whoever gave it.
        "feedback": [
            r for r in requests if r.is_answered and (is_author or r.asked_id == request.user.pk)
        ],
        "waiting": [r for r in requests if not r.is_answered] if is_author else [],
        "my_request": next((r for r in requests if r.asked_id == request.user.pk), None),
        "visibility_form": VisibilityForm(instance=reflection, prefix="share")
        if is_author
        else None,
        "ask_form": AskFeedbackForm(reflection=reflection, prefix="ask")
        if is_author and not reflection.is_private
        else None,
    }
    context.update(extra)
    return context


@require_safe
def reflection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = _reflection_for(request, pk)
    return render_page(request, DETAIL, _detail_context(request, reflection))


@require_http_methods(["GET", "HEAD", "POST"])
def edit_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = _reflection_for(request, pk)
    require(reflection.author_id == request.user.pk)
    previous_initiative = reflection.initiative_id
    form = ReflectionForm(post_data(request), instance=reflection, user=request.user)
    conflict = None
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                if saved := claim_version(form):
                    edited = form.save(commit=False)
                    if edited.initiative_id != previous_initiative:
                        edited.phase = (
                            edited.initiative.current_phase if edited.initiative else None
                        )
                    edited.save()
            if saved:
                messages.success(request, _("Your reflection is saved."))
                return redirect(reflection)
            # Only the author edits a reflection: the other save came from another window.
            form, conflict = reopen_after_conflict(
                form,
                lambda data, fresh: ReflectionForm(data, instance=fresh, user=request.user),
                message=OWN_CONFLICT_MESSAGE,
            )
            status = 409
        else:
            status = 422
    else:
        status = 200
    return render_page(
        request,
        "reflections/edit_reflection.html",
        {"form": form, "reflection": reflection, "conflict": conflict},
        status=status,
    )


@require_POST
def remove_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = _reflection_for(request, pk)
    require(reflection.author_id == request.user.pk)
    delete_reflection(reflection=reflection, user=request.user)
    messages.success(request, _("Your reflection “%(title)s” is deleted.") % {"title": reflection})
    return redirect("reflections:journal")


@require_POST
def share_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = _reflection_for(request, pk)
    require(reflection.author_id == request.user.pk)
    form = VisibilityForm(request.POST, instance=reflection, prefix="share")
    if not form.is_valid():
        return render_page(
            request,
            DETAIL,
            _detail_context(request, reflection, visibility_form=form),
            partial="sharing_panel",
            status=422,
        )
    try:
        change_visibility(
            reflection=reflection,
            visibility=form.cleaned_data["visibility"],
            team=form.cleaned_data["team"],
        )
    except ValidationError as error:
        form.add_error("team", error.messages[0])
        return render_page(
            request,
            DETAIL,
            _detail_context(request, reflection, visibility_form=form),
            partial="sharing_panel",
            status=422,
        )
    messages.success(
        request, _("Saved: %(who)s may read it.") % {"who": reflection.get_visibility_display()}
    )
    if not request.htmx:
        return redirect(reflection)
    return render_page(
        request,
        DETAIL,
        _detail_context(request, _reflection_for(request, pk)),
        partial="sharing_panel",
    )


@require_POST
def ask_for_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    reflection = _reflection_for(request, pk)
    require(reflection.author_id == request.user.pk)
    form = AskFeedbackForm(request.POST, reflection=reflection, prefix="ask")
    if reflection.is_private:
        form.is_valid()
        form.add_error(None, _("Share the reflection first; then colleagues can read it."))
    if form.errors or not form.is_valid():
        return render_page(
            request,
            DETAIL,
            _detail_context(request, reflection, ask_form=form),
            partial="sharing_panel",
            status=422,
        )
    count = ask_feedback(reflection=reflection, colleagues=form.cleaned_data["colleagues"])
    if count:
        messages.success(
            request,
            ngettext(
                "Feedback asked of %(n)s colleague.", "Feedback asked of %(n)s colleagues.", count
            )
            % {"n": count},
        )
    if not request.htmx:
        return redirect(reflection)
    return render_page(
        request,
        DETAIL,
        _detail_context(request, _reflection_for(request, pk)),
        partial="sharing_panel",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def give_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the person asked, and only while the reflection is still shared with them.
    feedback_request = visible_or_404(
        FeedbackRequest.objects.select_related("reflection__author", "reflection__team"),
        request.user,
        pk=pk,
    )
    form = FeedbackAnswerForm(post_data(request), instance=feedback_request)
    if request.method == "POST":
        if form.is_valid():
            answer_feedback(
                request=feedback_request,
                noticed=form.cleaned_data["noticed"],
                wonder=form.cleaned_data["wonder"],
                suggestion=form.cleaned_data["suggestion"],
            )
            messages.success(
                request,
                _("Thank you. %(name)s sees your feedback with the reflection.")
                % {"name": feedback_request.reflection.author.name},
            )
            return redirect("reflections:journal")
        status = 422
    else:
        status = 200
    return render_page(
        request,
        "reflections/give_feedback.html",
        {
            "feedback_request": feedback_request,
            "reflection": feedback_request.reflection,
            "form": form,
        },
        status=status,
    )


# --- Lesson visits ---------------------------------------------------------------------------


@require_safe
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = LessonVisit.objects.involving(request.user).for_list()
    return render_page(request, "reflections/visit_list.html", {"visits": visits})


@require_http_methods(["GET", "HEAD", "POST"])
def new_visit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = VisitForm(request.POST, host=request.user)
        if form.is_valid():
            visit = form.save(commit=False)
            visit.host = request.user
            visit.submission_key = form.cleaned_data["submission_key"]
            if not invite_to_visit(visit=visit):  # a double-clicked "send" invites once
                return redirect(
                    LessonVisit.objects.get(host=request.user, submission_key=visit.submission_key)
                )
            messages.success(
                request, _("%(name)s is invited to visit your lesson.") % {"name": visit.observer}
            )
            return redirect(visit)
        return render_page(request, "reflections/new_visit.html", {"form": form}, status=422)
    form = VisitForm(host=request.user, initial={"observer": request.GET.get("observer", "")})
    # Choosing a colleague refreshes only the suggested days.
    return render_page(
        request, "reflections/new_visit.html", {"form": form}, partial="day_suggestions"
    )


def _visit_for(request: HttpRequest, pk: int) -> LessonVisit:
    return visible_or_404(
        LessonVisit.objects.select_related("host", "observer", "cancelled_by"), request.user, pk=pk
    )


def _visit_context(request: HttpRequest, visit: LessonVisit, **extra) -> dict:
    user = request.user
    context = {
        "visit": visit,
        "is_host": user.pk == visit.host_id,
        "is_observer": user.pk == visit.observer_id,
        "is_party": visit.is_party(user),
        "notes_form": VisitNotesForm(
            initial={"observer_notes": visit.observer_notes}, prefix="notes"
        ),
        "reflection_form": VisitReflectionForm(prefix="reflect"),
        "cancel_form": CancelVisitForm(prefix="cancel"),
    }
    context.update(extra)
    return context


@require_safe
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_for(request, pk)
    return render_page(request, VISIT, _visit_context(request, visit))


@require_POST
def visit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    visit = _visit_for(request, pk)
    require(visit.is_party(request.user))
    text = ""
    if action == "cancel":
        form = CancelVisitForm(request.POST, prefix="cancel")
        if not form.is_valid():
            return _visit_panel(request, visit, cancel_form=form, status=422)
        text = form.cleaned_data["note"]
    elif action == "reflect":
        form = VisitReflectionForm(request.POST, prefix="reflect")
        if not form.is_valid():
            return _visit_panel(request, visit, reflection_form=form, status=422)
        text = form.cleaned_data["text"]
    elif action == "notes":
        require(request.user.pk == visit.observer_id)
        form = VisitNotesForm(request.POST, prefix="notes")
        if not form.is_valid():
            return _visit_panel(request, visit, notes_form=form, status=422)
        try:
            save_visit_notes(
                visit=visit, user=request.user, notes=form.cleaned_data["observer_notes"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            return _visit_panel(request, visit, notes_form=form, status=409)
        messages.success(request, _("Your notes are saved."))
        return _after_visit_change(request, visit)
    try:
        change_visit(visit=visit, user=request.user, action=action, text=text)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Saved."))
    return _after_visit_change(request, visit)


def _visit_panel(request, visit, *, status=200, **extra) -> HttpResponse:
    return render_page(
        request,
        VISIT,
        _visit_context(request, visit, **extra),
        partial="visit_panel",
        status=status,
    )


def _after_visit_change(request: HttpRequest, visit: LessonVisit) -> HttpResponse:
    if not request.htmx:
        return redirect(visit)
    return _visit_panel(request, _visit_for(request, visit.pk))
