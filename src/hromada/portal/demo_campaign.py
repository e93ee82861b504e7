"""The demo's information campaign: announcements and pages of Zdolbuniv, in Ukrainian and
English, written through the same services as real ones. Created once (looked up by
address); a second run changes nothing. The rules page reads the edition's own settings,
so it says what the regulation on the platform says."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from PIL import Image, ImageDraw

from hromada.accounts.enums import ResidencyBasis
from hromada.accounts.models import User
from hromada.budget.enums import CountingRule, PhaseKind, TieBreak
from hromada.budget.models import Edition
from hromada.portal.models import NewsItem, Page
from hromada.portal.services import save_news_item, save_page

COORDINATOR_EMAIL = "coordinator@example.org"
RESIDENCY_UK = {
    ResidencyBasis.REGISTERED: "зареєстроване місце проживання в громаді",
    ResidencyBasis.IDP: "довідка внутрішньо переміщеної особи",
    ResidencyBasis.WORK: "робота в громаді",
    ResidencyBasis.STUDY: "навчання в громаді",
    ResidencyBasis.PROPERTY: "нерухомість у громаді",
}
RESIDENCY_EN = {
    ResidencyBasis.REGISTERED: "a registered place of residence in the community",
    ResidencyBasis.IDP: "an internally displaced person's certificate",
    ResidencyBasis.WORK: "work in the community",
    ResidencyBasis.STUDY: "study in the community",
    ResidencyBasis.PROPERTY: "property in the community",
}


def _uah_uk(amount: Decimal) -> str:
    return f"{amount:,.0f}".replace(",", "\u00a0") + "\u00a0грн"


def _uah_en(amount: Decimal) -> str:
    return f"UAH\u00a0{amount:,.0f}"


def _votes_uk(count: int) -> str:
    """ "3 голоси", "5 голосів": the number with the noun in the right form."""
    if count % 10 == 1 and count % 100 != 11:
        return f"{count} голос"
    if count % 10 in {2, 3, 4} and count % 100 not in {12, 13, 14}:
        return f"{count} голоси"
    return f"{count} голосів"


def _up_to_uk(count: int, one: str, many: str) -> str:
    """ "до 1 голосу", "до 3 голосів": after "до" the genitive, singular only for one."""
    return f"до {count} {one if count == 1 else many}"


def _up_to_en(count: int, noun: str) -> str:
    return f"up to {count} {noun}{'' if count == 1 else 's'}"


def _tie_break_uk(edition: Edition) -> str:
    return {
        TieBreak.EARLIER_SUBMISSION: "вище стоїть проєкт, поданий раніше",
        TieBreak.LOWER_COST: "вище стоїть дешевший проєкт",
        TieBreak.LOT: "черговість визначає жереб, що фіксується в протоколі",
    }[TieBreak(edition.tie_break)]


def _tie_break_en(edition: Edition) -> str:
    return {
        TieBreak.EARLIER_SUBMISSION: "the project submitted earlier comes first",
        TieBreak.LOWER_COST: "the cheaper project comes first",
        TieBreak.LOT: "a lot recorded in the protocol decides",
    }[TieBreak(edition.tie_break)]


def _counting_uk(edition: Edition) -> str:
    if edition.counting_rule == CountingRule.EQUAL_SHARES:
        return (
            "Переможців визначають методом рівних часток: кошти пулу ділять порівну між "
            "виборцями, і кожен проєкт фінансують ті, хто за нього голосував."
        )
    return (
        "Перемагають проєкти з найбільшою кількістю голосів, доки вистачає коштів пулу; "
        f"за однакової кількості голосів {_tie_break_uk(edition)}."
    )


def _counting_en(edition: Edition) -> str:
    if edition.counting_rule == CountingRule.EQUAL_SHARES:
        return (
            "The winners are found by the method of equal shares: the pool's money is "
            "divided equally among the voters, and each project is paid for by those who "
            "voted for it."
        )
    return (
        "The projects with the most votes win while the pool's money lasts; with equal "
        f"votes, {_tie_break_en(edition)}."
    )


def _phase_start(edition: Edition, kind: str, fallback: date) -> date:
    phase = edition.phases.filter(kind=kind).first()
    return phase.starts_on if phase is not None else fallback


def _phase_end(edition: Edition, kind: str, fallback: date) -> date:
    phase = edition.phases.filter(kind=kind).first()
    return phase.ends_on if phase is not None else fallback


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _ballot_picture() -> io.BytesIO:
    """A plain illustration of a ballot going into a box (no text, so no font needed)."""
    width, height = 1200, 630
    image = Image.new("RGB", (width, height), (11, 79, 156))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 90, width, height), fill=(255, 191, 71))
    # The box, its slot and the ballot half-way in.
    draw.rounded_rectangle((380, 260, 820, 560), radius=24, fill=(243, 245, 248))
    draw.rectangle((480, 250, 720, 272), fill=(27, 31, 36))
    draw.rectangle((520, 70, 680, 262), fill=(255, 255, 255), outline=(27, 31, 36), width=6)
    for row, top in enumerate((100, 150, 200)):
        draw.rectangle((540, top, 568, top + 28), outline=(27, 31, 36), width=4)
        draw.line((584, top + 14, 660, top + 14), fill=(74, 83, 96), width=6)
        if row == 1:
            draw.line((544, top + 14, 553, top + 24, 566, top + 2), fill=(163, 20, 27), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _pools_uk(edition: Edition) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(pool.name_uk)}</th><td>{_uah_uk(pool.amount)}</td>'
        f"<td>{_uah_uk(pool.min_project_cost)} – {_uah_uk(pool.max_project_cost)}</td></tr>"
        for pool in edition.pools.all()
    )
    return (
        '<table><thead><tr><th scope="col">Пул</th><th scope="col">Обсяг</th>'
        f'<th scope="col">Вартість одного проєкту</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _pools_en(edition: Edition) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(pool.name_en or pool.name_uk)}</th>'
        f"<td>{_uah_en(pool.amount)}</td>"
        f"<td>{_uah_en(pool.min_project_cost)} – {_uah_en(pool.max_project_cost)}</td></tr>"
        for pool in edition.pools.all()
    )
    return (
        '<table><thead><tr><th scope="col">Pool</th><th scope="col">Amount</th>'
        f'<th scope="col">Cost of one project</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _news(current: Edition, past: Edition | None) -> list[dict[str, Any]]:
    today = timezone.localdate()
    year = current.year
    submission = _phase_start(current, PhaseKind.SUBMISSION, today - timedelta(days=89))
    submission_end = _phase_end(current, PhaseKind.SUBMISSION, submission + timedelta(days=30))
    admitted = _phase_start(current, PhaseKind.ADMITTED_LIST, today - timedelta(days=11))
    voting = _phase_start(current, PhaseKind.VOTING, today - timedelta(days=3))
    voting_end = _phase_end(current, PhaseKind.VOTING, voting + timedelta(days=20))
    votes = current.votes_per_voter
    items: list[dict[str, Any]] = [
        {
            "slug": f"holosuvannia-hromadskyi-biudzhet-{year}",
            "title_uk": f"Голосування за проєкти громадського бюджету {year} року триває",
            "title_en": f"Voting on the {year} participatory budget projects is open",
            "summary_uk": (
                f"До {voting_end:%d.%m.%Y} кожен житель громади від {current.voter_min_age} "
                f"років може віддати {_up_to_uk(votes, 'голосу', 'голосів')} за проєкти "
                "онлайн або в ЦНАП чи старостаті."
            ),
            "summary_en": (
                f"Until {voting_end:%d.%m.%Y} every resident aged {current.voter_min_age} or "
                f"over may give {_up_to_en(votes, 'vote')} to projects, online or at the "
                "service centre or a starosta office."
            ),
            "body_uk": (
                f"<p>Розпочалося голосування за проєкти громадського бюджету {year} року. "
                f"На втілення ідей жителів цього року передбачено "
                f"{_uah_uk(current.total_amount)}.</p>"
                "<h2>Як проголосувати</h2><ol>"
                "<li>Відкрийте перелік проєктів і оберіть ті, що вам до вподоби.</li>"
                "<li>Увійдіть на платформу та підтвердьте особу через ID.GOV.UA "
                "(Дія.Підпис, BankID або файловий ключ).</li>"
                f"<li>Позначте {_up_to_uk(votes, 'проєкту', 'проєктів')} і надішліть "
                "бюлетень.</li>"
                "<li>Збережіть код квитанції: за ним можна перевірити, що голос враховано.</li>"
                "</ol><p>Немає електронного підпису? Проголосуйте в ЦНАП або у своєму "
                "старостаті: візьміть паспорт і картку платника податків.</p>"
                f"<p>Голосування триває до <strong>{voting_end:%d.%m.%Y}</strong> "
                "включно.</p>"
            ),
            "body_en": (
                f"<p>Voting on the {year} participatory budget projects has begun. This "
                f"year {_uah_en(current.total_amount)} is set aside for residents' ideas.</p>"
                "<h2>How to vote</h2><ol>"
                "<li>Open the list of projects and choose the ones you like.</li>"
                "<li>Sign in and confirm who you are through ID.GOV.UA (Diia.Signature, "
                "BankID or a key file).</li>"
                f"<li>Mark {_up_to_en(votes, 'project')} and send the ballot.</li>"
                "<li>Keep the receipt code: with it you can check that your vote was "
                "counted.</li></ol>"
                "<p>No electronic signature? Vote at the administrative service centre or "
                "your starosta office: bring your passport and taxpayer card.</p>"
                f"<p>Voting is open until <strong>{voting_end:%d.%m.%Y}</strong> "
                "inclusive.</p>"
            ),
            "image_alt_uk": "Бюлетень із позначкою опускають у скриньку для голосування",
            "image_alt_en": "A marked ballot going into a ballot box",
            "publish_at": _at(voting, 8),
            "is_pinned": True,
            "edition": current,
            "picture": True,
        },
        {
            "slug": f"dopushcheni-proiekty-{year}",
            "title_uk": f"Оприлюднено перелік проєктів, допущених до голосування у {year} році",
            "title_en": f"The projects admitted to the {year} vote are published",
            "summary_uk": (
                "Комісія з питань громадського бюджету розглянула висновки відділів і "
                "апеляції авторів. Ознайомтеся з проєктами до початку голосування."
            ),
            "summary_en": (
                "The participatory budget commission has considered the departments' "
                "opinions and the authors' appeals. Have a look at the projects before "
                "the vote begins."
            ),
            "body_uk": (
                "<p>Комісія з питань громадського бюджету завершила розгляд проєктів. "
                "До кожного проєкту в каталозі додано висновки відділів та рішення "
                "комісії, а для відхилених — причину відхилення.</p>"
                f"<p>Голосування розпочнеться <strong>{voting:%d.%m.%Y}</strong>. "
                "Автори проєктів можуть уже зараз розповідати про свої ідеї сусідам.</p>"
            ),
            "body_en": (
                "<p>The participatory budget commission has finished reviewing the "
                "projects. Each project in the catalogue now shows the departments' "
                "opinions and the commission's decision, and rejected ones the reason.</p>"
                f"<p>Voting begins on <strong>{voting:%d.%m.%Y}</strong>. Authors may "
                "already tell their neighbours about their ideas.</p>"
            ),
            "publish_at": _at(admitted, 10),
            "is_pinned": False,
            "edition": current,
        },
        {
            "slug": f"konsultatsii-dlia-avtoriv-{year}",
            "title_uk": "Консультації для авторів проєктів: як скласти кошторис",
            "title_en": "Advice for project authors: how to draw up a cost estimate",
            "summary_uk": (
                "Фахівці відділів міської ради допоможуть оцінити вартість ідеї та "
                "перевірити, чи можна її втілити на обраній ділянці."
            ),
            "summary_en": (
                "Specialists of the council's departments will help to estimate what an "
                "idea costs and whether it can be carried out on the chosen site."
            ),
            "body_uk": (
                "<p>Найчастіше проєкти повертають на доопрацювання через неповний кошторис "
                "або ділянку, що не належить громаді. Щоб уникнути цього, до "
                f"{submission_end:%d.%m.%Y} працюють консультації для авторів.</p>"
                "<ul><li>Ціни в кошторисі беріть з кількох комерційних пропозицій.</li>"
                "<li>Додайте непередбачені витрати (не більше "
                f"{current.max_contingency_percent:.0f}%) та ПДВ, якщо постачальник "
                "його сплачує.</li>"
                "<li>Перевірте, хто користується земельною ділянкою: встановлювати "
                "обладнання можна лише на землях громади.</li></ul>"
                "<p>Запис на консультацію — у ЦНАП або у відділі, відповідальному за "
                "громадський бюджет.</p>"
            ),
            "body_en": (
                "<p>Projects are most often returned for revision because of an "
                "incomplete estimate or a site that does not belong to the community. To "
                f"avoid it, advice for authors is available until {submission_end:%d.%m.%Y}."
                "</p><ul><li>Take the prices from several commercial offers.</li>"
                "<li>Add a contingency line (at most "
                f"{current.max_contingency_percent:.0f}%) and VAT if the supplier pays it."
                "</li><li>Check who uses the land: equipment may only be installed on the "
                "community's land.</li></ul>"
                "<p>Book a consultation at the administrative service centre or with the "
                "department responsible for the participatory budget.</p>"
            ),
            "publish_at": _at(submission + timedelta(days=3), 11),
            "is_pinned": False,
            "edition": current,
        },
        {
            "slug": f"start-podannia-proiektiv-{year}",
            "title_uk": f"Розпочато подання проєктів до громадського бюджету {year} року",
            "title_en": f"Submission of projects to the {year} participatory budget has begun",
            "summary_uk": (
                f"До {submission_end:%d.%m.%Y} жителі громади можуть подати ідеї для міста "
                f"й старостинських округів. Загальний обсяг — {_uah_uk(current.total_amount)}."
            ),
            "summary_en": (
                f"Until {submission_end:%d.%m.%Y} residents may submit ideas for the town "
                "and the village districts. The total is "
                f"{_uah_en(current.total_amount)}."
            ),
            "body_uk": (
                f"<p>Подати проєкт може кожен житель громади від {current.author_min_age} "
                "років. Потрібно заповнити бланк-заяву на платформі, додати кошторис і "
                f"зібрати підписи щонайменше {current.supporters_required} прихильників.</p>"
                f"{_pools_uk(current)}"
                "<p>Детальніше — на сторінці «Як подати проєкт».</p>"
            ),
            "body_en": (
                f"<p>Any resident aged {current.author_min_age} or over may submit a "
                "project: fill in the application on the platform, add a cost estimate and "
                f"collect the support of at least {current.supporters_required} residents."
                f"</p>{_pools_en(current)}"
                "<p>See the page “How to submit a project” for details.</p>"
            ),
            "publish_at": _at(submission, 9),
            "is_pinned": False,
            "edition": current,
        },
    ]
    if past is not None:
        results = _phase_start(past, PhaseKind.RESULTS, date(past.year, 6, 30))
        items.append(
            {
                "slug": f"pidsumky-hromadskoho-biudzhetu-{past.year}",
                "title_uk": f"Підсумки громадського бюджету {past.year} року",
                "title_en": f"Results of the {past.year} participatory budget",
                "summary_uk": (
                    "Голоси підраховано, результати затверджено комісією. Переможці "
                    "втілюватимуться до кінця наступного року."
                ),
                "summary_en": (
                    "The votes are counted and the commission has approved the results. "
                    "The winning projects will be carried out by the end of next year."
                ),
                "body_uk": (
                    f"<p>Дякуємо всім, хто подавав проєкти й голосував у {past.year} році! "
                    "Результати за кожним пулом, файли бюлетенів у форматі Pabulib та "
                    "протокол комісії опубліковано на сторінці результатів.</p>"
                    "<p>Хід утілення проєктів-переможців можна відстежувати на сторінці "
                    "кожного проєкту.</p>"
                ),
                "body_en": (
                    f"<p>Thank you to everyone who submitted projects and voted in "
                    f"{past.year}! The results of each pool, the ballot files in the Pabulib "
                    "format and the commission's protocol are published on the results "
                    "page.</p><p>Follow how the winning projects are carried out on each "
                    "project's page.</p>"
                ),
                "publish_at": _at(results, 12),
                "is_pinned": False,
                "edition": past,
            }
        )
    return items


def _pages(current: Edition) -> list[dict[str, Any]]:
    today = timezone.localdate()
    votes = current.votes_per_voter
    bases_uk = ", ".join(
        RESIDENCY_UK[basis] for basis in current.residency_bases if basis in RESIDENCY_UK
    )
    bases_en = ", ".join(
        RESIDENCY_EN[basis] for basis in current.residency_bases if basis in RESIDENCY_EN
    )
    return [
        {
            "slug": "accessibility",
            "edition": None,
            "position": 0,
            "title_uk": "Заява про доступність",
            "title_en": "Accessibility statement",
            "body_uk": (
                "<p>Здолбунівська міська рада прагне, щоб цією платформою могли "
                "користуватися всі жителі громади, зокрема люди з порушеннями зору, слуху, "
                "рухових функцій чи сприйняття.</p>"
                "<h2>Стан відповідності</h2>"
                "<p>Платформа розробляється відповідно до рівня AA настанов WCAG 2.1 "
                "(ДСТУ EN 301 549). Ми перевіряємо кожну сторінку автоматизованими тестами "
                "axe, а основні сценарії — навігацією з клавіатури та програмою екранного "
                "доступу.</p>"
                "<h2>Що зроблено</h2><ul>"
                "<li>Усі дії — подати проєкт, підтримати, проголосувати — працюють без "
                "JavaScript і з клавіатури.</li>"
                "<li>Контраст тексту щонайменше 4,5:1, фокус завжди видно.</li>"
                "<li>Зображення мають текстовий опис, таблиці — заголовки рядків і "
                "стовпців.</li>"
                "<li>Кожна сторінка доступна українською та англійською.</li></ul>"
                "<h2>Відомі обмеження</h2><ul>"
                "<li>Карта проєктів потребує JavaScript; та сама інформація є в переліку "
                "проєктів з адресами.</li>"
                "<li>Скановані документи, додані авторами проєктів, можуть бути "
                "недоступними для програм екранного доступу.</li></ul>"
                "<h2>Зворотний зв’язок</h2>"
                "<p>Якщо ви натрапили на бар’єр, напишіть на "
                '<a href="mailto:accessibility@example.org">accessibility@example.org</a> '
                "або зверніться до ЦНАП. Ми відповімо протягом 10 робочих днів.</p>"
                f"<p>Заяву підготовлено {today:%d.%m.%Y}.</p>"
            ),
            "body_en": (
                "<p>Zdolbuniv City Council wants every resident of the community to be able "
                "to use this platform, including people with visual, hearing, motor or "
                "cognitive impairments.</p>"
                "<h2>Compliance status</h2>"
                "<p>The platform is built to level AA of the WCAG 2.1 guidelines "
                "(EN 301 549). Every page is checked by automated axe tests, and the main "
                "journeys with a keyboard and a screen reader.</p>"
                "<h2>What we have done</h2><ul>"
                "<li>Everything — submitting a project, supporting, voting — works without "
                "JavaScript and with a keyboard.</li>"
                "<li>Text contrast is at least 4.5:1, and focus is always visible.</li>"
                "<li>Images have a text description, tables have row and column "
                "headers.</li>"
                "<li>Every page is available in Ukrainian and English.</li></ul>"
                "<h2>Known limitations</h2><ul>"
                "<li>The map of projects needs JavaScript; the same information is in the "
                "list of projects with their addresses.</li>"
                "<li>Scanned documents attached by project authors may not be readable by "
                "screen readers.</li></ul>"
                "<h2>Feedback</h2>"
                "<p>If you meet a barrier, write to "
                '<a href="mailto:accessibility@example.org">accessibility@example.org</a> '
                "or ask at the administrative service centre. We answer within 10 working "
                "days.</p>"
                f"<p>This statement was prepared on {today:%d.%m.%Y}.</p>"
            ),
        },
        {
            "slug": "rules",
            "edition": current,
            "position": 1,
            "title_uk": "Правила громадського бюджету",
            "title_en": "Rules of the participatory budget",
            "body_uk": (
                f"<p>Громадський бюджет {current.year} року — "
                f"{_uah_uk(current.total_amount)} на проєкти, які пропонують і обирають "
                "самі жителі громади.</p>"
                f"<h2>Пули</h2>{_pools_uk(current)}"
                "<h2>Хто може брати участь</h2><ul>"
                f"<li>Подати проєкт — жителі від {current.author_min_age} років.</li>"
                f"<li>Голосувати — жителі від {current.voter_min_age} років.</li>"
                f"<li>Підстави проживання: {bases_uk}.</li></ul>"
                "<h2>Вимоги до проєкту</h2><ul>"
                f"<li>Назва — до {current.title_max_words} слів, короткий опис — до "
                f"{current.summary_max_words} слів.</li>"
                f"<li>Підтримка щонайменше {current.supporters_required} жителів.</li>"
                "<li>Об’єкт розташований на землі громади й після втілення доступний "
                "усім.</li>"
                f"<li>Непередбачені витрати — не більше "
                f"{current.max_contingency_percent:.0f}% кошторису.</li></ul>"
                "<h2>Підрахунок голосів</h2>"
                f"<p>Кожен виборець має {_votes_uk(votes)}. {_counting_uk(current)}</p>"
            ),
            "body_en": (
                f"<p>The {current.year} participatory budget: "
                f"{_uah_en(current.total_amount)} for projects that residents propose and "
                "choose themselves.</p>"
                f"<h2>Pools</h2>{_pools_en(current)}"
                "<h2>Who may take part</h2><ul>"
                f"<li>Submit a project: residents aged {current.author_min_age} or over.</li>"
                f"<li>Vote: residents aged {current.voter_min_age} or over.</li>"
                f"<li>Residency: {bases_en}.</li></ul>"
                "<h2>What a project needs</h2><ul>"
                f"<li>A title of at most {current.title_max_words} words and a short "
                f"description of at most {current.summary_max_words} words.</li>"
                f"<li>The support of at least {current.supporters_required} residents.</li>"
                "<li>A site on the community's land, open to everyone once built.</li>"
                f"<li>A contingency line of at most {current.max_contingency_percent:.0f}% "
                "of the estimate.</li></ul>"
                "<h2>Counting</h2>"
                f"<p>Each voter has {votes} vote{'' if votes == 1 else 's'}. "
                f"{_counting_en(current)}</p>"
            ),
        },
        {
            "slug": "how-to-submit",
            "edition": current,
            "position": 2,
            "title_uk": "Як подати проєкт",
            "title_en": "How to submit a project",
            "body_uk": (
                "<ol><li>Зареєструйтеся на платформі та підтвердьте особу через "
                "ID.GOV.UA.</li>"
                "<li>Натисніть «Подати проєкт» на сторінці громадського бюджету й "
                "заповніть бланк-заяву: проблему, мету, рішення, місце.</li>"
                "<li>Складіть кошторис: кожен рядок з кількістю та ціною за одиницю.</li>"
                "<li>Додайте фото місця, схему або комерційні пропозиції (JPEG, PNG, PDF, "
                f"до {current.max_attachment_mb} МБ кожен).</li>"
                f"<li>Зберіть підтримку {current.supporters_required} жителів: онлайн або "
                "на паперовому списку.</li>"
                "<li>Надішліть проєкт. Після перевірки на повноту його опублікують у "
                "каталозі, а відділи ради нададуть висновки.</li></ol>"
                "<p>Проєкт можна зберігати частинами й повертатися до нього — нічого не "
                "втрачається.</p>"
            ),
            "body_en": (
                "<ol><li>Register on the platform and confirm who you are through "
                "ID.GOV.UA.</li>"
                "<li>Press “Submit a project” on the participatory budget page and fill in "
                "the application: the problem, the aim, the solution, the place.</li>"
                "<li>Draw up the cost estimate: each line with a quantity and a unit "
                "price.</li>"
                "<li>Attach photos of the place, a sketch or commercial offers (JPEG, PNG, "
                f"PDF, up to {current.max_attachment_mb} MB each).</li>"
                f"<li>Collect the support of {current.supporters_required} residents, "
                "online or on a paper list.</li>"
                "<li>Submit the project. After the completeness check it is published in "
                "the catalogue, and the council's departments give their opinions.</li>"
                "</ol><p>You can save the application step by step and come back to it: "
                "nothing is lost.</p>"
            ),
        },
        {
            "slug": "how-to-vote",
            "edition": current,
            "position": 3,
            "title_uk": "Як проголосувати",
            "title_en": "How to vote",
            "body_uk": (
                "<h2>Онлайн</h2><ol>"
                "<li>Увійдіть на платформу та підтвердьте особу через ID.GOV.UA "
                "(Дія.Підпис, BankID або файловий ключ).</li>"
                f"<li>Відкрийте бюлетень і позначте {_up_to_uk(votes, 'проєкту', 'проєктів')}."
                "</li>"
                "<li>Надішліть бюлетень і збережіть код квитанції.</li></ol>"
                "<h2>У ЦНАП або старостаті</h2>"
                "<p>Візьміть паспорт (або ID-картку) і картку платника податків. Оператор "
                "перевірить, що ви ще не голосували, і ви заповните бюлетень самостійно.</p>"
                "<h2>Таємниця голосування</h2>"
                "<p>Бюлетень зберігається окремо від відмітки про те, що ви проголосували: "
                "ніхто, зокрема працівники ради, не може дізнатися, за що ви "
                "голосували. За кодом квитанції ви можете перевірити, що ваш бюлетень "
                "враховано.</p>"
            ),
            "body_en": (
                "<h2>Online</h2><ol>"
                "<li>Sign in and confirm who you are through ID.GOV.UA (Diia.Signature, "
                "BankID or a key file).</li>"
                f"<li>Open the ballot and mark {_up_to_en(votes, 'project')}.</li>"
                "<li>Send the ballot and keep the receipt code.</li></ol>"
                "<h2>At the service centre or a starosta office</h2>"
                "<p>Bring your passport (or ID card) and taxpayer card. The operator checks "
                "that you have not voted yet, and you fill in the ballot yourself.</p>"
                "<h2>Secret ballot</h2>"
                "<p>Your ballot is kept apart from the record that you voted: nobody, "
                "council staff included, can learn how you voted. With the receipt code "
                "you can check that your ballot was counted.</p>"
            ),
        },
    ]


def seed_campaign(editions: Iterable[Edition]) -> None:
    """Announcements and pages for the demo editions; the newest edition is the current
    one. Idempotent: what already exists (by address) is left as it is."""
    ordered = sorted(editions, key=lambda edition: (edition.year, edition.pk))
    if not ordered:
        return
    current = ordered[-1]
    past = ordered[-2] if len(ordered) > 1 else None
    author = User.objects.filter(email=COORDINATOR_EMAIL).first()
    for spec in _news(current, past):
        if NewsItem.objects.filter(slug=spec["slug"]).exists():
            continue
        values = dict(spec)
        picture = _ballot_picture() if values.pop("picture", False) else None
        save_news_item(actor=author, image=picture, **values)
    for spec in _pages(current):
        if Page.objects.filter(slug=spec["slug"], edition=spec["edition"]).exists():
            continue
        save_page(actor=author, is_published=True, **spec)
