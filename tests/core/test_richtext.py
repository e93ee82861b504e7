"""Rich text from staff: attack strings are neutralised, and the words and the allowed
markup around them are kept."""

from __future__ import annotations

import pytest

from hromada.core.richtext import sanitise_html, sanitise_html_with_report

REL = 'rel="noopener noreferrer nofollow"'


def test_script_tag_is_removed_with_its_content_and_the_text_around_it_is_kept():
    html = "<p>Голосування триває<script>alert('xss')</script> до неділі.</p>"
    assert sanitise_html(html) == "<p>Голосування триває до неділі.</p>"


def test_style_tag_is_removed_with_its_content():
    assert sanitise_html("<style>body{display:none}</style><p>Текст</p>") == "<p>Текст</p>"


def test_img_with_onerror_is_removed_and_the_text_after_it_kept():
    assert (
        sanitise_html('<p><img src=x onerror="alert(1)">Фото з місця</p>') == "<p>Фото з місця</p>"
    )


def test_svg_with_onload_is_removed():
    assert (
        sanitise_html('<svg onload="alert(1)"><circle r="5"/></svg><p>Після</p>') == "<p>Після</p>"
    )


def test_javascript_href_is_dropped_and_the_link_text_kept():
    assert (
        sanitise_html('<a href="javascript:alert(1)">Детальніше</a>') == f"<a {REL}>Детальніше</a>"
    )


@pytest.mark.parametrize(
    "href",
    [
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "jav&#x09;ascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
    ],
)
def test_obfuscated_and_other_unsafe_link_schemes_are_dropped(href):
    assert sanitise_html(f'<a href="{href}">Посилання</a>') == f"<a {REL}>Посилання</a>"


@pytest.mark.parametrize(
    "href",
    ["https://zdolbuniv-rada.gov.ua/", "http://example.org/a?b=1", "mailto:rada@example.org"],
)
def test_http_https_and_mailto_links_are_kept_with_a_safe_rel(href):
    assert sanitise_html(f'<a href="{href}">Сайт</a>') == f'<a href="{href}" {REL}>Сайт</a>'


def test_an_author_supplied_rel_or_target_is_replaced():
    html = '<a href="https://example.org" rel="opener" target="_blank">Сайт</a>'
    assert sanitise_html(html) == f'<a href="https://example.org" {REL}>Сайт</a>'


def test_event_and_style_attributes_are_removed_from_allowed_tags():
    html = '<p onclick="steal()" style="position:fixed" onmouseover="x()">Абзац</p>'
    assert sanitise_html(html) == "<p>Абзац</p>"


def test_script_nested_in_allowed_tags_is_removed_and_the_nesting_kept():
    html = "<ul><li><strong>Перше<script>bad()</script></strong></li><li><em>Друге</em></li></ul>"
    assert sanitise_html(html) == "<ul><li><strong>Перше</strong></li><li><em>Друге</em></li></ul>"


def test_a_split_script_tag_leaves_only_harmless_text():
    assert sanitise_html("<scr<script>ipt>alert(1)</script>") == "ipt&gt;alert(1)"


def test_iframe_is_removed_with_its_content():
    assert (
        sanitise_html('<iframe src="https://evil.example"></iframe><p>Текст</p>') == "<p>Текст</p>"
    )


def test_unknown_tags_are_unwrapped_and_their_words_kept():
    assert sanitise_html("<p><span class='x'>Слово</span> <font>ще</font></p>") == "<p>Слово ще</p>"


def test_every_allowed_tag_survives():
    html = (
        "<h2>Заголовок</h2><h3>Підзаголовок</h3><h4>Менший</h4>"
        "<p>Текст <strong>жирний</strong> <em>курсив</em> <b>b</b> <i>i</i> <u>u</u> <s>s</s>"
        "<br><code>код</code></p><pre>  відступ</pre><blockquote>Цитата</blockquote><hr>"
        "<ol><li>один</li></ol><ul><li>два</li></ul>"
        '<table><thead><tr><th scope="col">Пул</th></tr></thead>'
        '<tbody><tr><th scope="row">Малі</th><td colspan="2">450 000 грн</td></tr></tbody></table>'
    )
    assert sanitise_html(html) == html


def test_a_header_scope_outside_the_allowed_values_is_dropped():
    html = '<table><tbody><tr><th scope="javascript:x">A</th></tr></tbody></table>'
    assert sanitise_html(html) == "<table><tbody><tr><th>A</th></tr></tbody></table>"


def test_plain_text_with_angle_brackets_and_ampersands_is_kept_as_text():
    assert sanitise_html("<p>3 < 5 & 7 > 2</p>") == "<p>3 &lt; 5 &amp; 7 &gt; 2</p>"


def test_comments_are_removed():
    assert sanitise_html("<p>Так<!-- <script>x</script> --></p>") == "<p>Так</p>"


def test_the_report_names_what_was_removed():
    result = sanitise_html_with_report(
        '<p style="color:red">Текст<script>x()</script><img src=x onerror=y()>'
        '<a href="javascript:z()">лінк</a></p>'
    )
    assert result.removed == ("<script>", "<img>", "<p style>", "<a href>")


def test_the_report_is_empty_when_only_harmless_details_were_normalised():
    result = sanitise_html_with_report("<p>Рядок<br/>другий &amp; третій</p>")
    assert result.html == "<p>Рядок<br>другий &amp; третій</p>"
    assert result.removed == ()


def test_the_report_names_a_disguised_script_tag():
    assert sanitise_html_with_report("<scr<script>ipt>alert(1)</script>").removed == ("<script>",)
