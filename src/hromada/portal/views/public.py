from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hromada.portal.selectors import latest_news, open_now
from hromada.programmes.selectors import current_programme

HOME_NEWS_COUNT = 3


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/public/home.html",
        {
            "open_items": open_now(),
            "programme": current_programme(),
            "latest_news": latest_news(HOME_NEWS_COUNT),
        },
    )
