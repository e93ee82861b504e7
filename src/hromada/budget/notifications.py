"""E-mails of the budget, in the recipient's language. Each is sent at most once: the
task claims the event before sending, so a retried or duplicated task sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from hromada.budget.models import ProjectEvent


def send_state_change_to_author(event_id: int) -> bool:
    with transaction.atomic():
        claimed = ProjectEvent.objects.filter(pk=event_id, author_notified_at__isnull=True).update(
            author_notified_at=timezone.now()
        )
        if not claimed:
            return False
        event = ProjectEvent.objects.select_related("project__author", "project__edition").get(
            pk=event_id
        )
        author = event.project.author
        if author.email.endswith(".invalid"):
            return False
        with translation.override(author.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "event": event,
                "project": event.project,
                "author": author,
                "site_url": settings.SITE_URL,
            }
            subject = render_to_string("budget/email/state_changed_subject.txt", context)
            body = render_to_string("budget/email/state_changed.txt", context)
        # Sent inside the claim: if sending fails, the claim rolls back and a retry sends.
        send_mail(" ".join(subject.split()), body, None, [author.email])
    return True
