"""Logging in, failed logins, throttling and password reset (django-allauth)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from tests.helpers import text


@pytest.fixture(autouse=True)
def _empty_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


def login(client, email, password, ip="10.1.2.3"):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_login_page_is_dutch_with_visible_labels(client, db):
    body = text(client.get(reverse("account_login")))
    assert '<label for="id_login">E-mailadres</label>' in body
    assert '<label for="id_password">Wachtwoord</label>' in body
    assert "Wachtwoord vergeten?" in body
    assert "signup" not in body  # staff are added by the school, nobody signs up


def test_teacher_logs_in_with_email_and_lands_on_my_learning_community(client, world):
    response = login(client, world.teacher.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "Mijn leergemeenschap" in text(client.get(reverse("home")))


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_email(client, world):
    response = login(client, world.teacher.email, "fout")
    assert response.status_code == 200
    body = text(response)
    assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in body
    assert f'value="{world.teacher.email}"' in body


def test_repeated_failures_lock_that_account_but_not_the_school_behind_the_same_ip(client, world):
    for _ in range(5):
        login(client, world.teacher.email, "fout")
    response = login(client, world.teacher.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Te veel inlogpogingen" in text(response)
    # A colleague at the same school (same IP address) logs in as usual.
    response = login(client, world.colleague.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.colleague.pk)


def test_a_whole_school_logging_in_on_monday_morning_is_not_throttled(client, world):
    staff = [UserFactory(school=world.school) for _ in range(30)]
    for person in staff:
        client.logout()
        response = login(client, person.email, PASSWORD)
        assert response.status_code == 302, person.email


def test_password_reset_mails_a_link_that_sets_a_new_password(client, world):
    response = client.post(reverse("account_reset_password"), {"email": world.teacher.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.teacher.email]
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"}
    )
    assert response.status_code == 302
    world.teacher.refresh_from_db()
    assert world.teacher.check_password("Nieuw-wachtwoord-2026")


def test_password_reset_for_an_unknown_address_tells_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "niemand@school.test"})
    # The same answer as for a real colleague, so nobody can find out who works here.
    assert response["Location"] == reverse("account_reset_password_done")


def test_nobody_can_sign_up(client, db):
    response = client.get(reverse("account_signup"))
    assert 'name="password1"' not in text(response)


def test_a_too_short_new_password_is_refused_in_dutch(client_for, world):
    client = client_for(world.teacher)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "kort", "password2": "kort"},
    )
    assert "Dit wachtwoord is te kort. Het moet minstens 8 tekens bevatten." in text(response)


def test_forbidden_and_missing_pages_speak_dutch_and_lead_home(client_for, world, settings):
    settings.DEBUG = False
    client = client_for(world.teacher)
    forbidden = client.get(reverse("teams:staff_list"))
    assert forbidden.status_code == 403
    assert "Dit kun jij niet wijzigen" in text(forbidden)
    assert reverse("home") in text(forbidden)
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404
    assert "Deze pagina bestaat niet" in text(missing)


def test_an_old_reset_link_says_so_in_plain_dutch(client, db):
    response = client.get("/accounts/password/reset/key/1-onzin/", follow=True)
    body = text(response)
    assert "Deze link werkt niet meer" in body
    assert "Ongeldige sleutel" not in body
