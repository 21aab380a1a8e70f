from __future__ import annotations

from functools import cache

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.access import require, visible_or_404
from core.htmx import post_data, render_page
from core.prepared import PreparedQuery, attach
from core.submissions import create_once, earlier_submission, save_once, save_with_key
from core.versioning import CONFLICT_MESSAGE, claim_version, reopen_after_conflict

from .forms import (
    AcceptInvitationForm,
    CoreValueFormSet,
    HolidayForm,
    InvitationForm,
    ProfileForm,
    SchoolForm,
    SchoolYearForm,
    SharedGoalForm,
    StaffForm,
    StaffImportForm,
    TeamForm,
    TeamNormForm,
)
from .models import (
    EmailChange,
    Holiday,
    Invitation,
    Membership,
    SchoolYear,
    SharedGoal,
    Team,
    TeamNorm,
    User,
    shown_members,
)
from .services import accept_invitation as accept_invitation_service
from .services import confirm_email_change as confirm_email_change_service
from .services import (
    import_staff,
    imported_before,
    invite_staff,
    preview_staff_import,
    request_email_change,
    set_memberships,
)
from .services import resend_invitation as resend_invitation_service

# --- Home and school -------------------------------------------------------------------------


def _school_context(request: HttpRequest, **extra) -> dict:
    """Everything the school page shows, for the page and for its goals panel alike."""
    school = request.user.school
    year = school.current_school_year()
    visible_goals = SharedGoal.objects.visible_to(request.user).current().with_values()
    context = {
        "school": school,
        "core_values": school.core_values.all(),
        "school_year": year,
        "holidays": year.holidays.all() if year else [],
        "goals": visible_goals.filter(team__isnull=True),
        "team_goals": visible_goals.filter(team__isnull=False).order_by(
            "team__kind", "team__first_group", "team__name", "title"
        ),
        "goal_form": SharedGoalForm(school=school, prefix="new-goal"),
        "can_edit_goals": request.user.can_edit_school,
    }
    context.update(extra)
    return context


@require_safe
def school_detail(request: HttpRequest) -> HttpResponse:
    return render_page(request, "teams/school_detail.html", _school_context(request))


@require_http_methods(["GET", "HEAD", "POST"])
def edit_school(request: HttpRequest) -> HttpResponse:
    school = request.user.school
    require(request.user.can_edit_school)
    form = SchoolForm(post_data(request), instance=school, prefix="school", user=request.user)
    values = CoreValueFormSet(post_data(request), instance=school, prefix="values")
    conflict = None
    if request.method == "POST":
        if form.is_valid() and values.is_valid():
            with transaction.atomic():
                if saved := claim_version(form):
                    form.save()
                    for position, value_form in enumerate(values.forms):
                        value_form.instance.position = position
                    values.save()
            if saved:
                messages.success(request, _("Ons Verhaal and the core values are saved."))
                return redirect("teams:school_detail")
            form, conflict = reopen_after_conflict(
                form,
                lambda data, fresh: SchoolForm(
                    data, instance=fresh, prefix="school", user=request.user
                ),
            )
            status = 409
        else:
            status = 422
    else:
        status = 200
    return render_page(
        request,
        "teams/edit_school.html",
        {"form": form, "values": values, "conflict": conflict},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def school_years(request: HttpRequest) -> HttpResponse:
    school = request.user.school
    years = school.school_years.prefetch_related("holidays")
    form = SchoolYearForm(school=school, prefix="year")
    status = 200
    if request.method == "POST":
        require(request.user.can_edit_school)
        form = SchoolYearForm(request.POST, school=school, prefix="year")
        if earlier_submission(school.school_years.all(), form):
            return redirect("teams:school_years")  # a second click: the year is there
        if form.is_valid():
            year, _created = create_once(form, school.school_years.all(), save_with_key(form))
            messages.success(request, _("School year %(name)s added.") % {"name": year})
            return redirect("teams:school_years")
        status = 422
    return render_page(
        request,
        "teams/school_years.html",
        {"years": years, "form": form},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def add_holiday(request: HttpRequest, pk: int) -> HttpResponse:
    year = visible_or_404(SchoolYear.objects, request.user, pk=pk)
    require(request.user.can_edit_school)
    form = HolidayForm(post_data(request), school_year=year)
    if request.method == "POST" and earlier_submission(year.holidays.all(), form):
        return redirect("teams:school_years")  # a second click: the holiday is there
    if request.method == "POST" and form.is_valid():
        holiday, _created = create_once(form, year.holidays.all(), save_with_key(form))
        messages.success(request, _("Holiday %(name)s added.") % {"name": holiday})
        return redirect("teams:school_years")
    status = 422 if request.method == "POST" else 200
    return render_page(
        request, "teams/add_holiday.html", {"year": year, "form": form}, status=status
    )


@require_POST
def delete_holiday(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = visible_or_404(Holiday.objects, request.user, pk=pk)
    require(request.user.can_edit_school)
    holiday.delete()
    messages.success(request, _("Holiday %(name)s removed.") % {"name": holiday})
    return redirect("teams:school_years")


# --- Teams -----------------------------------------------------------------------------------


@require_safe
def team_list(request: HttpRequest) -> HttpResponse:
    teams = (
        Team.objects.visible_to(request.user)
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__user__is_active=True), distinct=True
            ),
            goal_count=Count(
                "goals", filter=~Q(goals__status=SharedGoal.Status.ARCHIVED), distinct=True
            ),
        )
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    role=Membership.Role.LEAD, user__is_active=True
                ).select_related("user"),
                to_attr="lead_memberships",
            )
        )
    )
    my_team_ids = set(request.user.memberships.values_list("team_id", flat=True))
    return render_page(
        request, "teams/team_list.html", {"teams": teams, "my_team_ids": my_team_ids}
    )


# A team's page, compiled once per process (core.prepared).
TEAM = PreparedQuery(
    lambda user, pk: Team.objects.select_related("school").visible_to(user).filter(pk=pk),
    "pk",
    for_user=True,
)
# Its members, attached where Team.objects.with_members() would put them.
TEAM_MEMBERS = PreparedQuery(lambda team: shown_members().filter(team_id=team), "team")
TEAM_GOALS = PreparedQuery(
    lambda team: SharedGoal.objects.filter(team_id=team).current().prefetch_related("core_values"),
    "team",
)
TEAM_NORMS = PreparedQuery(lambda team: TeamNorm.objects.filter(team_id=team), "team")


def _team_context(request: HttpRequest, team: Team, **extra) -> dict:
    members = list(team.memberships.all())
    context = {
        "team": team,
        "members": members,
        "is_member": any(m.user_id == request.user.pk for m in members),
        "goals": cache(lambda: TEAM_GOALS.fetch(team=team.pk)),
        "norms": cache(lambda: TEAM_NORMS.fetch(team=team.pk)),
        "can_edit": request.user.can_edit_team(team),
        "can_edit_goals": request.user.can_edit_team(team),
        "goal_form": cache(lambda: SharedGoalForm(school=team.school, prefix="new-goal")),
        "norm_form": cache(lambda: TeamNormForm(prefix="new-norm")),
    }
    context.update(extra)
    return context


def _team_for(request: HttpRequest, pk: int) -> Team:
    team = TEAM.one_or_404(request.user, pk=int(pk))
    attach(team, "memberships", TEAM_MEMBERS.fetch(team=team.pk))
    return team


@require_safe
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    return render_page(request, "teams/team_detail.html", _team_context(request, team))


@require_http_methods(["GET", "HEAD", "POST"])
def add_team(request: HttpRequest) -> HttpResponse:
    require(request.user.can_edit_school)
    form = TeamForm(post_data(request), school=request.user.school)
    teams = Team.objects.filter(school=request.user.school)
    if request.method == "POST" and (earlier := earlier_submission(teams, form)):
        return redirect(earlier)  # a second click: the first one added it
    if request.method == "POST" and form.is_valid():
        team, _created = create_once(form, teams, save_with_key(form))
        messages.success(request, _("Team %(name)s added.") % {"name": team})
        return redirect(team)
    status = 422 if request.method == "POST" else 200
    return render_page(request, "teams/edit_team.html", {"form": form}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_team(request: HttpRequest, pk: int) -> HttpResponse:
    team = visible_or_404(Team.objects.all(), request.user, pk=pk)
    require(request.user.can_edit_school)
    school = request.user.school
    form = TeamForm(post_data(request), instance=team, school=school)
    conflict = None
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if saved := claim_version(form):
                form.save()
        if saved:
            messages.success(request, _("Team %(name)s saved.") % {"name": team})
            return redirect(team)
        form, conflict = reopen_after_conflict(
            form, lambda data, fresh: TeamForm(data, instance=fresh, school=school)
        )
        status = 409
    return render_page(
        request,
        "teams/edit_team.html",
        {"form": form, "team": team, "conflict": conflict},
        status=status,
    )


# --- Team norms (edited in place on the team page) -------------------------------------------


def _norms_panel(request: HttpRequest, team: Team, *, status: int = 200, **extra) -> HttpResponse:
    return render_page(
        request,
        "teams/team_detail.html",
        _team_context(request, team, **extra),
        partial="norms_panel",
        status=status,
    )


@require_POST
def add_norm(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    require(request.user.can_edit_team(team))
    form = TeamNormForm(request.POST, prefix="new-norm")
    if not form.is_valid():
        return _norms_panel(request, team, norm_form=form, status=422)
    norm = form.save(commit=False)
    norm.team = team
    norm.position = (team.norms.aggregate(last=Max("position"))["last"] or 0) + 1
    norm.submission_key = form.cleaned_data["submission_key"]
    if save_once(norm):  # a double-clicked "add" lists the agreement once
        messages.success(request, _("Agreement added."))
    if not request.htmx:
        return redirect(team)
    return _norms_panel(request, team)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_norm(request: HttpRequest, pk: int) -> HttpResponse:
    norm = visible_or_404(TeamNorm.objects.select_related("team"), request.user, pk=pk)
    team = _team_for(request, norm.team_id)
    require(request.user.can_edit_team(team))
    if request.method != "POST":
        form = TeamNormForm(instance=norm, prefix=f"norm-{norm.pk}")
        return _norms_panel(request, team, editing_norm=norm, edit_form=form)
    form = TeamNormForm(request.POST, instance=norm, prefix=f"norm-{norm.pk}")
    if not form.is_valid():
        return _norms_panel(request, team, editing_norm=norm, edit_form=form, status=422)
    if not norm.save_if_unchanged(seen_version=form.cleaned_data["seen_version"], fields=["text"]):
        fresh = TeamNorm.objects.get(pk=norm.pk)
        data = request.POST.copy()
        data[f"norm-{norm.pk}-seen_version"] = fresh.version
        # The form gets its own copy: validating writes the typed text into its instance.
        form = TeamNormForm(
            data, instance=TeamNorm.objects.get(pk=norm.pk), prefix=f"norm-{norm.pk}"
        )
        form.is_valid()
        form.add_error(None, CONFLICT_MESSAGE)
        return _norms_panel(
            request, team, editing_norm=fresh, edit_form=form, conflict=fresh, status=409
        )
    messages.success(request, _("Agreement saved."))
    if not request.htmx:
        return redirect(team)
    return _norms_panel(request, team)


@require_POST
def delete_norm(request: HttpRequest, pk: int) -> HttpResponse:
    norm = visible_or_404(TeamNorm.objects.select_related("team"), request.user, pk=pk)
    team = _team_for(request, norm.team_id)
    require(request.user.can_edit_team(team))
    norm.delete()
    messages.success(request, _("Agreement removed: “%(text)s”") % {"text": norm.text})
    if not request.htmx:
        return redirect(team)
    return _norms_panel(request, team)


# --- Shared goals (edited in place on the team or school page) --------------------------------


def _goals_panel(
    request: HttpRequest, team: Team | None, *, status: int = 200, **extra
) -> HttpResponse:
    if team is None:
        template, context = "teams/school_detail.html", _school_context(request, **extra)
    else:
        template, context = "teams/team_detail.html", _team_context(request, team, **extra)
    return render_page(request, template, context, partial="goals_panel", status=status)


def _add_goal(request: HttpRequest, team: Team | None) -> HttpResponse:
    prefix = "new-goal"
    form = SharedGoalForm(request.POST, school=request.user.school, prefix=prefix)
    if not form.is_valid():
        return _goals_panel(request, team, goal_form=form, status=422)
    duplicate = SharedGoal.objects.filter(
        school=request.user.school, team=team, title=form.cleaned_data["title"]
    ).exists()
    if not duplicate:

        def add(key: str) -> SharedGoal:
            goal = form.save(commit=False)
            goal.school = request.user.school
            goal.team = team
            goal.created_by = request.user
            goal.submission_key = key
            goal.save()
            form.save_m2m()
            return goal

        _goal, created = create_once(
            form, SharedGoal.objects.filter(school=request.user.school), add
        )
        if created:
            messages.success(request, _("Goal added."))
    if not request.htmx:
        return redirect(team or "teams:school_detail")
    return _goals_panel(request, team)


@require_POST
def add_team_goal(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request, pk)
    require(request.user.can_edit_team(team))
    return _add_goal(request, team)


@require_POST
def add_school_goal(request: HttpRequest) -> HttpResponse:
    require(request.user.can_edit_school)
    return _add_goal(request, None)


@require_safe
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One shared goal, and below it what the apps above add: the initiatives serving it,
    how it shows in the children's results."""
    goal = visible_or_404(SharedGoal.objects.with_values(), request.user, pk=pk)
    context = {"goal": goal, "can_edit": goal.editable_by(request.user)}
    return render_page(request, "teams/goal_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = visible_or_404(SharedGoal.objects.select_related("team"), request.user, pk=pk)
    team = _team_for(request, goal.team_id) if goal.team_id else None
    require(goal.editable_by(request.user))
    prefix = f"goal-{goal.pk}"
    school = request.user.school
    if request.method != "POST":
        form = SharedGoalForm(instance=goal, school=school, prefix=prefix)
        return _goals_panel(request, team, editing_goal=goal, edit_form=form)
    form = SharedGoalForm(request.POST, instance=goal, school=school, prefix=prefix)
    if not form.is_valid():
        return _goals_panel(request, team, editing_goal=goal, edit_form=form, status=422)
    with transaction.atomic():
        saved = goal.save_if_unchanged(
            seen_version=form.cleaned_data["seen_version"],
            fields=["title", "description", "status"],
        )
        if saved:
            goal.core_values.set(form.cleaned_data["core_values"])
    if not saved:
        fresh = SharedGoal.objects.get(pk=goal.pk)
        data = request.POST.copy()
        data[f"{prefix}-seen_version"] = fresh.version
        form = SharedGoalForm(
            data, instance=SharedGoal.objects.get(pk=goal.pk), school=school, prefix=prefix
        )
        form.is_valid()
        form.add_error(None, CONFLICT_MESSAGE)
        return _goals_panel(
            request, team, editing_goal=fresh, edit_form=form, conflict=fresh, status=409
        )
    messages.success(request, _("Goal saved."))
    if not request.htmx:
        return redirect(team or "teams:school_detail")
    return _goals_panel(request, team)


# --- People ----------------------------------------------------------------------------------


@require_safe
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_or_404(User.objects.all(), request.user, pk=pk)
    memberships = person.memberships.select_related("team").order_by(
        "team__kind", "team__first_group", "team__name"
    )
    return render_page(
        request, "teams/person_detail.html", {"person": person, "memberships": memberships}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(post_data(request), instance=user)
    context = {"form": form, "pending_change": user.email_changes.pending().first()}
    if request.method == "POST":
        if not form.is_valid():
            return render_page(request, "teams/profile.html", context, status=422)
        with transaction.atomic():
            if saved := claim_version(form):
                form.save()
        if saved:
            # Confirm in the language just chosen: that is the one the next page speaks.
            translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            return redirect("teams:profile")
        # The school's staff admin saved the profile meanwhile (or another window did).
        context["form"], context["conflict"] = reopen_after_conflict(
            form, lambda data, fresh: ProfileForm(data, instance=fresh)
        )
        return render_page(request, "teams/profile.html", context, status=409)
    return render_page(request, "teams/profile.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to a new login address. Only the person it is for, signed in as
    themselves, can take it; for anyone else it does not exist."""
    change = visible_or_404(EmailChange.objects, request.user, token=token)
    if request.method == "POST":
        try:
            confirm_email_change_service(change=change, user=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("Your login address is now %(email)s.") % {"email": request.user.email},
            )
        return redirect("teams:profile")
    return render_page(request, "teams/confirm_email_change.html", {"change": change})


@require_http_methods(["GET", "HEAD", "POST"])
def email_managed_by_school(request: HttpRequest) -> HttpResponse:
    """Login addresses are kept by the school (see EmailChange): allauth's own page for
    adding addresses and making one primary is not offered."""
    messages.info(
        request,
        _(
            "Your school keeps the login addresses. To use another address, ask your school "
            "leader or staff admin."
        ),
    )
    return redirect("teams:profile")


@require_safe
def staff_list(request: HttpRequest) -> HttpResponse:
    require(request.user.can_manage_staff)
    staff = (
        User.objects.visible_to(request.user)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("team").exclude(
                    team__kind=Team.Kind.WHOLE_SCHOOL
                ),
            )
        )
        .order_by("-is_active", "name")
    )
    invitations = (
        Invitation.objects.visible_to(request.user).prefetch_related("teams").order_by("name")
    )
    return render_page(
        request, "teams/staff_list.html", {"staff": staff, "invitations": invitations}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def add_staff_member(request: HttpRequest) -> HttpResponse:
    require(request.user.can_manage_staff)
    school = request.user.school
    form = InvitationForm(post_data(request), school=school, editor=request.user)
    invitations = Invitation.objects.filter(school=school)
    if request.method == "POST" and earlier_submission(invitations, form):
        return redirect("teams:staff_list")  # a second click: the invitation went out
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_once(
                form,
                invitations,
                lambda key: invite_staff(
                    submission_key=key,
                    school=school,
                    invited_by=request.user,
                    name=data["name"],
                    email=data["email"],
                    job_title=data["job_title"],
                    working_days=data["working_days"],
                    language=data["language"],
                    role=data.get("role", User.Role.STAFF),
                    is_school_admin=data.get("is_school_admin", False),
                    teams=data["teams"],
                    lead_of=data["lead_of"],
                ),
            )
        except IntegrityError:
            # Posted twice at once without the form's key: the first one invited them.
            if not invitations.filter(email=data["email"]).exists():
                raise
        messages.success(
            request,
            _(
                "%(name)s is invited: an email with a link to choose a password is on its way "
                "to %(email)s. Their account exists once they accept."
            )
            % {"name": data["name"], "email": data["email"]},
        )
        return redirect("teams:staff_list")
    status = 422 if request.method == "POST" else 200
    return render_page(request, "teams/edit_staff.html", {"form": form}, status=status)


@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = visible_or_404(Invitation.objects, request.user, pk=pk)
    resend_invitation_service(invitation=invitation)
    messages.success(
        request,
        _("A new invitation is on its way to %(email)s; the old link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("teams:staff_list")


@require_POST
def withdraw_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = visible_or_404(Invitation.objects, request.user, pk=pk)
    invitation.delete()
    messages.success(
        request,
        _("The invitation for %(name)s is withdrawn; its link no longer works.")
        % {"name": invitation.name},
    )
    return redirect("teams:staff_list")


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation: choose a password and the account exists, signed in."""
    invitation = Invitation.objects.select_related("school").filter(token=token).first()
    if invitation is None or invitation.is_expired:
        return render_page(
            request, "teams/accept_invitation.html", {"invitation": None}, status=404
        )
    if request.user.is_authenticated:
        # Someone else's session on this browser (or the person's own other account).
        return render_page(
            request, "teams/accept_invitation.html", {"invitation": invitation, "signed_in": True}
        )
    form = AcceptInvitationForm(post_data(request), invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation_service(token=token, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="plc.auth.SchoolModelBackend")
            messages.success(request, _("Welcome, %(name)s.") % {"name": user.name})
            return redirect("home")
    status = 422 if request.method == "POST" else 200
    return render_page(
        request,
        "teams/accept_invitation.html",
        {"invitation": invitation, "form": form},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def edit_staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_or_404(User.objects.all(), request.user, pk=pk)
    require(request.user.can_manage_person(person))
    # Validating the form writes the new values into person: keep what they were.
    was_leader, login_email = person.is_leader, person.email
    form = StaffForm(
        post_data(request), instance=person, school=request.user.school, editor=request.user
    )
    if request.method == "POST" and form.is_valid():
        new_role = form.cleaned_data.get("role", person.role)
        if person == request.user and was_leader and new_role != User.Role.LEADER:
            form.add_error("role", _("You cannot take away your own school-leader role."))
        else:
            new_email = person.email
            with transaction.atomic():
                if saved := claim_version(form):
                    # The login address changes only through request_email_change.
                    person.email = login_email
                    form.save()
                    set_memberships(
                        user=person,
                        teams=form.cleaned_data["teams"],
                        lead_of=form.cleaned_data["lead_of"],
                    )
                    pending = new_email.lower() != login_email.lower() and request_email_change(
                        user=person, new_email=new_email, requested_by=request.user
                    )
            if not saved:
                form, conflict = reopen_after_conflict(
                    form,
                    lambda data, fresh: StaffForm(
                        data, instance=fresh, school=request.user.school, editor=request.user
                    ),
                )
                return render_page(
                    request,
                    "teams/edit_staff.html",
                    {"form": form, "person": person, "conflict": conflict},
                    status=409,
                )
            messages.success(request, _("%(name)s is saved.") % {"name": person})
            if pending:
                messages.info(
                    request,
                    _(
                        "%(name)s gets a link at %(email)s to confirm the new login address; "
                        "until then the old one stays in use."
                    )
                    % {"name": person, "email": new_email},
                )
            return redirect("teams:staff_list")
    status = 422 if request.method == "POST" else 200
    return render_page(
        request, "teams/edit_staff.html", {"form": form, "person": person}, status=status
    )


@require_POST
def deactivate_staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_or_404(User.objects.all(), request.user, pk=pk)
    require(request.user.can_manage_person(person))
    if person == request.user:
        messages.error(request, _("You cannot deactivate yourself."))
    else:
        person.deactivate()
        messages.success(
            request,
            _("%(name)s is deactivated: they can no longer log in; their work stays.")
            % {"name": person},
        )
    return redirect("teams:staff_list")


@require_POST
def reactivate_staff_member(request: HttpRequest, pk: int) -> HttpResponse:
    person = visible_or_404(User.objects.all(), request.user, pk=pk)
    require(request.user.can_manage_person(person))
    try:
        person.reactivate()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("teams:staff_list")
    messages.success(request, _("%(name)s is active again.") % {"name": person})
    return redirect("teams:staff_list")


@require_http_methods(["GET", "HEAD", "POST"])
def import_staff_members(request: HttpRequest) -> HttpResponse:
    require(request.user.can_manage_staff)
    school = request.user.school
    if request.method != "POST":
        return render_page(request, "teams/import_staff.html", {"form": StaffImportForm()})
    form = StaffImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_page(request, "teams/import_staff.html", {"form": form}, status=422)
    content = form.cleaned_data["content"]
    key = form.cleaned_data["submission_key"] if "confirm" in request.POST else ""
    if done := imported_before(school=school, submission_key=key):
        return _imported(request, done)  # "Import" clicked twice: the first one did it
    preview = preview_staff_import(school=school, content=content)
    if "confirm" in request.POST and preview.is_valid:
        try:
            people = import_staff(
                school=school, content=content, invited_by=request.user, submission_key=key
            )
        except ValidationError:
            # Someone was added between preview and import: show the fresh preview.
            preview = preview_staff_import(school=school, content=content)
        except IntegrityError:
            # The same confirmation at the same moment: the other one imported.
            if not (done := imported_before(school=school, submission_key=key)):
                raise
            return _imported(request, done)
        else:
            return _imported(request, len(people))
    confirm_form = StaffImportForm(initial={"content": content})
    return render_page(
        request,
        "teams/import_staff.html",
        {"form": StaffImportForm(), "preview": preview, "confirm_form": confirm_form},
        status=200 if preview.is_valid else 422,
    )


def _imported(request: HttpRequest, count: int) -> HttpResponse:
    messages.success(
        request,
        ngettext(
            "%(n)s colleague invited: they get an email with a link to choose a password.",
            "%(n)s colleagues invited: each gets an email with a link to choose a password.",
            count,
        )
        % {"n": count},
    )
    return redirect("teams:staff_list")


@require_safe
def staff_import_example(request: HttpRequest) -> HttpResponse:
    require(request.user.can_manage_staff)
    response = HttpResponse(
        "\ufeffnaam;e-mail;functie;werkdagen;teams;bouwcoördinator van;taal\n"
        "Fatima el Amrani;f.elamrani@school.nl;leerkracht groep 4;ma, di, do;Middenbouw;;nl\n"
        "Joris de Vries;j.devries@school.nl;intern begeleider;di, wo, do, vr;"
        "Onderbouw, Middenbouw;;nl\n",
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="personeel-voorbeeld.csv"'
    return response
