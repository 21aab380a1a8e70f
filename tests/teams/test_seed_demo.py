from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from inquiries.models import Comment, Entry, Initiative, SupportRequest
from results.models import GoalIndicator, GroupResult, TestMoment, VoiceRound
from teams.models import Membership, School, SharedGoal, Team, TeamNorm, User


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    models = (School, User, Team, Membership, SharedGoal, TeamNorm, Initiative, Entry, Comment)
    models += (TestMoment, GroupResult, VoiceRound)
    return [m.objects.count() for m in models]


def test_seed_demo_loads_a_school_with_three_age_band_teams_and_about_24_staff(db):
    output = run_seed()
    school = School.objects.get()
    assert school.teams.filter(kind=Team.Kind.AGE_BAND).count() == 3
    assert 20 <= school.staff.count() <= 30
    for login in ("directeur@demo.test", "middenbouw@demo.test", "leerkracht@demo.test"):
        assert login in output
    assert "demo" in output
    assert school.core_values.first().name == "intrinsieke motivatie"


def test_running_seed_demo_twice_duplicates_nothing(db):
    run_seed()
    first = counts()
    run_seed()
    assert counts() == first


def test_demo_logins_work_with_password_demo_and_have_their_roles(db):
    run_seed()
    teacher = User.objects.get(email="leerkracht@demo.test")
    assert teacher.working_days_display == "ma, di, do"
    assert teacher.teams.filter(name="Middenbouw").exists()
    assert User.objects.get(email="directeur@demo.test").is_leader
    for team in ("onderbouw", "middenbouw", "bovenbouw"):
        lead = User.objects.get(email=f"{team}@demo.test")
        assert lead.memberships.get(team__name__iexact=team).role == Membership.Role.LEAD
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "leerkracht@demo.test", "password": "demo"}
    )
    assert response.status_code == 302


def test_seed_demo_refuses_to_run_with_production_settings(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run_seed()
    assert School.objects.count() == 0


def test_demo_initiatives_cover_teams_cycles_and_states(db):
    run_seed()
    initiatives = Initiative.objects.all()
    assert 7 <= initiatives.count() <= 10
    assert {i.template.builtin_key for i in initiatives} >= {"spiral", "datateam", "pdca"}
    teams = {t.name for i in initiatives for t in i.teams.all()}
    assert {"Onderbouw", "Middenbouw", "Bovenbouw"} <= teams
    states = {i.state for i in initiatives}
    assert {"idea", "running", "paused", "completed", "stopped"} <= states
    completed = initiatives.get(state="completed")
    assert completed.learning_card.advice
    assert initiatives.get(state="stopped").learning_card.learned
    assert any(i.is_overdue for i in initiatives)
    assert Entry.objects.filter(kind="measurement").exists()
    assert SupportRequest.objects.filter(status="open").exists()
    assert SupportRequest.objects.exclude(status="open").exists()


def test_demo_reflections_and_visits_cover_each_visibility_and_state(db):
    from reflections.models import FeedbackRequest, LessonVisit, Reflection

    run_seed()
    run_seed()
    assert {r.visibility for r in Reflection.objects.all()} == {"private", "team", "school"}
    assert FeedbackRequest.objects.filter(answered_at__isnull=False).exists()
    assert FeedbackRequest.objects.filter(answered_at__isnull=True).exists()
    assert {v.state for v in LessonVisit.objects.all()} >= {
        "invited",
        "accepted",
        "declined",
        "held",
        "reflected",
        "cancelled",
    }
    assert LessonVisit.objects.count() == 6


def test_seed_scale_builds_a_small_board_repeatably_and_refuses_production(db, settings):
    from inquiries.models import Initiative as Ini

    call_command(
        "seed_scale",
        "--schools",
        "2",
        "--staff",
        "12",
        "--initiatives",
        "6",
        "--entries",
        "2",
        stdout=StringIO(),
    )
    assert School.objects.filter(name__startswith="Schaalschool").count() == 2
    assert Ini.objects.count() == 12
    first = sorted(Ini.objects.values_list("title", flat=True))
    call_command(
        "seed_scale",
        "--schools",
        "2",
        "--staff",
        "12",
        "--initiatives",
        "6",
        "--entries",
        "2",
        stdout=StringIO(),
    )
    assert sorted(Ini.objects.values_list("title", flat=True)) == first  # nothing twice
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_scale", stdout=StringIO())


def test_the_demo_has_two_school_years_of_group_results_and_a_pupils_voice_round_per_bouw(db):
    run_seed()
    school = School.objects.get()
    moments = TestMoment.objects.filter(school=school).select_related("school_year")
    assert sorted({m.school_year.name for m in moments}) == ["2024-2025", "2025-2026"]
    assert TestMoment.objects.filter(school=school).count() == 4 * 2 * 2  # subjects, years, M/E
    assert GoalIndicator.objects.filter(goal__school=school).exists()
    rounds = VoiceRound.objects.filter(school=school)
    bouwen = {
        t.name: range(t.first_group, t.last_group + 1) for t in school.teams.filter(kind="age_band")
    }
    assert all(any(r.grade in grades for r in rounds) for grades in bouwen.values())
    assert all(r.shows_result for r in rounds)  # closed, with at least five answers
