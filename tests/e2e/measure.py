"""Measure what an older resident meets on a page: tap targets and text size, as the browser lays them out.

The house rules (README, "Pages people use"): tap targets at least 44 px tall, resident text at
least 16 px. A link inside a sentence is exempt from the target size (WCAG 2.5.8 lets inline
links be as tall as their line), so is a control the page hides.
"""

MIN_TARGET_PX = 44
MIN_TEXT_PX = 16

# Returns [{what, height}] for every visible control shorter than the minimum. A checkbox or
# radio is measured by the label that wraps it (the label is what a finger hits).
SMALL_TARGETS_JS = """minimum => {
  const visible = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
  };
  const describe = el => (el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : '')
    + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"');
  const inSentence = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    const parentText = (el.parentElement.innerText || '').trim();
    return parentText.length > (el.innerText || '').trim().length + 2;
  };
  const found = [];
  const controls = document.querySelectorAll(
    'main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary, main [role=button], header a[href], footer button');
  for (const el of controls) {
    let target = el;
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      target = el.closest('label') || el;
    }
    if (!visible(target) || inSentence(el)) continue;
    const height = target.getBoundingClientRect().height;
    if (height < minimum - 0.5) found.push({what: describe(target), height: Math.round(height)});
  }
  return found;
}"""

# Returns [{text, size}] for every visible run of text set smaller than the minimum.
SMALL_TEXT_JS = """minimum => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest('script, style, noscript, .skip-link, [hidden], [aria-hidden=true]')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
    const size = parseFloat(style.fontSize);
    if (size < minimum - 0.05) found.push({text: text.slice(0, 30), size: Math.round(size * 10) / 10,
      where: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim() : '')});
  }
  return found;
}"""


def small_targets(page) -> list[dict]:
    return page.evaluate(SMALL_TARGETS_JS, MIN_TARGET_PX)


def small_text(page) -> list[dict]:
    return page.evaluate(SMALL_TEXT_JS, MIN_TEXT_PX)
