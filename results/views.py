"""Importing group results: upload, check the counts that will be stored, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from core.access import require, visible_or_404
from core.htmx import render_page
from core.versioning import claim_version, reopen_after_conflict
from teams.models import SharedGoal

from .forms import ConfirmForm, IndicatorForm, UploadForm
from .imports import (
    ImportProblem,
    Mapping,
    aggregate,
    guess_mapping,
    read_table,
    replace_test_moment,
    sign_preview,
    unsign_preview,
)
from .indicators import standings
from .models import GoalIndicator, Subject, TestMoment
from .trends import trends


@require_safe
def results_trends(request: HttpRequest) -> HttpResponse:
    """Every colleague of the school: the school's and each bouw's trend; one by one, the
    groups they may see (their own bouw's; the leader all)."""
    subject = request.GET.get("vak", Subject.READING_COMPREHENSION)
    if subject not in Subject.values:
        subject = Subject.READING_COMPREHENSION
    context = trends(request.user, subject)
    context.update({"subject": subject, "subjects": Subject.choices})
    return render_page(request, "results/trends.html", context)


@require_safe
def results_list(request: HttpRequest) -> HttpResponse:
    require(request.user.can_edit_school)
    moments = (
        TestMoment.objects.visible_to(request.user)
        .select_related("school_year")
        .prefetch_related("results")
    )
    return render_page(request, "results/results_list.html", {"moments": moments})


@csrf_exempt  # checked below, once the upload handlers are set (Django's documented way)
@require_http_methods(["GET", "HEAD", "POST"])
def import_results(request: HttpRequest) -> HttpResponse:
    # The file is read in memory only: a row per pupil never lands in a temporary file.
    request.upload_handlers = [MemoryFileUploadHandler(request)]
    return _import_results(request)


@csrf_protect
def _import_results(request: HttpRequest) -> HttpResponse:
    require(request.user.can_edit_school)
    user = request.user
    if request.method != "POST":
        form = UploadForm(user=user)
        return render_page(request, "results/import.html", {"form": form})
    if "preview" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST, request.FILES, user=user)
    context = {"form": form}
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            headers, rows = read_table(upload.name, upload.read())
            guessed = guess_mapping(headers)
            mapping = Mapping(
                group=form.cleaned_data["group_column"] or guessed.group,
                level=form.cleaned_data["level_column"] or guessed.level,
                count=form.cleaned_data["count_column"] or guessed.count,
            )
            groups = aggregate(rows, mapping, form.cleaned_data["scale"])
        except ImportProblem as problem:
            for message in problem.messages:
                form.add_error(None, message)
        else:
            del rows  # the rows, names and all, end here
            confirm = ConfirmForm(
                initial={
                    **{k: form.cleaned_data[k] for k in ("subject", "moment", "scale")},
                    "school_year": form.cleaned_data["school_year"].pk,
                    "preview": sign_preview(groups),
                },
                user=user,
            )
            context.update(
                {"groups": groups, "mapping": mapping, "headers": headers, "confirm": confirm}
            )
            return render_page(request, "results/import.html", context)
    return render_page(request, "results/import.html", context, status=422)


def _confirm(request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            groups = unsign_preview(form.cleaned_data["preview"])
        except signing.BadSignature:
            form.add_error(None, _("The preview expired or was changed: upload the file again."))
        else:
            data = form.cleaned_data
            replace_test_moment(
                school=request.user.school,
                school_year=data["school_year"],
                subject=data["subject"],
                moment=data["moment"],
                scale=data["scale"],
                aggregates=groups,
                by=request.user,
            )
            messages.success(request, _("The results are stored, per group."))
            return redirect("results:results_list")
    return render_page(
        request, "results/import.html", {"form": UploadForm(user=request.user)}, status=422
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever may edit a goal says which results show whether it is reached."""
    goal = visible_or_404(SharedGoal.objects.select_related("team"), request.user, pk=pk)
    require(goal.editable_by(request.user))
    indicator = GoalIndicator.objects.filter(goal=goal).first()
    if request.method == "POST" and "remove" in request.POST:
        if indicator:
            indicator.delete()
            messages.success(request, _("The goal no longer has an indicator."))
        return redirect(goal)
    conflict = None
    if request.method == "POST":
        form = IndicatorForm(request.POST, instance=indicator or GoalIndicator(goal=goal))
        if form.is_valid():
            try:
                with transaction.atomic():
                    saved = indicator is None or claim_version(form)
                    if saved:
                        form.save()
            except IntegrityError:  # someone gave the goal an indicator at the same moment
                saved = False
                indicator = GoalIndicator.objects.get(goal=goal)
                form.instance = indicator
            if saved:
                messages.success(request, _("The indicator is saved."))
                return redirect(goal)
            form, conflict = reopen_after_conflict(
                form, lambda data, instance: IndicatorForm(data, instance=instance)
            )
            status = 409
        else:
            status = 422
    else:
        initial = {}
        if indicator is None and goal.team and goal.team.first_group:
            initial = {"first_grade": goal.team.first_group, "last_grade": goal.team.last_group}
        form = IndicatorForm(instance=indicator, initial=initial)
        status = 200
    # What the results say now, so the baseline need not be looked up elsewhere.
    current = None
    if indicator:
        current = standings(request.user.school_id, [indicator]).get(goal.pk)
    context = {
        "goal": goal,
        "form": form,
        "indicator": indicator,
        "standing": current,
        "conflict": conflict,
    }
    return render_page(request, "results/edit_indicator.html", context, status=status)
