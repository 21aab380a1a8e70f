"""Sign-in throttling (teams/throttle.py): guessing is slowed, a school is never locked out."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from teams import throttle
from teams.models import User
from tests.factories import PASSWORD
from tests.helpers import text

SCHOOL_IP = "145.1.2.3"  # the whole school, behind one NAT
WAIT_ONE_MINUTE = "Te veel inlogpogingen. Probeer het over 1 minuut opnieuw."


@pytest.fixture(autouse=True)
def _empty_cache(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        at = time.time()

        def advance(self, seconds: float) -> None:
            self.at += seconds

    frozen = Clock()
    monkeypatch.setattr(throttle, "now", lambda: frozen.at)
    return frozen


def login(client, email, password, ip=SCHOOL_IP, **headers):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip, **headers
    )


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def known_device(user, ip=SCHOOL_IP) -> Client:
    """A browser this person signed in on before, and logged out of."""
    device = Client()
    assert login(device, user.email, PASSWORD, ip=ip).status_code == 302
    device.post(reverse("account_logout"))
    assert not signed_in_as(device, user)
    return device


def guess_from_many_addresses(email, guesses):
    """Three wrong passwords from each address: under the limit for one address."""
    for n in range(guesses):
        login(Client(), email, "geraden", ip=f"198.51.100.{n // 3}")


# --- A school behind one address ---------------------------------------------------------------


def test_sixty_failed_logins_from_one_address_do_not_stop_a_teacher_there_signing_in(world):
    guesser = Client()
    for n in range(60):
        response = login(guesser, f"verzonnen{n}@school.test", "geraden")
        assert "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct." in text(
            response
        )

    teacher = Client()
    response = login(teacher, world.teacher.email, PASSWORD)

    assert response.status_code == 302
    assert signed_in_as(teacher, world.teacher)


def test_past_the_ceiling_for_one_address_only_known_devices_sign_in_there(world, settings, clock):
    settings.PLC_LOGIN_FAILURES_PER_IP_PER_HOUR = 20
    laptop = known_device(world.teacher)
    for n in range(20):
        login(Client(), f"verzonnen{n}@school.test", "geraden")

    new_device = Client()
    refused = login(new_device, world.colleague.email, PASSWORD)
    assert not signed_in_as(new_device, world.colleague)
    assert "Te veel inlogpogingen. Probeer het over" in text(refused)
    assert login(laptop, world.teacher.email, PASSWORD).status_code == 302
    assert signed_in_as(laptop, world.teacher)

    clock.advance(2 * 3600)
    assert login(new_device, world.colleague.email, PASSWORD).status_code == 302
    assert signed_in_as(new_device, world.colleague)


# --- One account, guessed at from one address: the pair -----------------------------------------


def test_five_wrong_passwords_from_one_address_make_the_next_attempt_there_wait_a_minute(
    world, clock
):
    for _ in range(5):
        login(Client(), world.leader.email, "geraden")
    leader = Client()

    response = login(leader, world.leader.email, PASSWORD)
    assert not signed_in_as(leader, world.leader)
    assert WAIT_ONE_MINUTE in text(response)
    assert f'value="{world.leader.email}"' in text(response)

    clock.advance(30)  # clicking again while waiting checks nothing and adds no wait
    assert WAIT_ONE_MINUTE in text(login(leader, world.leader.email, PASSWORD))
    clock.advance(31)
    response = login(leader, world.leader.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(leader, world.leader)


def test_each_further_wrong_password_doubles_the_wait_up_to_an_hour(world, clock):
    for _ in range(5):
        login(Client(), world.leader.email, "geraden")
    for minutes in [2, 4, 8, 16, 32, 60, 60]:
        clock.advance(throttle.PAIR.cap)
        login(Client(), world.leader.email, "geraden")
        response = login(Client(), world.leader.email, PASSWORD)
        assert f"Probeer het over {minutes} minuten opnieuw." in text(response), minutes


def test_a_colleague_at_the_same_address_is_not_slowed_by_the_guesses(world):
    for _ in range(5):
        login(Client(), world.leader.email, "geraden")
    colleague = Client()
    assert login(colleague, world.colleague.email, PASSWORD).status_code == 302
    assert signed_in_as(colleague, world.colleague)


# --- One account, guessed at from many addresses --------------------------------------------


def test_guessing_the_leaders_password_from_many_addresses_stops_new_devices_not_her_laptop(
    world,
):
    laptop = known_device(world.leader)
    guess_from_many_addresses(world.leader.email, 12)

    new_device = Client()
    response = login(new_device, world.leader.email, PASSWORD, ip="192.0.2.50")
    assert not signed_in_as(new_device, world.leader)
    assert "Te veel inlogpogingen. Probeer het over" in text(response)

    response = login(laptop, world.leader.email, PASSWORD, ip="192.0.2.60")
    assert response.status_code == 302
    assert signed_in_as(laptop, world.leader)


def test_a_made_up_address_gets_the_same_answer_as_a_real_one(world):
    guess_from_many_addresses(world.leader.email, 12)
    guess_from_many_addresses("niemand@school.test", 12)
    real = text(login(Client(), world.leader.email, PASSWORD, ip="192.0.2.50"))
    made_up = text(login(Client(), "niemand@school.test", PASSWORD, ip="192.0.2.50"))
    assert WAIT_ONE_MINUTE in real
    assert WAIT_ONE_MINUTE in made_up


def test_a_known_device_helps_only_the_account_that_signed_in_on_it(world):
    laptop = known_device(world.teacher)
    guess_from_many_addresses(world.leader.email, 12)
    response = login(laptop, world.leader.email, PASSWORD, ip="192.0.2.60")
    assert not signed_in_as(laptop, world.leader)
    assert "Te veel inlogpogingen" in text(response)


def test_a_forged_device_cookie_counts_as_a_new_device(world):
    laptop = known_device(world.leader)
    guess_from_many_addresses(world.leader.email, 12)
    cookie = laptop.cookies["plc_device"].value
    laptop.cookies["plc_device"] = cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB")
    response = login(laptop, world.leader.email, PASSWORD, ip="192.0.2.60")
    assert not signed_in_as(laptop, world.leader)
    assert "Te veel inlogpogingen" in text(response)


def test_on_a_known_device_wrong_passwords_still_wait_from_the_fifth_on(world, clock):
    laptop = known_device(world.leader)
    for n in range(5):
        login(laptop, world.leader.email, "geraden", ip=f"192.0.2.{n}")
    response = login(laptop, world.leader.email, PASSWORD, ip="192.0.2.99")
    assert WAIT_ONE_MINUTE in text(response)
    clock.advance(61)
    assert login(laptop, world.leader.email, PASSWORD, ip="192.0.2.99").status_code == 302


def test_a_successful_login_marks_the_device_with_a_long_lived_httponly_lax_cookie(world):
    response = login(Client(), world.teacher.email, PASSWORD)
    cookie = response.cookies["plc_device"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 3600
    assert not cookie["secure"]
    again = login(Client(), world.teacher.email, PASSWORD).cookies["plc_device"]
    assert again.value != cookie.value  # a new device id at every login


def test_in_production_the_device_cookie_is_secure_and_host_only(world, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = login(Client(), world.teacher.email, PASSWORD, secure=True)
    cookie = response.cookies["__Host-plc_device"]
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert not cookie["domain"]


# --- The admin's login -------------------------------------------------------------------------


@pytest.fixture
def operator(world):
    return User.objects.create_superuser(
        email="beheer@installatie.test", password=PASSWORD, name="Beheer", school=world.school
    )


def test_the_admins_login_page_leads_to_the_apps_login_and_back(client, operator):
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fbeheer%2F"
    response = client.post(
        response.redirect_chain[-1][0],
        {"login": operator.email, "password": PASSWORD},
        REMOTE_ADDR=SCHOOL_IP,
    )
    assert response["Location"] == "/beheer/"
    assert client.get("/beheer/").status_code == 200


def test_the_admins_own_login_form_takes_no_password(client, operator):
    response = client.post(
        "/beheer/login/", {"username": operator.email, "password": PASSWORD}, REMOTE_ADDR=SCHOOL_IP
    )
    assert response.status_code == 405
    assert not signed_in_as(client, operator)


def test_an_outside_next_address_from_the_admins_login_is_dropped(client, db):
    response = client.get("/beheer/login/", {"next": "https://kwaadwillend.test/"})
    assert response["Location"] == reverse("account_login") + "?next=%2Fbeheer%2F"


def test_a_signed_in_teacher_who_opens_the_admin_is_refused_not_sent_round(client_for, world):
    response = client_for(world.teacher).get("/beheer/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def test_thirty_wrong_superuser_passwords_stop_the_right_one_from_a_new_device(operator):
    laptop = known_device(operator)
    for n in range(30):
        login(Client(), operator.email, "geraden", ip=f"203.0.113.{n // 3}")

    new_device = Client()
    response = login(new_device, operator.email, PASSWORD, ip="192.0.2.50")
    assert not signed_in_as(new_device, operator)
    assert "Te veel inlogpogingen" in text(response)
    assert new_device.get("/beheer/").status_code == 302

    assert login(laptop, operator.email, PASSWORD, ip="192.0.2.60").status_code == 302
    assert laptop.get("/beheer/").status_code == 200


# --- Behind the TLS proxy ----------------------------------------------------------------------

PROXY_IP = "10.0.0.2"


def through_proxy(client, email, password, forwarded_for):
    return login(client, email, password, ip=PROXY_IP, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_behind_the_proxy_one_clients_failures_do_not_block_another(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        through_proxy(Client(), world.leader.email, "geraden", "203.0.113.7")
    guesser = Client()
    response = through_proxy(guesser, world.leader.email, PASSWORD, "203.0.113.7")
    assert not signed_in_as(guesser, world.leader)
    assert WAIT_ONE_MINUTE in text(response)

    leader = Client()
    assert through_proxy(leader, world.leader.email, PASSWORD, "198.51.100.9").status_code == 302
    assert signed_in_as(leader, world.leader)


def test_behind_the_proxy_a_forged_left_most_forwarded_address_is_ignored(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # The client writes its own X-Forwarded-For; the proxy appends the real address.
        through_proxy(Client(), world.leader.email, "geraden", f"192.0.2.{n}, 203.0.113.7")

    guesser = Client()
    response = through_proxy(guesser, world.leader.email, PASSWORD, "198.51.100.9, 203.0.113.7")
    assert not signed_in_as(guesser, world.leader)
    assert WAIT_ONE_MINUTE in text(response)
    leader = Client()
    assert through_proxy(leader, world.leader.email, PASSWORD, "198.51.100.9").status_code == 302


def test_without_a_proxy_a_forwarded_address_is_not_believed_at_all(world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        login(Client(), world.leader.email, "geraden", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = login(Client(), world.leader.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert WAIT_ONE_MINUTE in text(response)


@pytest.mark.parametrize(
    ("env", "trusted"),
    [
        ({}, "0"),
        ({"DJANGO_BEHIND_TLS_PROXY": "1"}, "1"),
        ({"DJANGO_BEHIND_TLS_PROXY": "1", "PLC_TRUSTED_PROXY_COUNT": "2"}, "2"),
    ],
)
def test_the_documented_tls_proxy_is_trusted_for_exactly_one_forwarded_hop(env, trusted):
    root = Path(__file__).resolve().parents[2]
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PLC_", "DATABASE_URL", "REDIS_URL"))
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={**clean, "DJANGO_SETTINGS_MODULE": "plc.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == trusted


# --- The arithmetic ----------------------------------------------------------------------------


def test_the_wait_is_capped_at_an_hour_and_forgotten_after_a_quiet_day():
    assert throttle.PAIR.wait((4, 1000.0), 1000.0) == 0
    assert throttle.PAIR.wait((5, 1000.0), 1000.0) == 60
    assert throttle.PAIR.wait((500, 1000.0), 1000.0) == 3600
    assert throttle.PAIR.wait((500, 1000.0), 1000.0 + 24 * 3600) == 0


def test_sign_in_events_are_logged_without_the_typed_login(world, client, caplog):
    caplog.set_level("INFO", logger="plc.security")
    client.post(reverse("account_login"), {"login": world.teacher.email, "password": "fout"})
    client.post(reverse("account_login"), {"login": world.teacher.email, "password": PASSWORD})
    messages = [r.getMessage() for r in caplog.records if r.name == "plc.security"]
    assert any(m.startswith("sign-in failed: account ") for m in messages)
    assert f"sign-in succeeded: user {world.teacher.pk} from 127.0.0.1" in messages
    assert not any(world.teacher.email in m for m in messages)


def test_a_colleague_guessing_from_the_school_address_cannot_keep_the_leader_off_her_laptop(
    world, clock
):
    laptop = known_device(world.leader)
    colleague = Client()
    for _ in range(8):
        login(colleague, world.leader.email, "geraden")  # the same school address: one pair
    assert login(laptop, world.leader.email, PASSWORD).status_code == 302
    assert signed_in_as(laptop, world.leader)
