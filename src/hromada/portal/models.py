"""The information campaign's content: announcements and static pages.

Bodies are HTML that staff write; the services sanitise them before every save
(core.richtext), so what is stored is what may be shown."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.budget.models import Edition
from hromada.core.localized import LocalizedField
from hromada.core.models import TimeStamped

SLUG_MAX_LENGTH = 80


class NewsItem(TimeStamped):
    """An announcement. Shown from `publish_at` on; pinned ones come first."""

    slug = models.SlugField(_("address"), max_length=SLUG_MAX_LENGTH, unique=True)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_uk = models.CharField(_("summary (Ukrainian)"), max_length=500)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    body_uk = models.TextField(_("text (Ukrainian)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    image = models.FileField(_("image"), upload_to="portal/news/%Y/", blank=True)
    image_alt_uk = models.CharField(_("image description (Ukrainian)"), max_length=255, blank=True)
    image_alt_en = models.CharField(_("image description (English)"), max_length=255, blank=True)
    publish_at = models.DateTimeField(_("publish at"), default=timezone.now, db_index=True)
    is_pinned = models.BooleanField(_("pinned to the top"), default=False)
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("budget edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="news_items",
    )
    author = models.ForeignKey(
        User,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    title = LocalizedField()
    summary = LocalizedField()
    body = LocalizedField()
    image_alt = LocalizedField()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-is_pinned", "-publish_at", "-pk"]
        constraints = [
            # A picture nobody can describe is not published: screen-reader users and
            # anyone with images off read the description instead.
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt_uk=""),
                name="portal_newsitem_image_has_description",
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("portal:news_detail", kwargs={"slug": self.slug})

    def get_image_url(self) -> str:
        if not self.image:
            return ""
        return reverse("portal:news_image", kwargs={"slug": self.slug})

    @property
    def body_html(self) -> SafeString:
        return mark_safe(self.body)  # noqa: S308 (sanitised by the services on save)

    def is_published(self, now: datetime | None = None) -> bool:
        return self.publish_at <= (now or timezone.now())


class Page(TimeStamped):
    """A static page: general (`/pages/<slug>/`) or one of an edition's
    (`/budget/<edition>/about/<slug>/`): its rules, how to submit, how to vote."""

    slug = models.SlugField(_("address"), max_length=SLUG_MAX_LENGTH)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_uk = models.TextField(_("text (Ukrainian)"))
    body_en = models.TextField(_("text (English)"), blank=True)
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("budget edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pages",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("shown to the public"), default=False)

    title = LocalizedField()
    body = LocalizedField()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["edition_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(edition__isnull=True),
                name="portal_page_general_slug_unique",
            ),
            models.UniqueConstraint(
                fields=["edition", "slug"], name="portal_page_edition_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        if self.edition is None:
            return reverse("portal:page", kwargs={"slug": self.slug})
        return reverse(
            "portal:edition_page", kwargs={"edition": self.edition.slug, "slug": self.slug}
        )

    @property
    def body_html(self) -> SafeString:
        return mark_safe(self.body)  # noqa: S308 (sanitised by the services on save)
