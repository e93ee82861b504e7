"""Paper forms at the desk: batch entry (serial number, date filled in, the identity part,
the marked projects), the first ballot of a person counts and a later paper is refused
and logged; the printable blank form as a PDF."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from hromada.accounts.enums import Role
from hromada.accounts.identity.person_key import person_key_for_taxpayer_number
from hromada.budget.enums import ProjectState
from hromada.core.models import ActivityLog
from hromada.voting.enums import Channel
from hromada.voting.models import Ballot, VoterRecord
from hromada.voting.services.casting import already_voted_message
from tests.factories.accounts import make_user
from tests.factories.budget import taxpayer_number
from tests.factories.budget_projects import make_project
from tests.factories.voting import cast, project_by_number, town, voter, voting_edition

pytestmark = pytest.mark.django_db

BORN = date(1962, 11, 3)
NUMBER = taxpayer_number(BORN, serial="2468")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def url(name: str, edition) -> str:
    return reverse(f"voting:{name}", kwargs={"edition": edition.slug})


def paper_desk(client: Client, **settings):
    edition = voting_edition(accepts_paper_forms=True, **settings)
    operator = make_user(Role.DESK_OPERATOR, scope=edition)
    client.force_login(operator)
    return edition, operator


def form(**changes) -> dict[str, object]:
    values: dict[str, object] = {
        "serial": "17",
        "filled_on": timezone.localdate().isoformat(),
        "document_kind": "rnokpp",
        "document_number": NUMBER,
        "family_name": "Коваль",
        "given_name": "Марія",
        "birth_date": BORN.isoformat(),
        "settlement": town().pk,
        "residency_basis": "registered",
        "numbers": "1 4",
        "form_key": "k" * 32,
    }
    values.update(changes)
    return values


def enter(client: Client, edition, **changes):
    return client.post(url("desk_paper", edition), form(**changes))


def errors(response) -> dict[str, list[str]]:
    return {field: list(found) for field, found in response.context["form"].errors.items()}


# --- Entering forms -------------------------------------------------------------------


def test_an_edition_without_paper_forms_says_so(client):
    edition = voting_edition()
    client.force_login(make_user(Role.DESK_OPERATOR, scope=edition))
    page = client.get(url("desk_paper", edition))
    assert page.status_code == 200
    assert "This edition does not take paper forms" in page.content.decode()
    assert enter(client, edition).status_code == 400
    assert VoterRecord.objects.count() == 0


def test_the_paper_screen_starts_on_the_serial_number(client):
    edition, _operator = paper_desk(client)
    html = client.get(url("desk_paper", edition)).content.decode()
    assert re.search(r'<input[^>]*name="serial"[^>]*autofocus', html)
    assert not re.search(r'<input[^>]*name="document_number"[^>]*autofocus', html)


def test_a_paper_form_is_saved_with_its_serial_and_date_and_the_screen_is_ready(client):
    edition, operator = paper_desk(client)
    filled_on = timezone.localdate() - timedelta(days=1)
    response = enter(client, edition, filled_on=filled_on.isoformat())
    assert response.status_code == 303
    assert response["Location"] == url("desk_paper", edition)
    record = VoterRecord.objects.get()
    assert (
        record.channel,
        record.paper_serial,
        record.paper_filled_on,
        record.desk_operator,
        record.person_key,
    ) == (Channel.PAPER, "000017", filled_on, operator, person_key_for_taxpayer_number(NUMBER))
    first, fourth = project_by_number(edition, 1), project_by_number(edition, 4)
    assert Ballot.objects.get().choices == [
        [first.pk, first.pool_id, 1],
        [fourth.pk, fourth.pool_id, 1],
    ]
    page = client.get(response["Location"])
    assert "Form № 000017 is saved." in page.content.decode()
    assert page.context["form"]["serial"].value() is None


def test_a_serial_entered_twice_is_refused(client):
    edition, _operator = paper_desk(client)
    enter(client, edition)
    other = taxpayer_number(date(1970, 1, 1), serial="1357")
    response = enter(
        client,
        edition,
        serial="000017",
        document_number=other,
        birth_date="1970-01-01",
        form_key="m" * 32,
    )
    assert response.status_code == 409
    assert errors(response) == {
        "serial": ["A form with serial number 000017 has already been entered."]
    }
    assert VoterRecord.objects.count() == 1


def test_the_same_form_posted_twice_is_saved_once(client):
    edition, _operator = paper_desk(client)
    enter(client, edition)
    again = enter(client, edition)
    assert again.status_code == 303
    assert "This form was already saved." in client.get(again["Location"]).content.decode()
    assert (VoterRecord.objects.count(), Ballot.objects.count()) == (1, 1)


def test_a_paper_after_a_desk_vote_is_refused_and_the_refusal_logged(client):
    edition, operator = paper_desk(client)
    desk_operator = make_user(Role.DESK_OPERATOR, scope=edition)
    cast(
        edition,
        {2: 1},
        who=voter(person_key=person_key_for_taxpayer_number(NUMBER), birth_date=BORN),
        channel=Channel.DESK,
        operator=desk_operator,
    )
    first = VoterRecord.objects.get()
    response = enter(client, edition, serial="000231")
    assert response.status_code == 409
    assert errors(response) == {
        "__all__": [
            "Form № 000231 is refused and the refusal is logged: " + already_voted_message(first)
        ]
    }
    assert "at a service-centre desk" in errors(response)["__all__"][0]
    entry = ActivityLog.objects.get(action="voting.paper_refused")
    assert (entry.actor, entry.object_id, entry.after) == (
        operator,
        str(first.pk),
        {"paper_serial": "000231", "first_channel": "desk"},
    )
    assert (VoterRecord.objects.count(), Ballot.objects.count()) == (1, 1)


def test_a_paper_after_an_online_vote_is_refused(client):
    edition, _operator = paper_desk(client)
    cast(edition, {1: 1}, who=voter(person_key=person_key_for_taxpayer_number(NUMBER)))
    response = enter(client, edition)
    assert response.status_code == 409
    assert "online" in errors(response)["__all__"][0]
    assert VoterRecord.objects.count() == 1


def test_a_form_dated_in_the_future_is_refused(client):
    edition, _operator = paper_desk(client)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = enter(client, edition, filled_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert errors(response) == {"filled_on": ["The date on the form cannot be in the future."]}
    assert VoterRecord.objects.count() == 0


def test_a_form_dated_before_voting_is_refused(client):
    edition, _operator = paper_desk(client)
    voting = edition.phases.get(kind="voting")
    before = voting.starts_on - timedelta(days=1)
    response = enter(client, edition, filled_on=before.isoformat())
    assert errors(response) == {
        "filled_on": [
            f"The form must be filled in during voting "
            f"({voting.starts_on:%d.%m.%Y} – {voting.ends_on:%d.%m.%Y})."
        ]
    }


def test_a_wrong_check_digit_on_a_paper_form_is_refused(client):
    edition, _operator = paper_desk(client)
    wrong = NUMBER[:9] + str((int(NUMBER[9]) + 1) % 10)
    response = enter(client, edition, document_number=wrong)
    assert errors(response) == {
        "document_number": [
            "This taxpayer number (RNOKPP) is not valid: its check digit does not match."
        ]
    }
    assert wrong not in response.content.decode()


def test_too_many_marks_on_a_paper_form_are_refused_and_nothing_written(client):
    edition, _operator = paper_desk(client)
    response = enter(client, edition, numbers="1 2")
    assert response.status_code == 400
    assert errors(response) == {"numbers": ["Choose at most 1 project in each pool."]}
    assert (VoterRecord.objects.count(), Ballot.objects.count()) == (0, 0)
    assert 'value="1 2"' in response.content.decode()


def test_an_under_age_person_on_a_paper_form_is_refused(client):
    edition, _operator = paper_desk(client)
    born = timezone.localdate() - timedelta(days=10 * 365)
    response = enter(
        client, edition, document_number=taxpayer_number(born), birth_date=born.isoformat()
    )
    assert errors(response) == {
        "__all__": [f"Voters must be at least 16 years old by {timezone.localdate():%d.%m.%Y}."]
    }


def test_the_number_of_a_paper_form_is_nowhere_afterwards(client):
    edition, _operator = paper_desk(client)
    enter(client, edition)
    stored = [
        json.dumps(list(model._default_manager.values()), cls=DjangoJSONEncoder, ensure_ascii=False)
        for model in apps.get_models()
    ] + [json.dumps(s.get_decoded(), cls=DjangoJSONEncoder) for s in Session.objects.all()]
    assert VoterRecord.objects.count() == 1
    assert NUMBER not in "\n".join(stored)


def test_paper_entry_outside_the_voting_window_is_refused(client):
    edition, _operator = paper_desk(client)
    yesterday = timezone.localdate() - timedelta(days=1)
    edition.phases.filter(kind="voting").update(ends_on=yesterday)
    response = enter(client, edition)
    assert response.status_code == 400
    assert response.context["problems"] == ["Voting in this edition is not open now."]
    assert VoterRecord.objects.count() == 0


# --- The printable form -------------------------------------------------------------


def page_texts(response) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def serial_positions(page) -> list[tuple[str, float, float]]:
    """Where the "№" labels of the form and the stamped serial numbers are drawn."""
    found = []

    def visit(text, matrix, text_matrix, font, size):
        if text.strip() in {"№", "000041"}:
            found.append((text.strip(), matrix[4] + text_matrix[4], matrix[5] + text_matrix[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_blank_forms_print_one_page_each_with_serials_cut_line_and_projects(client):
    edition, _operator = paper_desk(client)
    response = client.get(url("paper_form", edition), {"count": 2, "first": 41})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    first, second = page_texts(response)
    # The identity part and the ballot part carry the same serial number.
    assert (first.count("000041"), first.count("000042")) == (2, 0)
    assert (second.count("000041"), second.count("000042")) == (0, 2)
    assert "cut here" in first
    assert "Лавки у сквері" in first
    assert "Зупинка в Богдашеві" in first
    assert "at most 1 project in each pool" in first


def test_the_serial_number_is_printed_in_the_slot_after_its_label(client):
    edition, _operator = paper_desk(client)
    response = client.get(url("paper_form", edition), {"first": 41})
    labels_and_serials = serial_positions(PdfReader(io.BytesIO(response.content)).pages[0])
    labels = [(x, y) for text, x, y in labels_and_serials if text == "№"]
    serials = [(x, y) for text, x, y in labels_and_serials if text == "000041"]
    assert len(labels) == len(serials) == 2
    for (label_x, label_y), (serial_x, serial_y) in zip(labels, serials, strict=True):
        assert serial_y == pytest.approx(label_y, abs=0.5)  # on the same baseline
        assert 5 < serial_x - label_x < 40  # just after the label


def test_a_long_ballot_carries_the_serial_number_on_its_second_page(client):
    edition, _operator = paper_desk(client)
    for number in range(30):
        make_project(
            edition,
            state=ProjectState.ADMITTED,
            title=f"Проєкт {number} з довгою назвою",
            pool_code="small",
            cost_items=[("Роботи", "посл.", Decimal("1"), Decimal("1000"))],
        )
    texts = page_texts(client.get(url("paper_form", edition), {"count": 2, "first": 7}))
    assert len(texts) == 4
    assert ["000007" in text for text in texts] == [True, True, False, False]
    assert ["000008" in text for text in texts] == [False, False, True, True]
    assert "Проєкт 29 з довгою назвою" in texts[1]


def test_one_blank_form_by_default(client):
    edition, _operator = paper_desk(client)
    texts = page_texts(client.get(url("paper_form", edition)))
    assert len(texts) == 1
    assert texts[0].count("000001") == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"count": "501"}, "Print at most 500 forms at once."),
        ({"count": "0"}, "Print at least one form."),
        ({"count": "many"}, "Enter a whole number of forms."),
        ({"first": "-3"}, "Serial numbers start at 1."),
    ],
)
def test_a_bad_print_request_gets_a_clear_message(client, query, message):
    edition, _operator = paper_desk(client)
    response = client.get(url("paper_form", edition), query)
    assert response.status_code == 400
    found = [e for errors in response.context["print_form"].errors.values() for e in errors]
    assert found == [message]


def test_no_blank_forms_for_an_edition_without_paper_forms(client):
    edition = voting_edition()
    client.force_login(make_user(Role.DESK_OPERATOR, scope=edition))
    response = client.get(url("paper_form", edition))
    assert response.status_code == 400
    assert "This edition does not take paper forms" in response.content.decode()


def test_the_database_refuses_a_paper_serial_entered_twice():
    from hromada.voting.enums import Channel as VotingChannel
    from tests.factories.voting import cast as cast_ballot_for
    from tests.factories.voting import voter as some_voter
    from tests.factories.voting import voting_edition as open_voting

    edition = open_voting(accepts_paper_forms=True)
    cast_ballot_for(edition, {1: 1}, channel=VotingChannel.PAPER, paper_serial="000042")
    with pytest.raises(ValidationError) as refused:
        cast_ballot_for(
            edition, {2: 1}, who=some_voter(), channel=VotingChannel.PAPER, paper_serial="000042"
        )
    assert refused.value.code == "paper_serial"
    assert "000042" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"count": 501, "first": 1}, "Print at most 500 forms at once."),
        ({"count": "many", "first": 1}, None),
        ({"count": 2, "first": 10**6}, "This serial number is too large."),
    ],
)
def test_bad_print_requests_are_refused_with_a_message(client, query, message):
    edition, _operator = paper_desk(client)
    response = client.get(url("paper_form", edition), query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    if message is not None:
        assert message in response.content.decode()
