"""A scoped changelist's rows rendered from a plan made once per page.

Django's `items_for_result` works out every cell from scratch: which kind of column it is, its
CSS class, its empty text, whether it links, the link's URL reversed and its filters merged, a
choice's label translated, a boolean's icon URL, each step through `format_html`. On a page of
50 rows and 8 columns that was most of a street's residents list (the SQL is a few ms of it).
Everything but the row's own values is the same for every row of a page, so `column_plan`
works it out once per column, and each row only reads its values and joins its cells.

The HTML is Django's to the byte (tests/core/test_admin_rows.py compares them on the scoped
lists). Pages this plan does not cover (editable lists, pop-ups, a `to_field`, a changelist
class with its own `url_for_result`) are rendered by Django's own code.
"""

import datetime
from collections.abc import Callable

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _boolean_icon,
    _coerce_field_name,
    results,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
    lookup_field,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

# Stands for a row's primary key in the change URL reversed once per page.
_PK_MARK = "GZROWPK0"
_NOWRAP_FIELDS = (models.DateField, models.TimeField, models.ForeignKey)


def lean_results(cl) -> list[ResultList]:
    """The page's rows as `results(cl)` gives them, each row's cells joined into one string."""
    if (
        cl.formset
        or cl.is_popup
        or cl.to_field
        or type(cl).url_for_result is not (ChangeList.url_for_result)
    ):
        return list(results(cl))
    plan = column_plan(cl)
    return [
        ResultList(None, [mark_safe("".join([cell(row) for cell in plan]))])
        for row in cl.result_list
    ]


def column_plan(cl) -> list[Callable[[models.Model], str]]:
    """One function per column giving a row's cell (`<td ...>...</td>` or `<th ...>`)."""
    plan = []
    first = True  # as in items_for_result: the first linked column is the row's <th>
    empty = cl.model_admin.get_empty_value_display()
    for index, name in enumerate(cl.list_display):
        if cl.list_display_links is None:
            link = False
        elif first and not cl.list_display_links:
            link = True
        else:
            link = name in cl.list_display_links
        base = f"field-{_coerce_field_name(name, index)}"
        content = _content(cl, name, base, empty, link)
        if link:
            tag, first = ("th" if first else "td"), False
            plan.append(_linked_cell(cl, tag, content))
        else:
            plan.append(_cell(content))
    return plan


def _content(cl, name, base, empty, link):
    """row -> (the cell's classes, its content escaped), as items_for_result works them out.

    The same lookups as `lookup_field`, decided once for the column instead of per cell; a
    model attribute or path ("household__room") is looked up per row by Django's own code.
    """
    model_admin = cl.model_admin
    try:
        field = _get_non_gfk_field(cl.model._meta, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        field = None
    if field is not None and not field.auto_created:
        classes = base + (" nowrap" if isinstance(field, _NOWRAP_FIELDS) else "")
        show = _field_display(field, empty, link)
        return _guarded(base, empty, lambda row: (classes, show(_blank(getattr(row, name)))))
    if field is not None:  # an automatic primary key: shown as a plain value

        def read(row):
            return getattr(row, name), None

    elif callable(name):

        def read(row):
            return name(row), name

    elif hasattr(model_admin, name) and name != "__str__":
        method = getattr(model_admin, name)

        def read(row):
            return method(row), method

    else:

        def read(row):
            _field, attr, value = lookup_field(name, row, model_admin)
            return value, attr

    value_base = "action-checkbox" if name == "action_checkbox" else base

    def value_content(row):
        value, attr = read(row)
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        column_empty = getattr(attr, "empty_value_display", empty)
        text = conditional_escape(display_for_value(_blank(value), column_empty, boolean))
        dated = isinstance(value, (datetime.date, datetime.time))
        return (value_base + " nowrap" if dated else value_base), text

    return _guarded(base, empty, value_content)


def _blank(value):
    """A blank string shows as empty, as in items_for_result."""
    return "" if isinstance(value, str) and value.strip() == "" else value


def _guarded(base, empty, content):
    """A missing related row shows the admin's empty text with the plain class (as Django)."""

    def guarded(row):
        try:
            return content(row)
        except ObjectDoesNotExist:
            return base, conditional_escape(empty)

    return guarded


def _field_display(field, empty, link) -> Callable[[object], str]:
    """value -> a model field's display, escaped (display_for_field, with per-page constants)."""
    if isinstance(field.remote_field, models.ManyToOneRel):
        return lambda value: conditional_escape(empty if value is None else value)
    if getattr(field, "flatchoices", None):
        # Labels translated once per page (the page's language), not per cell.
        labels = {key: conditional_escape(label) for key, label in field.flatchoices}

        def choice(value):
            try:
                return labels[value]
            except KeyError:
                return conditional_escape(empty)
            except TypeError:  # an unhashable value: Django's own lookup
                return conditional_escape(display_for_field(value, field, empty))

        return choice
    if isinstance(field, models.BooleanField):
        icons = {key: _boolean_icon(key) for key in (True, False, None)}
        return lambda value: (
            icons[value] if value is None or isinstance(value, bool) else _boolean_icon(value)
        )

    # A date, number or amount shown once per page per value (a list's rows share many).
    shown = {}

    def plain(value):
        key = (type(value), value)  # 1 and True are one dict key, not one display
        try:
            return shown[key]
        except KeyError:
            text = shown[key] = conditional_escape(
                display_for_field(value, field, empty, avoid_link=link)
            )
            return text
        except TypeError:  # an unhashable value
            return conditional_escape(display_for_field(value, field, empty, avoid_link=link))

    return plain


def _cell(content):
    def cell(row):
        classes, text = content(row)
        return f'<td class="{classes}">{text}</td>'

    return cell


def _linked_cell(cl, tag, content):
    """A cell linking to the row's change page: the URL reversed once, the pk put in."""
    opts = cl.opts
    try:
        marked = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_change",
            args=(_PK_MARK,),
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        marked = None
    else:
        marked = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, marked
        )
        before, _mark, after = escape(marked).partition(_PK_MARK)
    pk_name = cl.pk_attname

    def cell(row):
        classes, text = content(row)
        if marked is not None:
            pk = getattr(row, pk_name)
            if isinstance(pk, int):
                text = f'<a href="{before}{pk}{after}">{text}</a>'
            else:
                text = _linked_text(cl, row, text)
        return f'<{tag} class="{classes}">{text}</{tag}>'

    return cell


def _linked_text(cl, row, text):
    """A link for a row whose pk is not a number (quoted by Django's own rules)."""
    url = add_preserved_filters(
        {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, cl.url_for_result(row)
    )
    return f'<a href="{escape(url)}">{text}</a>'
