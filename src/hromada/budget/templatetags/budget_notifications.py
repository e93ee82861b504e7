"""What the subscribe and follow buttons need to know about the person looking: asked
in the template, so that any page including them needs nothing from its view."""

from __future__ import annotations

from typing import Any

from django import template

from hromada.budget.followers import FollowState, follow_state, is_subscribed
from hromada.budget.models import Edition, Project

register = template.Library()


def _user(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.simple_tag(takes_context=True)
def edition_subscription(context: template.Context, edition: Edition) -> bool:
    """{% edition_subscription edition as is_subscribed %}"""
    return is_subscribed(_user(context), edition.pk)


@register.simple_tag(takes_context=True)
def project_follow_state(context: template.Context, project: Project) -> FollowState:
    """{% project_follow_state project as follow %}"""
    return follow_state(_user(context), project)
