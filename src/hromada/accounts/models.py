from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import (
    IdentityProvider,
    Language,
    ResidencyBasis,
    ResidencyMethod,
    ResidencyStatus,
    Role,
    SettlementKind,
)
from hromada.core.localized import LocalizedField
from hromada.core.models import TimeStamped

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{6,18}[0-9]$",
    _("Enter a phone number with digits only, for example +380 50 123 45 67."),
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Every account is a resident; staff roles come from
    team memberships. The Django admin is for superusers only."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.UKRAINIAN
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Normalising the login key is data integrity, not business logic.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Department(TimeStamped):
    """A structural unit of the council (відділ, управління)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    name = LocalizedField()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_uk"]

    def __str__(self) -> str:
        return str(self.name)

    def permission_scopes(self) -> list[models.Model]:
        return [self]


class Team(TimeStamped):
    """All holders of one role in one scope: e.g. reviewers of the housing department,
    the commission of the 2025 edition, auditors (platform-wide)."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    scope_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    # role|department|scope type|scope id: one team per role and scope, enforced by the
    # database although several parts may be empty.
    key = models.CharField(max_length=120, unique=True, editable=False)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["role", "department__name_uk", "scope_id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(scope_type__isnull=True) & models.Q(scope_id__isnull=True))
                | (models.Q(scope_type__isnull=False) & models.Q(scope_id__isnull=False)),
                name="accounts_team_scope_complete",
            )
        ]

    def __str__(self) -> str:
        parts = [str(Role(self.role).label)]
        if self.department_id:
            parts.append(str(self.department))
        if self.scope_id:
            parts.append(str(self.scope))
        return " — ".join(parts)

    @staticmethod
    def make_key(
        role: str, department_id: int | None, scope_type_id: int | None, scope_id: int | None
    ) -> str:
        return f"{role}|{department_id or ''}|{scope_type_id or ''}|{scope_id or ''}"


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    granted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="accounts_membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.team}"


class Settlement(TimeStamped):
    """A settlement of the community (town, village), identified by its code in the
    national codifier of administrative units (КАТОТТГ). Budget territories group them."""

    code = models.CharField(_("codifier code (KATOTTG)"), max_length=19, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SettlementKind.choices)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    name = LocalizedField()

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["name_uk"]

    def __str__(self) -> str:
        return str(self.name)


class VerifiedIdentity(TimeStamped):
    """An account's identity as established by a provider. Holds the person key (the
    HMAC of the taxpayer number, never the number itself) and only what eligibility
    needs: names, birth date and the settlement matched from the provider's address."""

    user = models.OneToOneField(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="identity"
    )
    person_key = models.CharField(_("person key"), max_length=64, unique=True)
    provider = models.CharField(_("provider"), max_length=20, choices=IdentityProvider.choices)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement from the provider's address"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)

    class Meta:
        verbose_name = _("verified identity")
        verbose_name_plural = _("verified identities")

    def __str__(self) -> str:
        return " ".join(part for part in (self.family_name, self.given_name) if part)

    @property
    def full_name(self) -> str:
        return " ".join(
            part for part in (self.family_name, self.given_name, self.patronymic) if part
        )


class ResidencyClaim(TimeStamped):
    """One ground on which a verified person is a resident of a settlement of the
    community. Automatic from the provider's address, a self-declaration, or a proof
    document that a desk operator approves or rejects with a reason."""

    identity = models.ForeignKey(
        VerifiedIdentity,
        verbose_name=_("identity"),
        on_delete=models.CASCADE,
        related_name="residency_claims",
    )
    basis = models.CharField(_("basis"), max_length=20, choices=ResidencyBasis.choices)
    method = models.CharField(_("method"), max_length=20, choices=ResidencyMethod.choices)
    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResidencyStatus.choices,
        default=ResidencyStatus.PENDING,
    )
    # Internal storage only: never served from a public URL.
    proof = models.FileField(_("proof document"), upload_to="residency-proofs/%Y/", blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("residency claim")
        verbose_name_plural = _("residency claims")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_reason=""),
                name="accounts_residency_rejection_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identity} — {self.get_basis_display()}, {self.settlement}"


class NotificationPreferences(models.Model):
    """What messages a person receives. Made on the first change; until then the
    defaults apply (`hromada.accounts.notification_preferences.preferences_of`). Each
    topic is one field, switched off by the one-click link in every message of it."""

    TOPICS = ("own_projects", "followed_projects", "edition_phases", "review_reminders")

    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    own_projects = models.BooleanField(_("changes of state of my projects"), default=True)
    followed_projects = models.BooleanField(
        _("news of projects I follow or supported"), default=True
    )
    edition_phases = models.BooleanField(
        _("phases opening and closing in the editions I subscribed to"), default=True
    )
    review_reminders = models.BooleanField(
        _("reminders about overdue expert reviews (reviewers)"), default=True
    )
    by_sms = models.BooleanField(_("also send a short text (SMS) to my phone"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
