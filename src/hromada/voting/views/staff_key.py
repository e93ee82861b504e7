"""The commission's key (register, generate once, destroy) and annulment of ballots."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from hromada.accounts.identity.person_key import person_key_for_shown_document
from hromada.budget.models import Edition
from hromada.budget.views.staff_editions import actor_of, add_service_error, edition_for
from hromada.core.access import staff_view
from hromada.voting.key_forms import (
    AnnulForm,
    DestroyKeyForm,
    GenerateKeyForm,
    PublicKeyForm,
    RecordLookupForm,
)
from hromada.voting.models import CommissionKey, VoterRecord
from hromada.voting.sealing import generate_key_pair, split_private_key
from hromada.voting.services.annulment import annul_ballots, parse_record_numbers, split_key_texts
from hromada.voting.services.keys import destroy_key, register_public_key

MANAGE_KEY = "voting.manage_key"
ANNUL = "voting.annul_ballots"


@never_cache
@staff_view(MANAGE_KEY)
def key(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, MANAGE_KEY)
    action = request.POST.get("action") if request.method == "POST" else None
    public_form = PublicKeyForm(request.POST if action == "register" else None)
    generate_form = GenerateKeyForm(request.POST if action == "generate" else None)
    destroy_form = DestroyKeyForm(request.POST if action == "destroy" else None)
    if action == "register" and public_form.is_valid():
        try:
            register_public_key(
                edition=found,
                public_key_pem=public_form.cleaned_data["public_key_pem"],
                parts=public_form.cleaned_data["parts"],
                actor=actor_of(request),
            )
        except ValidationError as error:
            add_service_error(public_form, error)
        else:
            return redirect("voting:staff_key", edition=found.slug)
    if action == "generate" and generate_form.is_valid():
        pair = generate_key_pair()
        parts = generate_form.cleaned_data["parts"]
        try:
            register_public_key(
                edition=found,
                public_key_pem=pair.public_key_pem,
                parts=parts,
                actor=actor_of(request),
            )
        except ValidationError as error:
            add_service_error(generate_form, error)
        else:
            # Shown once, in this response only: the platform keeps the public half.
            return render(
                request,
                "voting/staff/key_parts.html",
                {
                    "edition": found,
                    "parts": split_private_key(pair.private_key_pem, parts),
                    "fingerprint": pair.fingerprint,
                },
            )
    if action == "destroy" and destroy_form.is_valid():
        try:
            destroy_key(edition=found, actor=actor_of(request))
        except ValidationError as error:
            add_service_error(destroy_form, error)
        else:
            return redirect("voting:staff_key", edition=found.slug)
    # Reaching this point after a POST means a form or its service refused it.
    return render(
        request,
        "voting/staff/key.html",
        {
            "edition": found,
            "commission_key": CommissionKey.objects.filter(edition=found).first(),
            "public_form": public_form,
            "generate_form": generate_form,
            "destroy_form": destroy_form,
        },
        status=400 if action else 200,
    )


@never_cache
@staff_view(ANNUL)
def annul(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, ANNUL)
    action = request.POST.get("action") if request.method == "POST" else None
    form = AnnulForm(request.POST if action == "annul" else None)
    lookup = RecordLookupForm(request.POST if action == "lookup" else None)
    looked_up: list[VoterRecord] | None = None
    result = None
    if action == "lookup" and lookup.is_valid():
        looked_up = _lookup(found, lookup)
    if action == "annul" and form.is_valid():
        data = form.cleaned_data
        try:
            result = annul_ballots(
                edition=found,
                record_numbers=parse_record_numbers(data["records"]),
                key_texts=split_key_texts(data["key"]),
                protocol_number=data["protocol_number"],
                decided_on=data["decided_on"],
                reason=data["reason"],
                actor=actor_of(request),
            )
        except ValidationError as error:
            add_service_error(form, error)
    if result is not None:
        return render(request, "voting/staff/annulled.html", {"edition": found, "result": result})
    failed = action == "annul" or (action == "lookup" and looked_up is None)
    # The key is never sent back to the page.
    if form.is_bound:
        form.data = _without(form.data, "key")
    return render(
        request,
        "voting/staff/annul.html",
        {
            "edition": found,
            "form": form,
            "lookup": lookup,
            "looked_up": looked_up,
            "annulments": found.annulments.all(),
        },
        status=400 if failed else 200,
    )


def _without(data: Any, field: str) -> QueryDict:
    """The posted data with one field emptied, so a page never shows it back."""
    kept: QueryDict = data.copy()
    kept[field] = ""
    return kept


def _lookup(edition: Edition, lookup: RecordLookupForm) -> list[VoterRecord] | None:
    kind = lookup.cleaned_data["document_kind"]
    number = lookup.cleaned_data["document_number"]
    try:
        person_key = person_key_for_shown_document(kind, number)
    except ValidationError as error:
        lookup.add_error("document_number", error)
        return None
    # The typed number is not shown again.
    lookup.data = _without(lookup.data, "document_number")
    return list(VoterRecord.objects.filter(edition=edition, person_key=person_key))
