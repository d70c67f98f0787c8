import subprocess

import pytest

from tests.conftest import REPO_ROOT


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html
    assert "注册" in html


@pytest.mark.django_db
def test_language_switch_renders_the_same_page_in_english(client):
    # when the visitor picks English from the footer
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/accounts/login/"},
        HTTP_SEC_FETCH_SITE="same-origin",  # the browser's word that the form is this site's
    )
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    # then the same page comes back in English
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html or "Sign In" in html
    assert "登录" not in html.replace("中文", "")


@pytest.mark.django_db
def test_large_text_mode_is_remembered(client):
    response = client.post(
        "/prefs/text-size/", {"size": "large", "next": "/"}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.status_code == 302
    assert 'class="large-text"' in client.get("/").content.decode()


def test_translation_catalogues_are_complete():
    """Every zh_Hans message of our own catalogues is translated and none is fuzzy."""
    catalogues = sorted(REPO_ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
    catalogues = [p for p in catalogues if ".venv" not in p.parts]
    assert catalogues, "no zh_Hans catalogue found"
    for catalogue in catalogues:
        out = subprocess.run(
            ["msgfmt", "--statistics", "--check", "-o", "/dev/null", str(catalogue)],
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, out.stderr
        assert "untranslated" not in out.stderr and "fuzzy" not in out.stderr, (
            f"{catalogue.relative_to(REPO_ROOT)}: {out.stderr.strip()}"
        )


def test_every_message_is_shown_as_its_own_catalogue_translates_it():
    """Django merges all catalogues into one: for words two catalogues share (ours, Django's,
    allauth's, DRF's...) the first one's translation shows everywhere, so 会议记录 ("Minutes")
    could read 分钟. Where an app means its own thing by common words, it gives them a context
    (pgettext, `{% translate ... context "app" %}`)."""
    import polib
    from django.utils import translation

    catalogues = sorted(REPO_ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
    catalogues = [p for p in catalogues if ".venv" not in p.parts]
    shown_otherwise = []
    with translation.override("zh-hans"):
        for catalogue in catalogues:
            for entry in polib.pofile(str(catalogue)):
                if entry.obsolete or entry.msgid_plural:
                    continue
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
                if shown != entry.msgstr:
                    where = catalogue.relative_to(REPO_ROOT).parts[0]
                    shown_otherwise.append(
                        f"{where}: {entry.msgid!r} is {entry.msgstr}, shown {shown}"
                    )
    assert not shown_otherwise, "\n".join(shown_otherwise)
