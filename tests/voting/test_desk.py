"""The service-centre desk, live entry: the person's document, the checks, the ballot
keyed by the operator, the read-back, the cast and the receipt; who may use the desk;
the per-operator tally."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.accounts.identity.person_key import (
    person_key_for_document,
    person_key_for_taxpayer_number,
)
from hromada.budget.enums import BallotKind, PhaseKind, ProjectState
from hromada.budget.models import Project
from hromada.core.models import ActivityLog
from hromada.voting.desk_lock import LAST_RECEIPT, PENDING_PERSON
from hromada.voting.enums import Channel
from hromada.voting.models import Ballot, VoterRecord
from hromada.voting.receipts import receipt_hash
from hromada.voting.services.casting import already_voted_message
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition, make_resident, settlement, taxpayer_number
from tests.factories.budget_projects import make_project
from tests.factories.voting import cast, project_by_number, town, village, voter, voting_edition

pytestmark = pytest.mark.django_db

BORN = date(1990, 5, 17)
NUMBER = taxpayer_number(BORN)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def url(name: str, edition) -> str:
    return reverse(f"voting:{name}", kwargs={"edition": edition.slug})


def operator_of(edition, client: Client | None = None):
    operator = make_user(Role.DESK_OPERATOR, scope=edition)
    if client is not None:
        client.force_login(operator)
    return operator


def identity(**changes) -> dict[str, object]:
    values: dict[str, object] = {
        "document_kind": "rnokpp",
        "document_number": NUMBER,
        "family_name": "Петренко",
        "given_name": "Ольга",
        "birth_date": BORN.isoformat(),
        "settlement": town().pk,
        "residency_basis": "registered",
    }
    values.update(changes)
    return values


def identify(client: Client, edition, **changes):
    return client.post(url("desk", edition), identity(**changes))


def read_back(client: Client, edition, typed: str = "", boxes: tuple[int, ...] = ()):
    ids = [project_by_number(edition, number).pk for number in boxes]
    return client.post(url("desk_confirm", edition), {"numbers": typed, "project": ids})


def token_of(response) -> str:
    return re.search(r'name="ballot" value="([^"]+)"', response.content.decode()).group(1)


def form_errors(response) -> list[str]:
    form = response.context["form"]
    return [error for errors in form.errors.values() for error in errors]


def at_ballot(client: Client, **settings):
    """An open edition, its operator signed in and the person identified."""
    edition = voting_edition(**settings)
    operator_of(edition, client)
    assert identify(client, edition).status_code == 303
    return edition


def everything_stored() -> str:
    dumps = [
        json.dumps(list(model._default_manager.values()), cls=DjangoJSONEncoder, ensure_ascii=False)
        for model in apps.get_models()
    ]
    dumps += [
        json.dumps(session.get_decoded(), cls=DjangoJSONEncoder, ensure_ascii=False)
        for session in Session.objects.all()
    ]
    return "\n".join(dumps)


# --- Identifying the person ---------------------------------------------------------


def test_the_desk_asks_for_the_document_with_the_number_field_focused(client):
    edition = voting_edition()
    operator_of(edition, client)
    page = client.get(url("desk", edition))
    assert page.status_code == 200
    html = page.content.decode()
    assert "taxpayer number (RNOKPP)" in html
    assert re.search(r'<input[^>]*name="document_number"[^>]*autofocus', html)


def test_an_identified_person_goes_to_the_ballot_with_only_the_person_key_kept(client):
    edition = voting_edition()
    operator_of(edition, client)
    response = identify(client, edition)
    assert response.status_code == 303
    assert response["Location"] == url("desk_ballot", edition)
    pending = client.session[PENDING_PERSON]
    assert pending["key"] == person_key_for_taxpayer_number(NUMBER)
    assert pending["born"] == "1990-05-17"
    assert pending["settlement"] == town().pk
    assert set(pending) == {"edition", "key", "born", "settlement", "desk"}


def test_a_taxpayer_number_with_a_wrong_check_digit_is_refused(client):
    edition = voting_edition()
    operator_of(edition, client)
    wrong = NUMBER[:9] + str((int(NUMBER[9]) + 1) % 10)
    response = identify(client, edition, document_number=wrong)
    assert response.status_code == 400
    assert response.context["form"].errors["document_number"] == [
        "This taxpayer number (RNOKPP) is not valid: its check digit does not match."
    ]
    assert PENDING_PERSON not in client.session


def test_a_refused_document_number_is_not_echoed_but_the_rest_is_kept(client):
    edition = voting_edition()
    operator_of(edition, client)
    wrong = NUMBER[:9] + str((int(NUMBER[9]) + 1) % 10)
    html = identify(client, edition, document_number=wrong).content.decode()
    assert wrong not in html
    assert 'value="Петренко"' in html
    assert 'value="1990-05-17"' in html


@pytest.mark.parametrize("typed", ["17.05.1990", "17051990"])
def test_the_birth_date_may_be_typed_without_a_date_picker(client, typed):
    edition = voting_edition()
    operator_of(edition, client)
    assert identify(client, edition, birth_date=typed).status_code == 303
    assert client.session[PENDING_PERSON]["born"] == "1990-05-17"


def test_a_birth_date_that_contradicts_the_taxpayer_number_is_refused(client):
    edition = voting_edition()
    operator_of(edition, client)
    response = identify(client, edition, birth_date="1990-05-18")
    assert response.status_code == 400
    assert response.context["form"].errors["birth_date"] == [
        "The birth date does not match the taxpayer number."
    ]
    assert PENDING_PERSON not in client.session


def test_a_person_without_a_taxpayer_number_is_identified_by_passport(client):
    edition = voting_edition()
    operator_of(edition, client)
    response = identify(client, edition, document_kind="passport", document_number="со 123456")
    assert response.status_code == 303
    assert client.session[PENDING_PERSON]["key"] == person_key_for_document("passport", "СО123456")


def test_a_passport_number_in_the_wrong_format_is_refused(client):
    edition = voting_edition()
    operator_of(edition, client)
    response = identify(client, edition, document_kind="passport", document_number="123456")
    assert response.status_code == 400
    assert response.context["form"].errors["document_number"] == [
        "A passport booklet number is two Cyrillic letters followed by six digits, "
        "for example СО 123456."
    ]


def test_an_under_age_person_is_refused(client):
    edition = voting_edition()
    operator_of(edition, client)
    born = timezone.localdate() - timedelta(days=15 * 365)
    response = identify(
        client, edition, document_number=taxpayer_number(born), birth_date=born.isoformat()
    )
    assert response.status_code == 400
    assert form_errors(response) == [
        f"Voters must be at least 16 years old by {timezone.localdate():%d.%m.%Y}."
    ]
    assert PENDING_PERSON not in client.session


def test_a_settlement_outside_the_community_is_refused(client):
    edition = voting_edition()
    operator_of(edition, client)
    outside = settlement("UA99999999999", "Рівне", is_active=False)
    response = identify(client, edition, settlement=outside.pk)
    assert response.status_code == 400
    assert response.context["form"].errors["settlement"] == [
        "Choose a settlement of the community."
    ]


def test_a_residency_basis_the_edition_does_not_accept_is_refused(client):
    edition = voting_edition()
    operator_of(edition, client)
    response = identify(client, edition, residency_basis="work")
    assert response.status_code == 400
    assert response.context["form"].errors["residency_basis"] == [
        "This edition does not accept this residency basis."
    ]


def test_only_the_editions_residency_bases_are_offered(client):
    edition = voting_edition(residency_bases=["registered", "idp"])
    operator_of(edition, client)
    choices = client.get(url("desk", edition)).context["form"].fields["residency_basis"].choices
    assert [value for value, _label in choices] == ["registered", "idp"]


def test_a_person_who_voted_online_is_refused_with_when_and_channel(client):
    edition = voting_edition()
    operator_of(edition, client)
    cast(edition, {1: 1}, who=voter(person_key=person_key_for_taxpayer_number(NUMBER)))
    record = VoterRecord.objects.get()
    response = identify(client, edition)
    assert response.status_code == 409
    assert form_errors(response) == [already_voted_message(record)]
    assert "online" in form_errors(response)[0]
    # When and through which channel, never what.
    assert "Лавки у сквері" not in response.content.decode()
    assert PENDING_PERSON not in client.session


def test_voting_outside_the_window_is_refused_at_the_desk(client):
    edition = make_edition()  # submission starts in ten days: voting is months away
    operator_of(edition, client)
    page = client.get(url("desk", edition))
    assert page.status_code == 200
    assert page.context["problems"] == ["Voting in this edition is not open now."]
    response = identify(client, edition)
    assert response.status_code == 400
    assert PENDING_PERSON not in client.session


def test_an_edition_without_desk_voting_says_so(client):
    edition = voting_edition(accepts_desk_votes=False)
    operator_of(edition, client)
    page = client.get(url("desk", edition))
    assert page.context["problems"] == ["This edition does not take votes at service centres."]


# --- The ballot, the read-back, the cast ----------------------------------------------


def test_the_ballot_needs_an_identified_person(client):
    edition = voting_edition()
    operator_of(edition, client)
    response = client.get(url("desk_ballot", edition))
    assert response.status_code == 303
    assert response["Location"] == url("desk", edition)


def test_the_desk_ballot_lists_the_persons_pools_in_number_order(client):
    edition = at_ballot(client, randomises_ballot_order=True)
    html = client.get(url("desk_ballot", edition)).content.decode()
    titles = [
        "Лавки у сквері",
        "Велопарковка біля школи",
        "Освітлення стадіону",
        "Дитячий майданчик",
    ]
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Зупинка в Богдашеві" not in html  # the villages pool is not theirs
    assert re.search(r'<input[^>]*id="desk-numbers"[^>]*autofocus', html)


def test_typed_numbers_are_read_back_large_with_cast_focused(client):
    edition = at_ballot(client)
    response = read_back(client, edition, typed="1, 4")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Лавки у сквері" in html
    assert "Дитячий майданчик" in html
    assert "Велопарковка біля школи" not in html
    assert re.search(r'<button[^>]*class="button-cast"[^>]*autofocus', html)


def test_ticked_boxes_work_as_well_as_typed_numbers(client):
    edition = at_ballot(client)
    response = read_back(client, edition, boxes=(2,))
    assert response.status_code == 200
    assert [row["project"].number for s in response.context["sections"] for row in s["rows"]] == [2]


def test_a_live_cast_writes_one_desk_ballot_and_shows_the_receipt(client):
    edition = voting_edition()
    operator = operator_of(edition, client)
    identify(client, edition)
    token = token_of(read_back(client, edition, typed="1 4"))
    response = client.post(url("desk_cast", edition), {"ballot": token})
    assert response.status_code == 303
    assert response["Location"] == url("desk_receipt", edition)
    record = VoterRecord.objects.get()
    assert (record.channel, record.desk_operator, record.cast_on) == (
        Channel.DESK,
        operator,
        timezone.localdate(),
    )
    ballot = Ballot.objects.get()
    first, fourth = project_by_number(edition, 1), project_by_number(edition, 4)
    assert ballot.choices == [[first.pk, first.pool_id, 1], [fourth.pk, fourth.pool_id, 1]]
    receipt = client.get(url("desk_receipt", edition))
    code = receipt.context["code"]
    assert ballot.receipt_hash == receipt_hash(edition.slug, code)
    html = receipt.content.decode()
    assert code in html
    assert "entered at the desk" in html
    next_person = re.escape(url("desk", edition))
    assert re.search(rf'<a[^>]*href="{next_person}"[^>]*autofocus', html)
    assert PENDING_PERSON not in client.session


def test_the_next_person_starts_with_an_empty_desk(client):
    edition = voting_edition()
    operator_of(edition, client)
    identify(client, edition)
    client.post(url("desk_cast", edition), {"ballot": token_of(read_back(client, edition, "1"))})
    client.get(url("desk", edition))
    assert LAST_RECEIPT not in client.session
    assert client.get(url("desk_receipt", edition))["Location"] == url("desk", edition)


def test_the_document_number_is_nowhere_after_a_desk_cast(client):
    edition = voting_edition()
    operator_of(edition, client)
    identify(client, edition)
    client.post(url("desk_cast", edition), {"ballot": token_of(read_back(client, edition, "1"))})
    stored = everything_stored()
    assert VoterRecord.objects.get().person_key in stored  # the dump covers voter records
    assert NUMBER not in stored
    assert not ActivityLog.objects.filter(after__icontains=NUMBER).exists()


def test_a_double_click_on_cast_gives_the_same_receipt_and_one_ballot(client):
    edition = at_ballot(client)
    token = token_of(read_back(client, edition, typed="1"))
    client.post(url("desk_cast", edition), {"ballot": token})
    code = client.session[LAST_RECEIPT]["code"]
    again = client.post(url("desk_cast", edition), {"ballot": token})
    assert again["Location"] == url("desk_receipt", edition)
    assert client.session[LAST_RECEIPT]["code"] == code
    assert Ballot.objects.count() == 1


def test_change_brings_the_choices_back_to_the_ballot(client):
    edition = at_ballot(client)
    token = token_of(read_back(client, edition, typed="2"))
    page = client.post(url("desk_ballot", edition), {"ballot": token})
    chosen = [
        row["project"].number
        for s in page.context["sections"]
        for row in s["rows"]
        if row["points"]
    ]
    assert chosen == [2]


def test_too_many_choices_are_refused_and_nothing_is_written(client):
    edition = at_ballot(client)
    response = read_back(client, edition, typed="1 2")
    assert response.status_code == 400
    assert response.context["errors"] == ["Choose at most 1 project in each pool."]
    assert 'value="1 2"' in response.content.decode()  # what was typed stays
    assert VoterRecord.objects.count() == 0


def test_a_project_of_another_pool_is_refused(client):
    edition = at_ballot(client)  # a town resident: the villages pool is not theirs
    response = read_back(client, edition, typed="5")
    assert response.status_code == 400
    assert response.context["errors"] == ["A chosen project belongs to a pool you may not vote in."]


def test_a_project_that_is_not_admitted_is_refused(client):
    edition = at_ballot(client)
    make_project(edition, state=ProjectState.REJECTED, title="Відхилений", pool_code="small")
    number = Project.objects.get(title="Відхилений").number
    response = read_back(client, edition, typed=str(number))
    assert response.status_code == 400
    assert response.context["errors"] == [
        "A chosen project is not on this ballot (it is not admitted)."
    ]


def test_a_number_of_no_project_is_refused(client):
    edition = at_ballot(client)
    response = read_back(client, edition, typed="99")
    assert response.context["errors"] == ["There is no project № 99 in this edition."]


def test_something_that_is_not_a_number_is_refused_without_echoing_it(client):
    edition = at_ballot(client)
    response = read_back(client, edition, typed="1 " + NUMBER)
    assert response.context["errors"] == [
        "Type project numbers separated by spaces or commas, e.g. 3, 12."
    ]
    # The project numbers typed stay in the field; a document number typed there does not.
    html = response.content.decode()
    assert 'value="1"' in html
    assert NUMBER not in html


def test_an_empty_ballot_is_refused(client):
    edition = at_ballot(client)
    response = read_back(client, edition)
    assert response.context["errors"] == ["Choose at least one project."]


def test_points_are_typed_as_number_colon_points(client):
    edition = at_ballot(client, ballot_kind=BallotKind.CUMULATIVE, votes_per_voter=3)
    response = read_back(client, edition, typed="1:2 2")
    assert response.status_code == 200
    points = {
        row["project"].number: row["points"]
        for s in response.context["sections"]
        for row in s["rows"]
    }
    assert points == {1: 2, 2: 1}


def test_a_cast_after_the_window_closed_is_refused_and_nothing_is_written(client):
    edition = at_ballot(client)
    token = token_of(read_back(client, edition, typed="1"))
    yesterday = timezone.localdate() - timedelta(days=1)
    edition.phases.filter(kind=PhaseKind.VOTING).update(
        starts_on=yesterday - timedelta(days=5), ends_on=yesterday
    )
    response = client.post(url("desk_cast", edition), {"ballot": token})
    assert response.status_code == 400
    assert response.context["problems"] == ["Voting in this edition is not open now."]
    assert (VoterRecord.objects.count(), Ballot.objects.count()) == (0, 0)
    assert PENDING_PERSON not in client.session


def test_a_person_who_voted_online_meanwhile_is_refused_at_cast(client):
    edition = at_ballot(client)
    token = token_of(read_back(client, edition, typed="1"))
    cast(edition, {2: 1}, who=voter(person_key=person_key_for_taxpayer_number(NUMBER)))
    response = client.post(url("desk_cast", edition), {"ballot": token})
    assert response.status_code == 409
    assert response.context["problems"] == [already_voted_message(VoterRecord.objects.get())]
    assert Ballot.objects.count() == 1


def test_a_read_back_of_the_previous_person_cannot_cast_for_the_next(client):
    edition = at_ballot(client)
    stale = token_of(read_back(client, edition, typed="1"))
    other = taxpayer_number(date(1985, 3, 3), serial="7777")
    identify(client, edition, document_number=other, birth_date="1985-03-03")
    response = client.post(url("desk_cast", edition), {"ballot": stale})
    assert response.status_code == 400
    assert response.context["problems"] == [
        "This form was changed or is not from this site: choose again."
    ]
    assert VoterRecord.objects.count() == 0


def test_a_village_resident_may_choose_the_village_pool(client):
    edition = voting_edition()
    operator_of(edition, client)
    identify(client, edition, settlement=village().pk)
    response = read_back(client, edition, typed="5")
    assert response.status_code == 200


# --- Who may use the desk --------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    edition = voting_edition()
    response = client.get(url("desk", edition))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_resident_gets_403(client):
    edition = voting_edition()
    client.force_login(make_resident())
    assert client.get(url("desk", edition)).status_code == 403


def test_an_operator_of_another_edition_gets_404_and_nothing_changes(client):
    edition = voting_edition()
    other = make_edition(slug="other")
    operator_of(other, client)
    assert client.get(url("desk", edition)).status_code == 404
    assert identify(client, edition).status_code == 404
    assert PENDING_PERSON not in client.session


def test_a_coordinator_may_not_enter_ballots(client):
    edition = voting_edition()
    client.force_login(make_user(Role.BUDGET_COORDINATOR, scope=edition))
    assert client.get(url("desk", edition)).status_code == 403


# --- The per-operator tally --------------------------------------------------------------


def test_an_operator_sees_only_their_own_ballots_per_day(client):
    edition = voting_edition()
    me = operator_of(edition, client)
    colleague = operator_of(edition)
    cast(edition, {1: 1}, channel=Channel.DESK, operator=me)
    cast(edition, {2: 1}, channel=Channel.DESK, operator=me)
    cast(edition, {1: 1}, channel=Channel.DESK, operator=colleague)
    cast(edition, {3: 1})  # online: no operator
    rows = client.get(url("desk_tally", edition)).context["rows"]
    assert [
        (r["cast_on"], r["desk_operator"], r["desk"], r["paper"], r["total"]) for r in rows
    ] == [(timezone.localdate(), me.pk, 2, 0, 2)]


def test_a_coordinator_sees_every_operator_and_never_a_project(client):
    edition = voting_edition()
    first, second = operator_of(edition), operator_of(edition)
    cast(edition, {1: 1}, channel=Channel.DESK, operator=first)
    cast(edition, {4: 1}, channel=Channel.DESK, operator=second)
    client.force_login(make_user(Role.BUDGET_COORDINATOR, scope=edition))
    page = client.get(url("desk_tally", edition))
    assert page.status_code == 200
    assert sorted(r["desk_operator"] for r in page.context["rows"]) == sorted([first.pk, second.pk])
    html = page.content.decode()
    assert first.full_name in html
    for project in Project.objects.filter(edition=edition):
        assert project.title not in html
    # A coordinator does not enter ballots: the desk menu does not offer it.
    assert f'href="{url("desk", edition)}"' not in html


def test_the_tally_is_refused_to_residents(client):
    edition = voting_edition()
    client.force_login(make_resident())
    assert client.get(url("desk_tally", edition)).status_code == 403
