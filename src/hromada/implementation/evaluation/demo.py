"""Demo evaluation of a closed edition, built through the services: ratings of its
implemented projects by demo voters (a few with comments, most published, one waiting
for moderation) and a closed process survey with five questions in Ukrainian and
English, answered by about forty of the edition's voters. Idempotent: what exists is
left alone. Runs after the implementation demo has created the records."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hromada.accounts.enums import Role
from hromada.accounts.models import User
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.selectors import phase_of_kind
from hromada.implementation.enums import CommentState, ImplementationStatus, QuestionKind
from hromada.implementation.evaluation.services import (
    answer_survey,
    rate_project,
    save_question,
    save_survey,
)
from hromada.implementation.evaluation.workflow import moderate_comment
from hromada.implementation.models import ImplementationRecord, Rating, Survey
from hromada.voting.models import VoterRecord

DEMO_COORDINATOR_EMAIL = "coordinator@example.org"
SURVEY_RESPONSES = 40
SURVEY_DAYS = 30

COMMENTS = (
    "Дуже гарно вийшло, діти щодня там граються.",
    "Зробили вчасно і якісно, дякуємо!",
    "Добре, але бракує ще кількох лавок у тіні.",
    "Хотілося б, щоб про завершення робіт повідомили заздалегідь.",
)

QUESTIONS = (
    (
        QuestionKind.SCALE,
        "Наскільки зрозумілими були правила громадського бюджету?",
        "How clear were the rules of the participatory budget?",
        (),
        True,
    ),
    (
        QuestionKind.SCALE,
        "Наскільки зручно було голосувати?",
        "How easy was it to vote?",
        (),
        True,
    ),
    (
        QuestionKind.CHOICE,
        "Звідки ви дізналися про громадський бюджет?",
        "Where did you hear about the participatory budget?",
        (
            ("Сайт громади", "The community's website"),
            ("Соцмережі", "Social media"),
            ("Від знайомих", "From people I know"),
            ("Оголошення і плакати", "Notices and posters"),
            ("ЦНАП або староста", "The service centre or the starosta"),
        ),
        False,
    ),
    (
        QuestionKind.CHOICE,
        "Чи візьмете ви участь наступного року?",
        "Will you take part next year?",
        (("Так", "Yes"), ("Можливо", "Maybe"), ("Ні", "No")),
        True,
    ),
    (
        QuestionKind.TEXT,
        "Що варто змінити в процесі?",
        "What should change in the process?",
        (),
        False,
    ),
)

TEXT_ANSWERS = (
    "Більше часу на збір підписів.",
    "Проводити зустрічі з авторами в селах.",
    "Зробити голосування в застосунку Дія.",
    "Публікувати фото до і після робіт раніше.",
    "Пояснювати простіше, чому проєкт відхилили.",
    "Усе сподобалося, нічого не змінювати.",
)


def _moderator() -> User | None:
    """The demo coordinator, or any administrator: comments need a moderator."""
    found = User.objects.filter(email=DEMO_COORDINATOR_EMAIL).first()
    if found is not None:
        return found
    return User.objects.filter(memberships__team__role=Role.ADMINISTRATOR).order_by("pk").first()


def _voter_keys(edition: Edition, count: int) -> list[str]:
    return list(
        VoterRecord.objects.filter(edition=edition, annulment__isnull=True)
        .order_by("pk")
        .values_list("person_key", flat=True)[:count]
    )


def _moment(day: date, rng: random.Random) -> datetime:
    """A time of day on `day`, never in the future (a project delivered last week)."""
    moment = timezone.make_aware(
        datetime.combine(day, time(hour=rng.randrange(8, 21), minute=rng.randrange(60)))
    )
    return min(moment, timezone.now())


def _seed_ratings(edition: Edition, rng: random.Random, moderator: User | None) -> str:
    records = list(
        ImplementationRecord.objects.filter(
            project__edition=edition, status=ImplementationStatus.IMPLEMENTED
        ).order_by("project__number", "pk")
    )
    if not records:
        return f"evaluation {edition.slug}: no implemented project to rate"
    if Rating.objects.filter(record__in=records).exists():
        return f"evaluation {edition.slug}: ratings already there"
    keys = _voter_keys(edition, 60)
    if not keys:
        return f"evaluation {edition.slug}: no demo voters to rate"
    rated = 0
    comments = iter(COMMENTS)
    written: list[Rating] = []
    for record in records:
        delivered = record.actual_end or timezone.localdate() - timedelta(days=60)
        raters = rng.sample(keys, k=min(len(keys), rng.randint(6, 14)))
        for number, key in enumerate(raters):
            # Mostly content residents, a few disappointed ones.
            score = rng.choices((5, 4, 3, 2, 1), weights=(40, 30, 15, 10, 5))[0]
            comment = next(comments, "") if number == 0 else ""
            rating = rate_project(
                record=record,
                person_key=key,
                score=score,
                comment=comment,
                now=_moment(delivered + timedelta(days=1 + number), rng),
            )
            rated += 1
            if comment:
                written.append(rating)
    # Every comment but the last is published; the last waits for the moderator, so the
    # moderation page has something to show.
    if moderator is not None:
        for rating in written[:-1]:
            moderate_comment(rating=rating, to_state=CommentState.PUBLISHED, actor=moderator)
    pending = Rating.objects.filter(record__in=records, comment_state=CommentState.PENDING).count()
    return (
        f"evaluation {edition.slug}: {rated} ratings of {len(records)} projects, "
        f"{len(written)} comments ({pending} awaiting moderation)"
    )


def _survey_dates(edition: Edition) -> tuple[date, date]:
    """From the day after the results phase (or after voting) for a month."""
    phase = phase_of_kind(edition, PhaseKind.RESULTS) or phase_of_kind(edition, PhaseKind.VOTING)
    start = (phase.ends_on if phase is not None else date(edition.year, 7, 1)) + timedelta(days=1)
    return start, start + timedelta(days=SURVEY_DAYS - 1)


def _answers(survey: Survey, rng: random.Random) -> dict[str, int | str | None]:
    questions = list(survey.questions.order_by("position", "pk"))
    answers: dict[str, int | str | None] = {}
    for question in questions:
        key = str(question.pk)
        if question.kind == QuestionKind.SCALE:
            answers[key] = rng.choices((5, 4, 3, 2, 1), weights=(30, 35, 20, 10, 5))[0]
        elif question.kind == QuestionKind.CHOICE:
            if not question.is_required and rng.random() < 0.1:
                answers[key] = None
            else:
                answers[key] = rng.randrange(len(question.options))
        else:
            answers[key] = rng.choice(TEXT_ANSWERS) if rng.random() < 0.4 else None
    return answers


def _seed_survey(edition: Edition, rng: random.Random, actor: User | None) -> str:
    if Survey.objects.filter(edition=edition).exists():
        return f"evaluation {edition.slug}: survey already there"
    opens_on, closes_on = _survey_dates(edition)
    values = {
        "edition": edition,
        "actor": actor,
        "intro_uk": (
            "Кілька запитань про те, як минув громадський бюджет цього року. Відповіді "
            "зберігаються без імені та без часу."
        ),
        "intro_en": (
            "A few questions about how this year's participatory budget went. Answers are "
            "stored without a name and without a time."
        ),
        "opens_on": opens_on,
        "closes_on": closes_on,
    }
    survey = save_survey(**values, is_published=False)  # type: ignore[arg-type]
    for kind, text_uk, text_en, options, is_required in QUESTIONS:
        save_question(
            survey=survey,
            actor=actor,  # type: ignore[arg-type]
            text_uk=text_uk,
            text_en=text_en,
            kind=kind,
            options=[{"uk": uk, "en": en} for uk, en in options],
            is_required=is_required,
        )
    survey = save_survey(**values, is_published=True)  # type: ignore[arg-type]
    keys = _voter_keys(edition, SURVEY_RESPONSES)
    for number, key in enumerate(keys):
        answer_survey(
            survey=survey,
            person_key=key,
            answers=_answers(survey, rng),
            actor=None,
            today=opens_on + timedelta(days=number * (SURVEY_DAYS - 1) // max(1, len(keys))),
        )
    return (
        f"evaluation {edition.slug}: survey of {len(QUESTIONS)} questions, "
        f"{len(keys)} responses, closed on {closes_on:%d.%m.%Y}"
    )


def seed_evaluation(edition: Edition, moderator: User | None = None) -> list[str]:
    """Ratings and the survey of `edition` (the closed 2024 one in the demo)."""
    # Reproducible fictional data, not a secret: a seeded generator on purpose.
    rng = random.Random(f"hromada-demo-evaluation-{edition.slug}")  # noqa: S311
    moderator = moderator or _moderator()
    with transaction.atomic():
        return [
            _seed_ratings(edition, rng, moderator),
            _seed_survey(edition, rng, moderator),
        ]
