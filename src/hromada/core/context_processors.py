from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def platform(request: HttpRequest) -> dict[str, Any]:
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "COMMUNITY_NAME": (
            settings.COMMUNITY_NAME_EN if language == "en" else settings.COMMUNITY_NAME_UK
        ),
    }
