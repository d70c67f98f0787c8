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
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get("/accounts/login/")
    # then the same page comes back in English
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html or "Sign In" in html
    assert "登录" not in html.replace("中文", "")


@pytest.mark.django_db
def test_large_text_mode_is_remembered(client):
    response = client.post("/prefs/text-size/", {"size": "large", "next": "/"})
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
