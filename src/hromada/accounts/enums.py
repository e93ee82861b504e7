from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    UKRAINIAN = "uk", _("Ukrainian")
    ENGLISH = "en", _("English")


class Role(models.TextChoices):
    """Every account is a resident; the other roles are team memberships."""

    RESIDENT = "resident", _("Resident")
    REVIEWER = "reviewer", _("Reviewer")
    BUDGET_COORDINATOR = "budget_coordinator", _("Budget coordinator")
    BUDGET_COMMISSION_MEMBER = "budget_commission_member", _("Budget commission member")
    DESK_OPERATOR = "desk_operator", _("Desk operator")
    CONTEST_SECRETARY = "contest_secretary", _("Contest secretary")
    JURY_MEMBER = "jury_member", _("Jury member")
    COOPERATION_OFFICER = "cooperation_officer", _("Cooperation officer")
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    AUDITOR = "auditor", _("Auditor")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class ScopeKind(models.TextChoices):
    NONE = "none", _("whole platform")
    DEPARTMENT = "department", _("a council department")
    EDITION = "edition", _("a budget edition")
    CALL = "call", _("a contest call")
    PROGRAMME = "programme", _("a council programme")


# What a role's team may be limited to. A role with a required scope is never granted
# platform-wide; a role with an optional scope is platform-wide when left unscoped.
ROLE_SCOPE: dict[str, tuple[str, bool]] = {
    Role.REVIEWER: (ScopeKind.DEPARTMENT, True),
    Role.DEPARTMENT_OFFICER: (ScopeKind.DEPARTMENT, True),
    Role.BUDGET_COORDINATOR: (ScopeKind.EDITION, False),
    Role.BUDGET_COMMISSION_MEMBER: (ScopeKind.EDITION, False),
    Role.DESK_OPERATOR: (ScopeKind.EDITION, False),
    Role.CONTEST_SECRETARY: (ScopeKind.CALL, False),
    Role.JURY_MEMBER: (ScopeKind.CALL, False),
    Role.PROGRAMME_COORDINATOR: (ScopeKind.PROGRAMME, False),
    Role.COOPERATION_OFFICER: (ScopeKind.NONE, False),
    Role.AUDITOR: (ScopeKind.NONE, False),
    Role.ADMINISTRATOR: (ScopeKind.NONE, False),
}
STAFF_ROLES = tuple(ROLE_SCOPE)


class SettlementKind(models.TextChoices):
    CITY = "city", _("city")
    TOWN = "town", _("urban-type settlement")
    VILLAGE = "village", _("village")
    RURAL_SETTLEMENT = "rural_settlement", _("rural settlement")


class IdentityProvider(models.TextChoices):
    """How a person's identity was established."""

    ID_GOV_UA = "id_gov_ua", _("id.gov.ua (e-signature, BankID, Diia)")
    DEMO = "demo", _("demo resident (demo mode only)")
    DESK = "desk", _("document check at the service centre")


class ResidencyBasis(models.TextChoices):
    """Why a person counts as a resident of the community (an edition accepts some)."""

    REGISTERED = "registered", _("registered place of residence")
    IDP = "idp", _("internally displaced person (IDP certificate)")
    WORK = "work", _("works in the community")
    STUDY = "study", _("studies in the community")
    PROPERTY = "property", _("owns property in the community")


class ResidencyMethod(models.TextChoices):
    PROVIDER_ADDRESS = "provider_address", _("address from the identity provider")
    SELF_DECLARATION = "self_declaration", _("signed self-declaration")
    PROOF = "proof", _("document checked by a desk operator")


class ResidencyStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a desk operator")
    APPROVED = "approved", _("confirmed")
    REJECTED = "rejected", _("rejected")


class DocumentKind(models.TextChoices):
    """Identity documents whose number serves as the person-key source for people who
    have no taxpayer number (they refused one on religious grounds)."""

    PASSPORT = "passport", _("passport booklet (series and number)")
    ID_CARD = "idcard", _("ID card")
