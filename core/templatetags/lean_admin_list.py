"""{% lean_result_list cl %}: Django's {% result_list cl %} with the rows from core.admin_rows
(the same HTML, the per-column work done once per page). Used by admin/large_change_list.html."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from core.admin_rows import lean_results

register = template.Library()


def lean_result_list(cl) -> dict:
    """The context Django's result_list gives change_list_results.html."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": lean_results(cl),
    }


@register.tag(name="lean_result_list")
def lean_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=lean_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
