"""Input validation for the staff pages of the information campaign. The forms only
validate; the services sanitise, check the image and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.budget.models import Edition
from hromada.core.richtext import ALLOWED_TAGS
from hromada.portal.models import SLUG_MAX_LENGTH, NewsItem, Page

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# The browser's date-and-time picker sends the first; people typing (or a browser
# without the picker) write the others.
DATETIME_INPUT_FORMATS = [
    DATETIME_FORMAT,
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M",
]


def rich_text_help() -> str:
    tags = ", ".join(f"<{tag}>" for tag in ALLOWED_TAGS)
    return _(
        "HTML is allowed: %(tags)s. Links may lead to http, https and mailto addresses. "
        "Anything else (scripts, styles, pictures, event attributes) is removed when the "
        "text is saved."
    ) % {"tags": tags}


def _slug_field(help_text: Any) -> forms.SlugField:
    return forms.SlugField(
        label=gettext_lazy("Address"),
        required=False,
        max_length=SLUG_MAX_LENGTH,
        help_text=help_text,
        error_messages={"invalid": gettext_lazy("Use only Latin letters, digits and hyphens.")},
    )


def _edition_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("Budget edition"),
        queryset=Edition.objects.order_by("-year", "slug"),
        required=False,
        empty_label=gettext_lazy("— none —"),
        error_messages={"invalid_choice": gettext_lazy("Choose an edition from the list.")},
    )


class _RichTextForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body_uk"].help_text = rich_text_help()

    def clean_slug(self) -> str:
        return str(self.cleaned_data.get("slug") or "").lower()


class NewsItemForm(_RichTextForm):
    title_uk = forms.CharField(label=gettext_lazy("Title (Ukrainian)"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title (English)"), max_length=200, required=False
    )
    slug = _slug_field(
        gettext_lazy(
            "Part of the web address: /news/<address>/. Left empty, it is made from the "
            "Ukrainian title."
        )
    )
    summary_uk = forms.CharField(
        label=gettext_lazy("Summary (Ukrainian)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Plain text, one or two sentences: shown in the list, the feeds and on social networks."
        ),
    )
    summary_en = forms.CharField(
        label=gettext_lazy("Summary (English)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body_uk = forms.CharField(
        label=gettext_lazy("Text (Ukrainian)"), widget=forms.Textarea(attrs={"rows": 14})
    )
    body_en = forms.CharField(
        label=gettext_lazy("Text (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    image = forms.FileField(
        label=gettext_lazy("Image"),
        required=False,
        help_text=gettext_lazy("JPEG, PNG or WebP, up to 10 MB. Its metadata is removed."),
        error_messages={
            "invalid": gettext_lazy("Choose a file."),
            "empty": gettext_lazy("The file is empty."),
        },
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_image = forms.BooleanField(label=gettext_lazy("Remove the image"), required=False)
    image_alt_uk = forms.CharField(
        label=gettext_lazy("Image description (Ukrainian)"),
        max_length=255,
        required=False,
        help_text=gettext_lazy(
            "Required with an image: what it shows, for people who cannot see it."
        ),
    )
    image_alt_en = forms.CharField(
        label=gettext_lazy("Image description (English)"), max_length=255, required=False
    )
    publish_at = forms.DateTimeField(
        label=gettext_lazy("Publish at"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        help_text=gettext_lazy(
            "Kyiv time. An announcement dated in the future appears on the site at that time."
        ),
        error_messages={
            "required": gettext_lazy("Give the date and time of publication."),
            "invalid": gettext_lazy("Enter the date and time as 25.03.2025 14:00."),
        },
    )
    is_pinned = forms.BooleanField(label=gettext_lazy("Pin to the top"), required=False)
    edition = _edition_field()

    def __init__(self, *args: Any, item: NewsItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is None or not item.image:
            del self.fields["remove_image"]

    @classmethod
    def initial_of(cls, item: NewsItem) -> dict[str, Any]:
        return {
            name: getattr(item, name)
            for name in (
                "title_uk",
                "title_en",
                "slug",
                "summary_uk",
                "summary_en",
                "body_uk",
                "body_en",
                "image_alt_uk",
                "image_alt_en",
                "publish_at",
                "is_pinned",
                "edition",
            )
        }


class PageForm(_RichTextForm):
    title_uk = forms.CharField(label=gettext_lazy("Title (Ukrainian)"), max_length=200)
    title_en = forms.CharField(
        label=gettext_lazy("Title (English)"), max_length=200, required=False
    )
    slug = _slug_field(
        gettext_lazy(
            "Part of the web address: /pages/<address>/, or /budget/<edition>/about/<address>/ "
            "for a page of an edition. Left empty, it is made from the Ukrainian title."
        )
    )
    edition = _edition_field()
    body_uk = forms.CharField(
        label=gettext_lazy("Text (Ukrainian)"), widget=forms.Textarea(attrs={"rows": 18})
    )
    body_en = forms.CharField(
        label=gettext_lazy("Text (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )
    position = forms.IntegerField(
        label=gettext_lazy("Position"),
        min_value=0,
        max_value=32767,
        initial=0,
        help_text=gettext_lazy("Pages of an edition are listed in this order."),
    )
    is_published = forms.BooleanField(label=gettext_lazy("Shown to the public"), required=False)

    @classmethod
    def initial_of(cls, page: Page) -> dict[str, Any]:
        return {
            name: getattr(page, name)
            for name in (
                "title_uk",
                "title_en",
                "slug",
                "edition",
                "body_uk",
                "body_en",
                "position",
                "is_published",
            )
        }
