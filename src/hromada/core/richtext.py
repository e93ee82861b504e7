"""Rich text that staff write as HTML and the public reads: only a small set of plain
formatting tags is kept; everything that can run code or restyle the page is removed.

The sanitiser is nh3 (the Rust `ammonia` library), which parses the input the way a
browser does (html5ever), so tricks that fool regular expressions (entity-encoded
`javascript:`, broken nesting, upper case, tags in attributes) meet a real parser.
Text is never thrown away, except inside <script>, <style> and other elements whose
content is code or markup rather than words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# In the order the staff form lists them: text, lists, links, headings, tables, code.
ALLOWED_TAGS = (
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "hr",
)
# Removed together with what they hold: their content is code, styles or markup, not
# words a reader should see as text.
CONTENT_REMOVED_TAGS = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "svg", "math"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# `scope` keeps header cells accessible; any other value than these is dropped.
ALLOWED_ATTRIBUTE_VALUES = {"th": {"scope": {"col", "row", "colgroup", "rowgroup"}}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Links in published content point away from the platform: no window.opener, no
# referrer, and no endorsement for search engines (the text is the council's, the
# destination is not).
LINK_REL = "noopener noreferrer nofollow"
# What a browser would take for a tag name. A disguised one ("<scr<script>") is
# reported by the last name in it ("<script>").
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")


def sanitise_html(html: str) -> str:
    """`html` with only the allowed tags and attributes; links only to http, https and
    mailto addresses (or relative ones) and marked rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CONTENT_REMOVED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={
            tag: {name: set(values) for name, values in attributes.items()}
            for tag, attributes in ALLOWED_ATTRIBUTE_VALUES.items()
        },
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


@dataclass(frozen=True)
class SanitisedHtml:
    html: str
    # What was taken out, written as markup ("<script>", "<img>", "<a href>"), each once.
    removed: tuple[str, ...]


class _MarkupCounter(HTMLParser):
    """Counts the start tags and the attributes on them, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self.order: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.order.append(tag)
        for name, _value in attrs:
            self.attributes[(tag, name)] += 1


def _count(html: str) -> _MarkupCounter:
    counter = _MarkupCounter()
    counter.feed(html)
    counter.close()
    return counter


def sanitise_html_with_report(html: str) -> SanitisedHtml:
    """The sanitised HTML and what the sanitiser removed, for telling the editor.

    The report compares the tags and attributes before and after rather than the text,
    because the sanitiser also normalises harmless details (quotes, `<br/>`, entities)
    that nobody needs to hear about.
    """
    clean = sanitise_html(html)
    before, after = _count(html), _count(clean)
    removed_tags = before.tags - after.tags
    removed: list[str] = []
    for tag in before.order:
        names = _TAG_NAME.findall(tag)
        label = f"<{names[-1] if names else '?'}>"
        if removed_tags[tag] and label not in removed:
            removed.append(label)
    removed_attributes = before.attributes - after.attributes
    for tag, name in removed_attributes:
        names = _TAG_NAME.findall(name)
        label = f"<{tag} {names[-1] if names else '?'}>"
        # The attributes of a removed tag went with it; the tag alone is reported.
        if tag in ALLOWED_TAGS and label not in removed:
            removed.append(label)
    if "<!--" in html and "<!--" not in clean:
        removed.append("<!-- -->")
    return SanitisedHtml(html=clean, removed=tuple(removed))
