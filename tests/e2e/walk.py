"""A new user's walk: from a home page, open every same-site link and judge each page.

Used by `test_link_walk.py` (each demo role at 375 px).
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import Error as PlaywrightError

from tests.e2e.measure import small_targets, small_text

# Links a walk must not follow with GET: they change state, leave the portal or download a file.
SKIPPED_PATHS = ("/accounts/logout/", "/i18n/", "/jsi18n/", "/static/", "/media/")
DOWNLOAD_SUFFIXES = (".ics", ".xlsx", ".xls", ".csv", ".pdf", ".png", ".zip")

# What Django, DRF or a server print when a user would meet a technical page instead of ours.
TECHNICAL_MARKERS = (
    "Using the URLconf",
    "Traceback",
    "Request Method:",
    "You're seeing this error because",
    "Django REST framework",
    "403 Forbidden",
    "Server Error (500)",
    "Not Found",
    "CSRF verification failed",
)

CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def is_mostly_english(text: str) -> bool:
    """A page whose visible text has more English words than Chinese words (~2 characters each).

    Codes, phone numbers and a few names in Latin letters do not tip a Chinese page over.
    """
    chinese_words = len(CJK.findall(text)) / 2
    english_words = len(LATIN_WORD.findall(text))
    return english_words > max(chinese_words, 5)


def technical_marker(text: str) -> str | None:
    return next((marker for marker in TECHNICAL_MARKERS if marker in text), None)


def should_follow(href: str, origin: str) -> bool:
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    if parts.path.startswith(SKIPPED_PATHS):
        return False
    return not parts.path.lower().endswith(DOWNLOAD_SUFFIXES)


# Every link on the page, with the browser's own resolution of relative hrefs; links marked as
# downloads are left out.
LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""


@dataclass
class Finding:
    url: str
    problem: str
    found_on: str


@dataclass
class WalkResult:
    visited: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def axe_serious(page, axe_source: str) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations of serious or critical impact on the current page."""
    page.evaluate(axe_source)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


CHOICE_LAYOUT_JS = """() => {
  const problems = [];
  for (const box of document.querySelectorAll('main input[type=radio], main input[type=checkbox]')) {
    const name = box.name || box.id;
    if (box.type === 'radio') {
      const group = box.closest('fieldset');
      if (!group || !group.querySelector(':scope > legend')) problems.push('radio ' + name + ' outside a fieldset with a legend');
    }
    const label = box.closest('label') || (box.id && document.querySelector('label[for="' + box.id + '"]'));
    if (!label) { problems.push(box.type + ' ' + name + ' has no label'); continue; }
    const a = box.getBoundingClientRect(), b = label.getBoundingClientRect();
    if (!label.contains(box) && (b.top >= a.bottom || b.bottom <= a.top)) problems.push('label of ' + name + ' is not beside its box');
  }
  return problems;
}"""


def judge_current_page(page, axe_source: str | None) -> list[str]:
    """What is wrong with the page the browser shows now (empty: nothing). axe runs if given."""
    problems = []
    text = page.evaluate("document.body ? document.body.innerText : ''")
    marker = technical_marker(text)
    if marker:
        problems.append(f"technical page ({marker!r})")
    if is_mostly_english(text):
        problems.append("mostly English: " + " ".join(text.split())[:160])
    if page.locator("h1").count() == 0:
        problems.append("no h1")
    problems.extend(page.evaluate(CHOICE_LAYOUT_JS))
    if axe_source:
        violations = axe_serious(page, axe_source)
        if violations:
            problems.append(f"axe: {violations}")
    return problems


def links_on_page(page, origin: str) -> list[str]:
    links = []
    for href in page.evaluate(LINKS_JS):
        url = urldefrag(href).url
        if should_follow(url, origin) and url not in links:
            links.append(url)
    return links


def walk_from_home(
    page,
    base_url: str,
    axe_source: str,
    axe_done: set[str],
    *,
    measure: bool = False,
    deeper: int = 0,
) -> WalkResult:
    """Open the home page, then every same-site link on it (GET only).

    axe-core runs once per address across walks (`axe_done` is shared): the same template
    seen by another role seldom differs in structure, and axe is the slow part. With `measure`,
    the portal's pages (not Django's admin) are also held to the tap-target and text-size rules.
    With `deeper`, each page linked from home also has its first `deeper` new links walked (the
    detail pages a resident reaches next: an activity, a quiz, an offer).
    """
    result = WalkResult()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    home = base_url.rstrip("/") + "/"
    page.goto(home)
    queue = [(home, "-", 0)] + [
        (url, home, 1) for url in links_on_page(page, origin) if url != home
    ]
    seen = {url for url, _, _ in queue}
    while queue:
        url, found_on, level = queue.pop(0)
        result.visited.append(url)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            # A file the browser downloads instead of showing: its answer is enough.
            if "Download is starting" not in str(error):
                raise
            status = page.context.request.get(url).status
            if status != 200:
                result.findings.append(Finding(url, f"HTTP {status}", found_on))
            continue
        if response is None or response.status != 200:
            status = response.status if response else "no response"
            result.findings.append(Finding(url, f"HTTP {status}", found_on))
            continue
        path = urlsplit(page.url).path
        run_axe = path not in axe_done
        axe_done.add(path)
        problems = judge_current_page(page, axe_source if run_axe else None)
        if measure and not path.startswith("/admin/"):
            problems += [f"tap target {t['height']} px: {t['what']}" for t in small_targets(page)]
            problems += [
                f"text {t['size']} px: {t['text']!r} ({t['where']})" for t in small_text(page)
            ]
        for problem in problems:
            result.findings.append(Finding(url, problem, found_on))
        if level == 1 and deeper and not path.startswith("/admin/"):
            new = [link for link in links_on_page(page, origin) if link not in seen][:deeper]
            seen.update(new)
            queue += [(link, url, 2) for link in new]
    return result
