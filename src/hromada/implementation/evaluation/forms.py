"""Forms of the evaluation. They only validate what was typed; the services decide
(and refuse with their own messages)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hromada.implementation.enums import QuestionKind
from hromada.implementation.evaluation.selectors import SCORE_LABELS, option_label
from hromada.implementation.evaluation.services import (
    MAX_COMMENT_LENGTH,
    MAX_TEXT_ANSWER_LENGTH,
    field_name,
    required_message,
)
from hromada.implementation.models import SurveyQuestion

MAX_OPTION_LENGTH = 200
DATE_WIDGET = {"type": "date"}


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your score"),
        choices=list(SCORE_LABELS.items()),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the project page without your name, after a moderator has read it."),
        error_messages={
            "max_length": _("The comment is at most %(limit_value)d characters long."),
        },
    )


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=(("publish", _("Publish")), ("reject", _("Do not publish"))),
        error_messages={
            "required": _("Choose whether to publish the comment."),
            "invalid_choice": _("Choose whether to publish the comment."),
        },
    )


class SurveyForm(forms.Form):
    intro_uk = forms.CharField(
        label=_("Introduction (Ukrainian)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    opens_on = forms.DateField(
        label=_("Opens on"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the day the survey opens."),
            "invalid": _("Enter the date as DD.MM.YYYY."),
        },
    )
    closes_on = forms.DateField(
        label=_("Closes on (inclusive)"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the last day of the survey."),
            "invalid": _("Enter the date as DD.MM.YYYY."),
        },
    )
    is_published = forms.BooleanField(
        label=_("Open to participants on these dates"),
        required=False,
        help_text=_("Until this is ticked, nobody can answer, whatever the dates."),
    )


def _option_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(forms.Form):
    text_uk = forms.CharField(
        label=_("Question (Ukrainian)"),
        max_length=300,
        error_messages={
            "required": _("Write the question in Ukrainian."),
            "max_length": _("The question is at most %(limit_value)d characters long."),
        },
    )
    text_en = forms.CharField(
        label=_("Question (English)"),
        max_length=300,
        required=False,
        error_messages={
            "max_length": _("The question is at most %(limit_value)d characters long."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Answer"),
        choices=[(kind.value, capfirst(kind.label)) for kind in QuestionKind],
        error_messages={
            "required": _("Choose how the question is answered."),
            "invalid_choice": _("Choose how the question is answered."),
        },
    )
    options_uk = forms.CharField(
        label=_("Options (Ukrainian), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only for a choice question."),
    )
    options_en = forms.CharField(
        label=_("Options (English), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In the same order as the Ukrainian ones; leave empty to show those."),
    )
    is_required = forms.BooleanField(label=_("An answer is required"), required=False)

    @classmethod
    def initial_for(cls, question: SurveyQuestion) -> dict[str, Any]:
        return {
            "text_uk": question.text_uk,
            "text_en": question.text_en,
            "kind": question.kind,
            "options_uk": "\n".join(option.get("uk", "") for option in question.options),
            "options_en": "\n".join(option.get("en", "") for option in question.options),
            "is_required": question.is_required,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        uk = _option_lines(cleaned.get("options_uk", ""))
        en = _option_lines(cleaned.get("options_en", ""))
        if any(len(line) > MAX_OPTION_LENGTH for line in uk):
            self.add_error(
                "options_uk",
                _("An option is at most %(limit)s characters long.") % {"limit": MAX_OPTION_LENGTH},
            )
        if any(len(line) > MAX_OPTION_LENGTH for line in en):
            self.add_error(
                "options_en",
                _("An option is at most %(limit)s characters long.") % {"limit": MAX_OPTION_LENGTH},
            )
        if en and len(en) != len(uk):
            self.add_error(
                "options_en",
                _(
                    "Give as many English options as Ukrainian ones (%(uk)s), in the same "
                    "order, or none."
                )
                % {"uk": len(uk)},
            )
        cleaned["options"] = [
            {"uk": line, "en": en[index] if index < len(en) else ""}
            for index, line in enumerate(uk)
        ]
        return cleaned


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        choices=(("up", _("up")), ("down", _("down"))),
        error_messages={
            "required": _("Say where to move the question."),
            "invalid_choice": _("Say where to move the question."),
        },
    )


class SurveyAnswerForm(forms.Form):
    """One field per question (`q<id>`), built from the survey's questions."""

    def __init__(self, *args: Any, questions: Iterable[SurveyQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = self._field(question)

    @staticmethod
    def _field(question: SurveyQuestion) -> forms.Field:
        messages: dict[str, Any] = {
            "required": required_message(),
            "invalid_choice": _("Choose one of the given answers."),
        }
        label = str(question.text)
        if question.kind == QuestionKind.TEXT:
            return forms.CharField(
                label=label,
                required=question.is_required,
                max_length=MAX_TEXT_ANSWER_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    **messages,
                    "max_length": _("The answer is at most %(limit_value)d characters long."),
                },
            )
        choices: list[tuple[int | str, Any]]
        if question.kind == QuestionKind.SCALE:
            choices = [(score, str(score)) for score in range(1, 6)]
        else:
            choices = [
                (index, option_label(option)) for index, option in enumerate(question.options)
            ]
        if not question.is_required:
            # A radio, once clicked, cannot be cleared: give a way back to no answer.
            choices.append(("", _("No answer")))
        return forms.TypedChoiceField(
            label=label,
            required=question.is_required,
            choices=choices,
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            error_messages=messages,
        )

    def rows(self) -> list[tuple[SurveyQuestion, forms.BoundField]]:
        return [(question, self[field_name(question)]) for question in self.questions]

    def answers(self) -> dict[str, Any]:
        return {
            str(question.pk): self.cleaned_data.get(field_name(question))
            for question in self.questions
        }
