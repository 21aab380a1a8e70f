"""Each role finds its way in: from home, every "Wacht op jou" line opens its item, and the
browser's back button returns home with the list still there."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from culture.models import Round
from culture.services import open_round
from reflections.models import LessonVisit, Reflection
from reflections.services import ask_feedback
from teams.models import Team, User

from .conftest import log_in


@pytest.fixture
def busy_week(demo_school):
    """On top of the demo: a self-scan opened today, and a colleague asking the teacher for
    feedback."""
    teacher = User.objects.get(email="leerkracht@demo.test")
    today = timezone.localdate()
    open_round(
        round=Round(
            school=teacher.school,
            kind=Round.Kind.SCAN,
            title="Zelfscan december",
            opens_on=today,
            closes_on=today + datetime.timedelta(days=14),
        )
    )
    colleague = User.objects.get(email="middenbouw@demo.test")
    reflection = Reflection.objects.create(
        school=colleague.school,
        author=colleague,
        title="Stil lezen na de pauze",
        proud_of="Iedereen las tien minuten.",
        visibility=Reflection.Visibility.TEAM,
        team=Team.objects.get(school=colleague.school, name="Middenbouw"),
    )
    ask_feedback(reflection=reflection, colleagues=[teacher])


# The demo plans its lesson visits on the next day both colleagues work: which weekday
# that is depends on the day the test runs, so the lines are matched on the visit's own day.
VISIT_DAY = "{visit day}"


def visit_day(email: str) -> str:
    visit = (
        LessonVisit.objects.filter(Q(host__email=email) | Q(observer__email=email))
        .filter(state__in=[LessonVisit.State.INVITED, LessonVisit.State.ACCEPTED])
        .order_by("planned_on")
        .first()
    )
    with translation.override("nl"):
        return date_format(visit.planned_on, "l j F")


# Per role, the lines that must be there and the heading of the page each one opens.
EXPECTED = {
    "leerkracht@demo.test": [
        ("Zelfscan december", "Zelfscan december"),
        ("Stil lezen na de pauze", "Feedback voor Youssef Amrani"),
        (VISIT_DAY, "Lesbezoek"),
    ],
    "middenbouw@demo.test": [
        ("Zelfscan december", "Zelfscan december"),
        (VISIT_DAY, "Lesbezoek"),
        ("om te bespreken", "Bespreken"),
    ],
    "directeur@demo.test": [
        ("Zelfscan december", "Zelfscan december"),
        ("Cultuurpeiling november", "Cultuurpeiling november"),
        ("om te bespreken", "Bespreken"),
        ("wacht op je antwoord", "Hulpvragen"),
    ],
}


@pytest.mark.parametrize("email", EXPECTED)
def test_every_waiting_line_opens_its_item_and_back_leads_home(
    page, live_server, busy_week, email, console_errors
):
    log_in(page, live_server, email)
    waiting = page.get_by_role("region", name="Wacht op jou")
    links = waiting.get_by_role("link")
    count = links.count()
    texts = [links.nth(i).inner_text() for i in range(count)]
    expected = [
        (visit_day(email) if line == VISIT_DAY else line, heading)
        for line, heading in EXPECTED[email]
    ]
    for line, _heading in expected:
        assert any(line in text for text in texts) or line in waiting.inner_text(), (line, texts)

    for i in range(count):
        link = page.get_by_role("region", name="Wacht op jou").get_by_role("link").nth(i)
        line = link.inner_text()
        link.click()
        expect(page).not_to_have_url(f"{live_server.url}/")
        heading = next((h for text, h in expected if text in line or text in page.title()), None)
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        else:
            expect(page.get_by_role("heading", level=1)).to_be_visible()
        page.go_back()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_role("region", name="Wacht op jou")).to_be_visible()
    assert console_errors == []
