"""New colleagues are invited: an email with a link to choose a password, and the account
exists once they accept. Whether an address already has an account at another school of
the installation is never told to the school: only the owner of the address reads it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from teams.models import EmailChange, Invitation, User
from teams.services import import_staff, invite_staff, preview_staff_import
from tests.factories import UserFactory
from tests.helpers import seen, text, unchanged

NEW_PASSWORD = "Leesmotivatie-groep-5!"


@pytest.fixture
def visitor():
    """Someone not signed in: the person who opens the invitation."""
    return Client()


def invite(client, email, **extra):
    data = {
        "name": "Noor Visser",
        "email": email,
        "job_title": "leerkracht groep 3",
        "working_days": ["1", "2"],
        "language": "nl",
        "role": "staff",
        **extra,
    }
    return client.post(reverse("teams:add_staff"), data)


def link_in(message) -> str:
    return re.search(r"https?://\S+(/uitnodiging/\S+/)", message.body).group(1)


def neutral(body: str, *addresses: str) -> str:
    """A page as the school sees it, without what differs between any two requests."""
    for address in addresses:
        body = body.replace(address, "ADDRESS")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    body = re.sub(r"/personeel/uitnodigingen/\d+/", "/personeel/uitnodigingen/N/", body)
    return re.sub(r'nonce="[^"]+"', "", body)


def test_adding_a_colleague_invites_them_and_the_link_makes_the_account(
    world, client_for, visitor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(world.leader), "Noor@School.test", teams=[world.team.pk])
    assert response.status_code == 302
    # No account yet: the invitation waits in the staff list.
    assert not User.objects.filter(email="noor@school.test").exists()
    staff_page = text(client_for(world.leader).get(reverse("teams:staff_list")))
    assert "Uitgenodigd" in staff_page and "noor@school.test" in staff_page
    [message] = mail.outbox
    assert message.to == ["noor@school.test"]
    assert "Je bent uitgenodigd" in message.subject
    link = link_in(message)

    page = visitor.get(link)
    assert page.status_code == 200
    assert "Welkom bij Basisschool De Linde" in text(page)
    response = visitor.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    noor = User.objects.get(email="noor@school.test")
    assert noor.school == world.school and noor.check_password(NEW_PASSWORD)
    assert noor.working_days_display == "di, wo"
    assert set(noor.teams.values_list("name", flat=True)) == {"Middenbouw", "Hele team"}
    # Signed in straight away, and the link has done its work.
    assert "Noor Visser" in text(visitor.get(reverse("home")))
    assert not Invitation.objects.exists()
    visitor.logout()
    assert visitor.get(link).status_code == 404


def test_an_address_at_another_school_looks_to_the_school_exactly_like_a_new_one(
    world, client_for, django_capture_on_commit_callbacks
):
    taken, fresh = world.outsider.email, "nieuw@elders.test"
    pages = {}
    for address in (taken, fresh):
        client = client_for(world.leader)
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(client, address)
        assert response.status_code == 302
        pages[address] = neutral(text(client.get(response.url)), address)
        Invitation.objects.all().delete()  # each page shows its own invitation only
    assert pages[taken] == neutral(pages[fresh], fresh)
    assert "al een account" not in pages[taken]
    # Only the owner of the taken address reads why it will not work yet.
    to_owner, to_new = mail.outbox
    assert to_owner.to == [taken] and to_new.to == [fresh]
    assert to_owner.subject == to_new.subject
    assert "al een account" in to_owner.body and "al een account" not in to_new.body
    # And the school never gets an account with that address in it.
    world.outsider.refresh_from_db()
    assert world.outsider.school == world.other_school


def test_the_owner_of_a_taken_address_cannot_accept_and_nothing_changes(
    world, visitor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_staff(
            school=world.school, invited_by=world.leader, name="Olga", email=world.outsider.email
        )
    link = link_in(mail.outbox[0])
    with unchanged(User):
        response = visitor.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 422
    assert "Dit adres heeft al een account" in text(response)
    world.outsider.refresh_from_db()
    assert not world.outsider.check_password(NEW_PASSWORD)


def test_own_school_clashes_are_named_and_the_form_keeps_what_was_typed(world, client_for):
    client = client_for(world.leader)
    response = invite(client, world.teacher.email.upper())
    assert response.status_code == 422
    body = text(response)
    assert "Een collega van je school gebruikt dit adres al." in body
    assert 'value="Noor Visser"' in body and 'value="leerkracht groep 3"' in body
    assert invite(client, "noor@school.test").status_code == 302
    again = invite(client, "NOOR@school.test")
    assert again.status_code == 422
    assert "Je hebt dit adres al uitgenodigd." in text(again)
    assert Invitation.objects.count() == 1


def test_a_double_click_invites_once_without_an_error(world, client_for, monkeypatch):
    # The second post passes the form's check before the first is saved.
    monkeypatch.setattr("teams.forms.address_in_use", lambda email, school: None)
    client = client_for(world.leader)
    assert invite(client, "noor@school.test").status_code == 302
    assert invite(client, "noor@school.test").status_code == 302
    assert Invitation.objects.count() == 1


def test_the_staff_import_invites_and_is_neutral_about_other_schools(
    world, django_capture_on_commit_callbacks
):
    content = (
        "naam;e-mail;werkdagen\n"
        f"Olga Buiten;{world.outsider.email};ma\n"
        f"Sanne Twee;{world.teacher.email};di\n"
        "Kim Jansen;kim@school.test;wo\n"
    )
    preview = preview_staff_import(school=world.school, content=content)
    olga, sanne, kim = preview.rows
    assert olga.problems == [] and kim.problems == []
    assert sanne.problems == [f"{world.teacher.email} is al een collega van je school."]
    without_sanne = "\n".join(line for line in content.splitlines() if "Sanne" not in line)
    with django_capture_on_commit_callbacks(execute=True):
        invitations = import_staff(
            school=world.school, content=without_sanne, invited_by=world.admin
        )
    assert {i.email for i in invitations} == {world.outsider.email, "kim@school.test"}
    assert len(mail.outbox) == 2
    again = preview_staff_import(school=world.school, content=without_sanne)
    assert again.rows[1].problems == ["kim@school.test is al uitgenodigd."]


def test_changing_an_address_to_one_at_another_school_looks_like_any_change(
    world, client_for, django_capture_on_commit_callbacks
):
    messages = {}
    for address in (world.outsider.email, "nieuw@elders.test"):
        client = client_for(world.leader)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("teams:edit_staff", args=[world.colleague.pk]),
                {
                    "name": world.colleague.name,
                    "email": address,
                    "working_days": ["0", "1", "2", "3", "4"],
                    "language": "nl",
                    "role": "staff",
                    **seen(world.colleague),
                },
            )
        assert response.status_code == 302, text(response)
        messages[address] = neutral(text(client.get(response.url)), address)
    assert messages[world.outsider.email] == messages["nieuw@elders.test"]
    world.colleague.refresh_from_db()
    assert world.colleague.email != world.outsider.email
    assert EmailChange.objects.filter(new_email=world.outsider.email).exists()
    to_taken = next(m for m in mail.outbox if m.to == [world.outsider.email])
    assert "al een account" in to_taken.body
    assert "/profiel/inlogadres/" not in to_taken.body  # nothing to confirm


def test_an_own_school_address_is_refused_when_editing(world, client_for):
    response = client_for(world.leader).post(
        reverse("teams:edit_staff", args=[world.colleague.pk]),
        {
            "name": world.colleague.name,
            "email": world.teacher.email,
            "working_days": ["0"],
            "language": "nl",
            "role": "staff",
        },
    )
    assert response.status_code == 422
    assert "Een collega van je school gebruikt dit adres al." in text(response)


def test_an_expired_or_withdrawn_invitation_makes_no_account(world, visitor, client_for):
    invitation = invite_staff(
        school=world.school, invited_by=world.leader, name="Noor", email="noor@school.test"
    )
    link = invitation.get_absolute_url()
    Invitation.objects.update(sent_at=timezone.now() - timedelta(days=15))
    response = visitor.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 404
    assert "Deze uitnodiging werkt niet meer" in text(response)
    assert not User.objects.filter(email="noor@school.test").exists()

    # Sent again: a fresh link, and the old one stays dead.
    client_for(world.admin).post(reverse("teams:resend_invitation", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.get_absolute_url() != link and not invitation.is_expired
    assert visitor.get(link).status_code == 404
    client_for(world.admin).post(reverse("teams:withdraw_invitation", args=[invitation.pk]))
    assert visitor.get(invitation.get_absolute_url()).status_code == 404


def test_a_weak_or_mistyped_password_keeps_the_page_and_makes_no_account(world, visitor):
    invitation = invite_staff(
        school=world.school, invited_by=world.leader, name="Noor Visser", email="noor@school.test"
    )
    link = invitation.get_absolute_url()
    response = visitor.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert response.status_code == 422
    assert "De twee wachtwoorden zijn niet gelijk." in text(response)
    response = visitor.post(link, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 422
    assert not User.objects.filter(email="noor@school.test").exists()
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_someone_signed_in_is_asked_to_sign_out_first(world, client_for):
    invitation = invite_staff(
        school=world.school, invited_by=world.leader, name="Noor", email="noor@school.test"
    )
    client = client_for(world.teacher)
    response = client.post(
        invitation.get_absolute_url(), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert "Je bent ingelogd als Sanne Leerkracht" in text(response)
    assert not User.objects.filter(email="noor@school.test").exists()


@pytest.mark.parametrize("action", ["resend_invitation", "withdraw_invitation"])
def test_only_the_schools_staff_managers_handle_its_invitations(world, client_for, action):
    invitation = invite_staff(
        school=world.school, invited_by=world.leader, name="Noor", email="noor@school.test"
    )
    url = reverse(f"teams:{action}", args=[invitation.pk])
    with unchanged(Invitation):
        assert client_for(world.teacher).post(url).status_code == 404
        assert client_for(world.outsider).post(url).status_code == 404
    other_admin = UserFactory(school=world.other_school, is_school_admin=True)
    assert client_for(other_admin).post(url).status_code == 404
    assert client_for(world.admin).post(url).status_code == 302
