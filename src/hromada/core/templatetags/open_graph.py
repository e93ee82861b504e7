"""Link previews (Open Graph) in the base layout: absolute addresses from SITE_URL, and
the page's own title captured once so that <title> and og:title stay the same."""

from __future__ import annotations

import html
from urllib.parse import quote, urlencode

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.utils.html import strip_tags

from hromada.core.links import absolute_url

register = template.Library()


register.simple_tag(absolute_url, name="absolute_url")


class CaptureTextNode(template.Node):
    # Declared so that {% block %} tags inside stay overridable by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, variable: str) -> None:
        self.nodelist = nodelist
        self.variable = variable

    def render(self, context: Context) -> str:
        rendered = self.nodelist.render(context)
        # Kept as plain text: it is escaped again wherever it is printed.
        context[self.variable] = " ".join(html.unescape(strip_tags(rendered)).split())
        return ""


@register.tag
def capture_text(parser: Parser, token: Token) -> CaptureTextNode:
    """{% capture_text as name %}…{% endcapture_text %}: render the content (blocks
    included) as plain text into `name` instead of the page."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture_text as name %}…{% endcapture_text %}")
    nodelist = parser.parse(("endcapture_text",))
    parser.delete_first_token()
    return CaptureTextNode(nodelist, bits[2])


@register.inclusion_tag("core/components/share_links.html", takes_context=True)
def share_links(context: Context, title: str = "") -> dict[str, object]:
    """Plain links that share the current page (no third-party scripts, nothing loaded
    from those sites until a resident clicks): the networks Ukrainian communities use,
    and e-mail. The previews come from the page's Open Graph tags."""
    request = context.get("request")
    url = absolute_url(request.get_full_path() if request is not None else "/")
    text = " ".join(str(title or "").split())
    return {
        "links": [
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
            ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": text})),
            ("Viber", "viber://forward?" + urlencode({"text": f"{text} {url}".strip()})),
            ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": text})),
        ],
        "mail": "mailto:?" + urlencode({"subject": text, "body": url}, quote_via=quote),
        "url": url,
    }
