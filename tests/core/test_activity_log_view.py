from __future__ import annotations

import pytest

from hromada.accounts.enums import Role
from hromada.accounts.services import update_profile
from hromada.core.activity import log_activity
from tests.factories.accounts import make_user


@pytest.fixture
def auditor_client(client, db):
    client.force_login(make_user(Role.AUDITOR))
    return client


@pytest.mark.django_db
def test_personal_data_is_masked_for_the_auditor(auditor_client):
    person = make_user(full_name="Олена Коваленко", email="olena.kovalenko@example.com")
    update_profile(user=person, actor=person, full_name="Олена Петренко", phone="+380501234567")
    html = auditor_client.get("/staff/activity/").content.decode()
    assert "accounts.user.profile_updated" in html
    assert "Коваленко" not in html
    assert "Петренко" not in html
    assert "+380501234567" not in html
    assert "olena.kovalenko" not in html
    assert "О••• П•••" in html


@pytest.mark.django_db
def test_filters_narrow_the_list(auditor_client):
    log_activity(actor=None, action="programmes.measure.updated")
    log_activity(actor=None, action="accounts.department.created")
    response = auditor_client.get("/staff/activity/", {"action": "measure"})
    actions = [row["entry"].action for row in response.context["rows"]]
    assert actions == ["programmes.measure.updated"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2024-05-02", "date_to": "2024-05-01"}, "date_to"),
        ({"actor": "abc"}, "actor"),
        ({"date_from": "2024-13-45"}, "date_from"),
    ],
)
def test_bad_filter_input_gets_a_message_not_an_error(auditor_client, params, field):
    response = auditor_client.get("/staff/activity/", params)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    # Invalid filters are ignored, not half-applied: the whole log is listed.
    assert len(response.context["rows"]) == 1


@pytest.mark.django_db
def test_page_beyond_the_end_shows_the_last_page(auditor_client):
    response = auditor_client.get("/staff/activity/", {"page": "999"})
    assert response.status_code == 200
    assert [row["entry"].action for row in response.context["rows"]] == ["accounts.role.granted"]
