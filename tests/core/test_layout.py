"""The base layout and the shared form rendering: what every page shows the same way.

Messages and form errors tell their kind apart by colour, icon and word; a checkbox sits inside
its label; a group of choices is a fieldset with a legend; the title separates the page's name
from the portal's; there is a favicon.
"""

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

KINDS = [
    (constants.ERROR, "error", "错误：", "alert"),
    (constants.WARNING, "warning", "注意：", "alert"),
    (constants.SUCCESS, "success", "成功：", "status"),
    (constants.INFO, "info", "提示：", "status"),
]


def _rendered_messages(html: str) -> list[str]:
    return re.findall(r'<div class="message message-[a-z]+[^"]*".*?</div>\s*</div>', html, re.S)


@pytest.mark.django_db
def test_each_message_kind_has_its_own_style_icon_and_word(user):
    # given one message of each kind
    request = RequestFactory().get("/")
    request.user = user
    messages = [Message(level, f"第{i}条") for i, (level, *_rest) in enumerate(KINDS)]
    # when the base layout shows them
    with translation.override("zh-hans"):
        html = render_to_string("home.html", {"messages": messages}, request=request)
    # then each has its own class, icon and word; errors and warnings are announced at once
    shown = _rendered_messages(html)
    assert len(shown) == 4
    icons = set()
    for (_level, kind, word, role), block in zip(KINDS, shown, strict=True):
        assert f'class="message message-{kind}"' in block
        assert f'role="{role}"' in block
        assert f'<strong class="message-kind">{word}</strong>' in block
        icons.add(re.search(r'class="message-icon" aria-hidden="true">(.*?)<', block).group(1))
    assert len(icons) == 4


def test_the_stylesheet_gives_each_message_kind_its_own_colours():
    css = Path(finders.find("css/gongzhi.css")).read_text()
    backgrounds = {
        kind: re.search(rf"\.message-{kind}[^{{]*\{{[^}}]*background: (#[0-9a-f]+)", css).group(1)
        for kind in ("error", "warning", "success", "info")
    }
    assert len(set(backgrounds.values())) == 4, backgrounds


class SampleForm(forms.Form):
    name = forms.CharField(label="姓名")
    owner = forms.BooleanField(label="我是这套房的产权人", required=False)
    relation = forms.ChoiceField(
        label="您是", choices=[("self", "本人"), ("family", "家属")], widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="哪几天", choices=[("1", "周一"), ("2", "周二")], widget=forms.CheckboxSelectMultiple
    )

    def clean(self):
        raise forms.ValidationError("这套房已有人认领")


def _render_fields(form) -> str:
    with translation.override("zh-hans"):
        return render_to_string("includes/form_fields.html", {"form": form})


def test_a_checkbox_sits_inside_its_label_beside_its_words():
    html = _render_fields(SampleForm())
    assert re.search(
        r'<label class="check" for="id_owner"><input type="checkbox" name="owner" id="id_owner"> '
        r"<span>我是这套房的产权人</span></label>",
        html,
    )


def test_a_group_of_choices_is_a_fieldset_named_by_its_legend():
    html = _render_fields(SampleForm())
    groups = re.findall(r"<fieldset[^>]*>\s*<legend>(.*?)</legend>(.*?)</fieldset>", html, re.S)
    assert [legend.split(" <span")[0] for legend, _ in groups] == ["您是", "哪几天"]
    assert 'type="radio" name="relation"' in groups[0][1]
    assert 'type="checkbox" name="days"' in groups[1][1]
    # no stray <label for=...> naming the group as if it were one input
    assert 'for="id_relation"' not in html.replace('for="id_relation_', "")


def test_form_errors_are_shown_as_errors_and_the_group_points_at_its_error():
    form = SampleForm(data={"name": "", "relation": "nobody"})
    html = _render_fields(form)
    (block,) = _rendered_messages(html)
    assert "message-error" in block and "错误：" in block and "这套房已有人认领" in block
    assert re.search(r'<fieldset class="choice-group" aria-describedby="id_relation_error">', html)
    assert re.search(
        r'class="field-error" id="id_relation_error" role="alert"><span aria-hidden', html
    )


@pytest.mark.django_db
def test_the_log_in_page_puts_remember_me_beside_its_box(client):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert re.search(
        r'<label class="check" for="id_remember"><input type="checkbox"[^>]*> <span>记住我', html
    )


@pytest.mark.django_db
def test_the_title_separates_the_page_from_the_portal(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "<title>首页 · 共治社区服务平台</title>" in html


@pytest.mark.django_db
def test_a_page_without_a_name_of_its_own_is_titled_with_the_portal_alone():
    with translation.override("zh-hans"):
        html = render_to_string("base.html", {})
    assert "<title>共治社区服务平台</title>" in html


@pytest.mark.django_db
def test_there_is_a_favicon_linked_and_at_the_root(client):
    assert finders.find("favicon.ico")
    html = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon.ico"', html)
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def test_form_fields_are_rendered_in_one_place_only():
    """A second copy of the field loop would drift (label above its checkbox, no fieldset)."""
    repo = Path(__file__).resolve().parents[2]
    loops = sorted(
        str(path.relative_to(repo))
        for path in repo.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "form.visible_fields" in path.read_text()
    )
    assert loops == ["templates/includes/form_fields.html"]


def test_a_template_showing_the_language_asks_for_it():
    """Without Django's i18n context processor (a cost on every page), LANGUAGE_CODE and its
    kin are in a template only if it sets them with {% get_current_language ... %}."""
    repo = Path(__file__).resolve().parents[2]
    names = re.compile(r"\bLANGUAGE_(CODE|BIDI)\b|\bLANGUAGES\b")
    without_the_tag = sorted(
        str(path.relative_to(repo))
        for path in repo.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and names.search(text := path.read_text())
        and "{% get_current_language" not in text
        and "{% get_available_languages" not in text
    )
    assert without_the_tag == []
