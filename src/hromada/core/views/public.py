from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (cookie + redirect to the page in that language); a
    signed-in person's choice is also kept as their preferred language for messages."""
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
