"""The public programme page: structure in Ukrainian (default) and English, money, the
illustrative badge, and a number of queries that does not grow with the programme."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.programmes.models import Indicator, Measure, Task
from hromada.programmes.services import create_measure, save_indicator, set_planned_amount

# The eighteen task titles exactly as in the programme text (decision No. 1955).
TASK_TITLES_UK = [
    "Проведення інформаційної та промоційної кампанії",
    "Подання проектів",
    "Перевірка проектів",
    "Голосування за проекти та підрахунок результатів",
    "Реалізація проектів та оцінка процесу",
    "Проведення інформаційної і промоційної кампанії",
    "Подання проектів",
    "Визначення переможців",
    "Реалізація проектів",
    "Презентація результатів",
    "Забезпечення співфінансування грантових проектів, які будуть реалізовуватися на території "
    "Здолбунівської міської територіальної громади обласного та державного рівня, а також "
    "проектів міжнародної технічної допомоги у 2024 році",
    "Організаційне забезпечення візитів офіційних делегацій Здолбунівської міської "
    "територіальної громади за кордон",
    "Організація прийомів іноземних делегацій з партнерських та дружніх міст і регіонів, "
    "представників дипломатичного корпусу та міжнародних організацій в т.ч. під час "
    "відзначення Дня міста, урочистих заходів і особливих подій",
    "Налагодження нових та інтенсифікація наявних зв’язків з дипломатичними інституціями та "
    "представництвами міжнародних організацій щодо залучення інвестицій",
    "Сприяння виконавчим органам та комунальним закладам, громадським організаціям та "
    "підприємствам у здійсненні міжнародної діяльності",
    "Розробка та закупівля промоційних матеріалів та сувенірів про Здолбунівську міську "
    "територіальну громаду",
    "Сприяння проведенню іміджевих заходів міжнародного характеру в т.ч. в онлайн форматі",
    "Проведення заходів на тему європейської інтеграції, зокрема в рамках Дня Європи в Україні",
]


def task_headings(html: str) -> list[str]:
    return re.findall(r'<h3 id="task-\d+"><span class="task-number">[\d.]+</span> (.*?)</h3>', html)


def measure_of(programme, number="1.1.1") -> Measure:
    return Measure.objects.get(task__direction__programme=programme, number=number)


@pytest.mark.django_db
def test_programme_page_shows_the_eighteen_task_titles_in_ukrainian(client, programme):
    response = client.get("/programme/")
    assert response.status_code == 200
    assert '<html lang="uk">' in response.content.decode()
    assert task_headings(response.content.decode()) == TASK_TITLES_UK


@pytest.mark.django_db
def test_programme_page_in_english_shows_the_english_titles(client, programme):
    response = client.get("/en/programme/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    expected = list(
        Task.objects.filter(direction__programme=programme)
        .order_by("direction__number", "position")
        .values_list("title_en", flat=True)
    )
    assert task_headings(html) == expected
    assert task_headings(html)[7] == "Selection of the winners"
    assert "Holding events on European integration" in html


@pytest.mark.django_db
def test_programme_page_by_slug_shows_the_programme(client, programme):
    response = client.get("/programme/zdolbuniv-2024/")
    assert response.status_code == 200
    assert f"<h1>{programme.title_uk}</h1>" in response.content.decode()


@pytest.mark.django_db
def test_unknown_programme_slug_is_not_found(client, programme):
    assert client.get("/programme/no-such-programme/").status_code == 404


@pytest.mark.django_db
def test_programme_page_without_any_programme_is_not_found(client):
    assert client.get("/programme/").status_code == 404


@pytest.mark.django_db
def test_programme_page_shows_decision_period_department_and_results(client, programme):
    html = client.get("/programme/").content.decode()
    assert "21.12.2023" in html
    assert "1955" in html
    assert '<time datetime="2024-01-01">01.01.2024</time>' in html
    assert '<time datetime="2024-12-31">31.12.2024</time>' in html
    assert "Відділ проектної діяльності, розвитку та міжнародного співробітництва" in html
    for result in programme.expected_results.all():
        assert f"<li>{result.text_uk}</li>" in html


@pytest.mark.django_db
def test_programme_page_without_amounts_says_they_are_not_entered(client, programme):
    html = client.get("/programme/").content.decode()
    assert 'id="no-planned-amounts"' in html
    assert 'id="planned-totals"' not in html


@pytest.mark.django_db
def test_programme_page_shows_planned_money_in_hryvnias_with_two_decimals(client, programme):
    set_planned_amount(None, measure_of(programme), 2024, "community", Decimal("1234567.5"))
    html = client.get("/en/programme/").content.decode()
    assert 'id="planned-totals"' in html
    assert 'id="no-planned-amounts"' not in html
    assert "1,234,567.50 UAH" in html


@pytest.mark.django_db
def test_programme_page_groups_ukrainian_money_with_a_comma_for_decimals(client, programme):
    set_planned_amount(None, measure_of(programme), 2024, "community", Decimal("1234567.5"))
    html = client.get("/programme/").content.decode()
    assert "1\xa0234\xa0567,50" in html


@pytest.mark.django_db
def test_programme_page_marks_illustrative_amounts_with_a_badge(client, programme):
    set_planned_amount(
        None, measure_of(programme), 2024, "community", Decimal("50000"), is_illustrative=True
    )
    html = client.get("/programme/").content.decode()
    assert html.count('<span class="badge badge-illustrative">') == 2  # the note + the amount


@pytest.mark.django_db
def test_programme_page_shows_no_badge_for_entered_amounts(client, programme):
    set_planned_amount(None, measure_of(programme), 2024, "community", Decimal("50000"))
    html = client.get("/programme/").content.decode()
    assert "badge-illustrative" not in html


@pytest.mark.django_db
def test_programme_page_shows_indicators_of_a_measure(client, programme):
    save_indicator(
        None,
        measure_of(programme),
        name_uk="Кількість публікацій",
        unit_uk="од.",
        planned_value=Decimal("12"),
    )
    html = client.get("/programme/").content.decode()
    assert '<th scope="row">Кількість публікацій</th>' in html
    assert '<td class="number">12</td>' in html


@pytest.mark.django_db
def test_programme_page_queries_do_not_grow_with_measures(
    client, programme, django_assert_max_num_queries
):
    set_planned_amount(None, measure_of(programme), 2024, "community", Decimal("1"))
    with CaptureQueriesContext(connection) as small:
        client.get("/programme/zdolbuniv-2024/")
    for task in Task.objects.filter(direction__programme=programme):
        measure = create_measure(None, task, title_uk="Додатковий захід", funding_sources=["ita"])
        set_planned_amount(None, measure, 2024, "ita", Decimal("10"), is_illustrative=True)
        set_planned_amount(None, measure, 2025, "other", Decimal("20"))
        save_indicator(None, measure, name_uk="Показник", unit_uk="од.", planned_value=Decimal(1))
    assert Indicator.objects.count() == 18
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/programme/zdolbuniv-2024/")
    assert response.content.decode().count('class="measure"') == 36
    assert len(small.captured_queries) <= 8
