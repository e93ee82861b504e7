from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (cookie + redirect to the page in that language); a
    signed-in person's choice is also kept as their preferred language for messages."""
    # Resolve `next` in the language of its own path (the switcher's URL has no prefix,
    # so Ukrainian would otherwise be active and /en/… would not resolve).
    next_path = urlsplit(request.POST.get("next", "")).path
    with translation.override(
        translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    ):
        response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in {"uk", "en"}:
        from django.apps import apps

        user_model = apps.get_model("accounts", "User")
        user_model.objects.filter(pk=user.pk).exclude(preferred_language=language).update(
            preferred_language=language
        )
    return response
