"""The <title> of every page: the page's own name, a separator, then the portal's name."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def with_site_name(page_name) -> str:
    """`首页` -> `首页 · 共治社区服务平台`; a page without a name of its own gets the portal's name.

    Applied (by `{% titled %}`) to the base layout's title block, so the separator is written
    once and a block that renders to whitespace counts as empty.
    """
    site_name = gettext("Gongzhi community portal")
    name = " ".join(str(conditional_escape(page_name)).split())
    if not name:
        return format_html("{}", site_name)
    return format_html("{} · {}", mark_safe(name), site_name)  # the name was escaped above


class TitledNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        return with_site_name(self.nodelist.render(context))


@register.tag
def titled(parser, token):
    """`{% titled %}{% block title %}{% endblock %}{% endtitled %}`: the block with_site_name.

    What `{% filter with_site_name %}` does, without the filter expression's context push and
    variable lookup on every page.
    """
    nodelist = parser.parse(("endtitled",))
    parser.delete_first_token()
    return TitledNode(nodelist)
