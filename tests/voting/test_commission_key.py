"""Registering, generating and destroying the commission's key."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from hromada.voting.models import CommissionKey
from hromada.voting.sealing import join_private_key, private_key_matches
from hromada.voting.services.keys import register_public_key
from tests.factories.accounts import make_user
from tests.factories.voting import cast, commission_key_pair, voting_edition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def key_url(edition) -> str:
    return reverse("voting:staff_key", kwargs={"edition": edition.slug})


def test_casting_is_refused_without_a_commission_key():
    edition = voting_edition(key=False)
    with pytest.raises(ValidationError) as refused:
        cast(edition, {1: 1})
    assert refused.value.code == "no_key"


def test_the_key_cannot_be_replaced_once_someone_voted():
    edition = voting_edition()
    cast(edition, {1: 1})
    with pytest.raises(ValidationError, match="cannot be replaced"):
        register_public_key(
            edition=edition,
            public_key_pem=commission_key_pair().public_key_pem,
            parts=1,
            actor=make_user(),
        )


def test_a_bad_public_key_is_refused_on_the_page(client):
    edition = voting_edition(key=False)
    client.force_login(make_user("budget_coordinator", scope=edition))
    page = client.post(
        key_url(edition), {"action": "register", "public_key_pem": "hello", "parts": "1"}
    )
    assert page.status_code == 400
    assert "Not a PEM public key." in page.content.decode()
    assert CommissionKey.objects.count() == 0


def test_generating_shows_the_parts_once_and_keeps_only_the_public_half(client):
    edition = voting_edition(key=False)
    client.force_login(make_user("budget_coordinator", scope=edition))
    page = client.post(key_url(edition), {"action": "generate", "parts": "2", "understood": "on"})
    assert page.status_code == 200
    text = page.content.decode()
    import html
    import re

    parts = [
        html.unescape(p)
        for p in re.findall(r'<pre class="key-part" tabindex="0">(.*?)</pre>', text, re.S)
    ]
    assert len(parts) == 2
    stored = CommissionKey.objects.get(edition=edition)
    assert private_key_matches(join_private_key(parts), stored.public_key_pem)
    assert "PRIVATE" not in stored.public_key_pem
    # Reloading the page does not show them again.
    assert "key-part" not in client.get(key_url(edition)).content.decode()


def test_the_offline_command_writes_a_public_key_and_parts(tmp_path):
    call_command("commission_key", "--parts", "3", "--out", str(tmp_path / "key"))
    files = sorted(p.name for p in (tmp_path / "key").iterdir())
    assert files == [
        "private-part-1-of-3.txt",
        "private-part-2-of-3.txt",
        "private-part-3-of-3.txt",
        "public.pem",
    ]
    parts = [(tmp_path / "key" / name).read_text() for name in files[:3]]
    assert private_key_matches(
        join_private_key(parts), (tmp_path / "key" / "public.pem").read_text()
    )


def test_desk_operators_cannot_manage_the_key(client):
    edition = voting_edition(key=False)
    client.force_login(make_user("desk_operator", scope=edition))
    assert client.get(key_url(edition)).status_code == 403
