from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hromada.accounts.models import User

DEMO_URLS = ["/demo/accounts/", "/en/demo/accounts/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", DEMO_URLS)
def test_demo_pages_answer_404_when_demo_mode_is_off(client, settings, url):
    settings.DEMO_MODE = False
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_no_demo_banner_without_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert 'class="demo-banner"' not in client.get("/").content.decode()


@pytest.mark.django_db
def test_every_page_shows_the_demo_banner_in_demo_mode(client, settings):
    settings.DEMO_MODE = True
    for url in ["/", "/accounts/login/", "/en/", "/does-not-exist/"]:
        assert 'class="demo-banner"' in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_seed_demo_is_refused_without_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="seed_demo is refused: DEMO_MODE is off"):
        call_command("seed_demo")
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_demo_sign_in_with_unknown_role_is_404(client, settings):
    settings.DEMO_MODE = True
    assert client.post("/demo/accounts/mayor/sign-in/").status_code == 404
