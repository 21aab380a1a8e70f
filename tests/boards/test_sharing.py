"""Sharing a learning card with the board: never by default, found across the board's
schools and by nobody outside it, gone at once when un-shared."""

from django.urls import reverse

from core.personal_data import erase_person
from inquiries.models import BoardQuestion, InitiativeMember, LearningCard
from inquiries.services import change_state
from notifications.models import Notification
from tests.factories import start_test_initiative
from tests.helpers import HTMX, seen, text, unchanged

TITLE = "Leesmotivatie in groep 6"


def board_library(client, **params):
    return client.get(reverse("inquiries:library"), {"bereik": "bestuur", **params})


def share(client, board, **ticks):
    data = {f"board-{name}": "on" for name, on in ticks.items() if on}
    return client.post(reverse("inquiries:share_card", args=[board.initiative.pk]), data)


def everywhere(world, board, client_for) -> dict[str, bool]:
    """Where the card's title shows up, for each person and page that could show it."""
    found = {}
    card_url = reverse("inquiries:board_card", args=[board.card.pk])
    for who in ("teacher", "leader", "outsider"):
        client = client_for(getattr(world, who))
        found[f"{who} board library"] = TITLE in text(board_library(client))
        found[f"{who} board search"] = TITLE in text(board_library(client, zoek="lezen"))
        found[f"{who} school library"] = TITLE in text(
            client.get(reverse("inquiries:library"), {"zoek": "lezen"})
        )
        found[f"{who} card page"] = client.get(card_url).status_code == 200
    client = client_for(world.leader)
    found["leader export"] = TITLE in text(client.get(reverse("dashboard:export_csv")))
    found["leader dashboard"] = TITLE in text(client.get(reverse("dashboard:leader_dashboard")))
    client = client_for(board.officer)
    found["officer board library"] = TITLE in text(client.get(reverse("inquiries:library")))
    found["officer board view"] = TITLE in text(client.get(reverse("boards:board_overview")))
    found["officer card page"] = client.get(card_url).status_code == 200
    return found


def test_a_card_not_shared_is_invisible_to_every_other_school(world, board, client_for):
    assert not any(everywhere(world, board, client_for).values())
    body = text(board_library(client_for(world.teacher)))
    assert "0 leerkaarten" in body
    # Its own school finds it as always, in the school's library.
    own = client_for(board.partner).get(reverse("inquiries:library"), {"zoek": "lezen"})
    assert TITLE in text(own)


def test_a_shared_card_is_found_in_the_board_and_by_nobody_outside_it(world, board, client_for):
    response = share(client_for(board.author), board, named_on_board=True)
    assert response.status_code == 302
    found = everywhere(world, board, client_for)
    inside = {key for key, seen in found.items() if seen}
    assert inside == {
        "teacher board library",
        "teacher board search",
        "teacher card page",
        "leader board library",
        "leader board search",
        "leader card page",
        "officer board library",
        "officer board view",
        "officer card page",
    }, found
    # The school's own library and exports stay the school's; outside the board, nothing.
    body = text(board_library(client_for(world.teacher), zoek="lezen"))
    assert "De Vlinder" in body and "Bo Vlinder" in body
    assert "Kees Vlinder" not in body  # did not tick that he may be named


def test_un_sharing_takes_it_out_of_the_board_at_once(world, board, client_for):
    share(client_for(board.author), board)
    assert TITLE in text(board_library(client_for(world.teacher), zoek="lezen"))
    # Any member may take it back.
    response = client_for(board.partner).post(
        reverse("inquiries:unshare_card", args=[board.initiative.pk]), **HTMX
    )
    assert response.status_code == 200 and 'id="share-panel"' in text(response)
    assert not any(everywhere(world, board, client_for).values())


def test_the_school_leader_switches_sharing_off_for_the_school(world, board, client_for):
    share(client_for(board.author), board)
    client = client_for(board.vlinder_leader)
    page = text(client.get(reverse("teams:edit_school")))
    assert "school-shares_with_board" in page
    data = {
        "school-name": "De Vlinder",
        "school-vision": "",
        **seen(board.vlinder, "school"),
        **_core_values(board.vlinder),
    }  # the box unticked
    assert client.post(reverse("teams:edit_school"), data).status_code == 302
    assert not any(everywhere(world, board, client_for).values())
    # ... and nobody of the school can share one again until the leader allows it.
    response = share(client_for(board.author), board)
    assert response.status_code == 302
    board.card.refresh_from_db()
    page = text(client_for(board.author).get(board.initiative.get_absolute_url()))
    assert "deelt geen leerkaarten" in page
    # A staff admin does not get the switch: it is the leader's.
    assert "school-shares_with_board" not in text(
        client_for(world.admin).get(reverse("teams:edit_school"))
    )


def _core_values(school) -> dict:
    values = list(school.core_values.all())
    data = {
        "values-TOTAL_FORMS": len(values),
        "values-INITIAL_FORMS": len(values),
        "values-MIN_NUM_FORMS": 0,
        "values-MAX_NUM_FORMS": 1000,
    }
    for i, value in enumerate(values):
        data |= {
            f"values-{i}-id": value.pk,
            f"values-{i}-name": value.name,
            f"values-{i}-description": value.description,
        }
    return data


def test_only_a_member_shares_and_only_at_a_school_of_a_board(world, board, client_for):
    url = reverse("inquiries:share_card", args=[board.initiative.pk])
    with unchanged(type(board.card), InitiativeMember):
        # Another school of the board: as if the initiative did not exist.
        assert client_for(world.teacher).post(url).status_code == 404
        # The school's leader is not a member: the members decide.
        assert client_for(board.vlinder_leader).post(url).status_code == 403
        assert client_for(board.officer).post(url).status_code == 404
    # A school outside any board has no sharing at all.
    world.school.board = None
    world.school.save()
    mine = start_test_initiative(starter=world.teacher, team=world.team, title="Alleen bij ons")
    change_state(initiative=mine, user=world.teacher, action="stop", card=LearningCard(learned="x"))
    client = client_for(world.teacher)
    assert "Delen met het bestuur" not in text(client.get(mine.get_absolute_url()))
    client.post(reverse("inquiries:share_card", args=[mine.pk]))
    mine.learning_card.refresh_from_db()
    assert mine.learning_card.shared_at is None


def test_each_member_decides_for_themselves_whether_they_are_named(world, board, client_for):
    share(client_for(board.author), board)
    body = text(board_library(client_for(world.teacher)))
    assert "Bo Vlinder" not in body and "Kees Vlinder" not in body  # nothing ticked
    client_for(board.partner).post(
        reverse("inquiries:board_consent", args=[board.initiative.pk]),
        {"board-named_on_board": "on"},
    )
    body = text(board_library(client_for(world.teacher)))
    assert "Kees Vlinder" in body and "Bo Vlinder" not in body


# --- questions -------------------------------------------------------------------------------


def ask(client, board, text_="Hoe hebben jullie de boeken gekozen?", key="k1"):
    return client.post(
        reverse("inquiries:board_card", args=[board.card.pk]),
        {"question-text": text_, "question-submission_key": key},
    )


def test_a_question_reaches_the_members_who_allowed_it_on_their_bell(world, board, client_for):
    share(client_for(board.author), board, contact_from_board=True)
    client = client_for(world.teacher)
    response = ask(client, board)
    assert response.status_code == 302
    ask(client, board)  # a double click
    question = BoardQuestion.objects.get()
    # The asker finds her question again on the card's page.
    card_page = text(client.get(reverse("inquiries:board_card", args=[board.card.pk])))
    assert question.get_absolute_url() in card_page
    lines = Notification.objects.filter(kind="board_question")
    assert [line.user for line in lines] == [board.author]  # not the partner: not ticked
    assert "Sanne Leerkracht" in lines[0].text and "Basisschool De Linde" in lines[0].text
    # The recipient reads it (and can answer by email); the asker sees it too; nobody else.
    page = client_for(board.author).get(question.get_absolute_url())
    assert page.status_code == 200
    assert "Hoe hebben jullie de boeken gekozen?" in text(page)
    assert f"mailto:{world.teacher.email}" in text(page)
    assert client_for(world.teacher).get(question.get_absolute_url()).status_code == 200
    for someone in (board.partner, board.vlinder_leader, world.leader, board.officer):
        assert client_for(someone).get(question.get_absolute_url()).status_code == 404


def test_nobody_to_ask_means_no_question_form_and_nothing_sent(world, board, client_for):
    share(client_for(board.author), board)
    client = client_for(world.teacher)
    page = text(client.get(reverse("inquiries:board_card", args=[board.card.pk])))
    assert "question-text" not in page
    with unchanged(BoardQuestion, Notification):
        assert ask(client, board).status_code == 403


def test_an_empty_question_is_refused_in_dutch_and_nothing_is_sent(world, board, client_for):
    share(client_for(board.author), board, contact_from_board=True)
    with unchanged(BoardQuestion, Notification):
        response = ask(client_for(world.teacher), board, text_="  ")
    assert response.status_code == 422
    assert "Schrijf je vraag op." in text(response)


def test_nobody_outside_the_board_can_ask(world, board, client_for):
    share(client_for(board.author), board, contact_from_board=True)
    with unchanged(BoardQuestion, Notification):
        assert ask(client_for(world.outsider), board).status_code == 404
        # The card's own team asks each other in their own school, not here.
        assert ask(client_for(board.partner), board).status_code == 403


def test_an_erased_member_is_no_longer_named_or_asked_and_their_question_goes(
    world, board, client_for
):
    share(client_for(board.author), board, named_on_board=True, contact_from_board=True)
    ask(client_for(world.teacher), board, text_="Welke boeken kozen jullie?")
    board.author.deactivate()
    erase_person(board.author, by=board.vlinder_leader)
    member = InitiativeMember.objects.get(user=board.author)
    assert not member.named_on_board and not member.contact_from_board
    body = text(board_library(client_for(world.colleague)))
    assert TITLE in body and "Bo Vlinder" not in body  # the card stays, the name goes
    world.teacher.deactivate()
    erase_person(world.teacher, by=world.leader)
    assert not BoardQuestion.objects.exists()
