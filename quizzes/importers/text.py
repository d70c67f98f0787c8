"""Question texts as Moodle stores them, turned into the plain text the quiz pages show.

Moodle keeps every text with a format: `html` (what its editor writes), `moodle` (auto-format:
HTML allowed and a new line is a line break), `markdown`, or `plain`. The quiz shows plain text
with line breaks, so `<br>`, `<p>` and the other blocks become line breaks, other tags go,
entities are decoded (`&nbsp;`, `&lt;`, `&#20013;`), and Markdown is rendered first and then
read as HTML. Markdown is rendered by Python-Markdown with its "extra" extensions, the Python
twin of the PHP Markdown Extra that Moodle uses (CommonMark readers refuse `**《书名》**之后`,
bold around Chinese punctuation, which Moodle shows bold). Plain text stays as it was typed.
"""

import re
from html.parser import HTMLParser

import markdown

HTML = "html"
MOODLE = "moodle"
MARKDOWN = "markdown"
PLAIN = "plain"

# Moodle XML's names for the same formats.
XML_FORMATS = {
    "html": HTML,
    "moodle_auto_format": MOODLE,
    "markdown": MARKDOWN,
    "plain_text": PLAIN,
}

_BLOCKS = {
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
}
_HIDDEN = {"script", "style", "head", "title"}
# HTML's own white space (not the ideographic space U+3000, which Chinese text uses on purpose);
# a no-break space is a space here.
_HTML_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")
_LINE_SPACE = re.compile(r"[ \t\xa0]+")


class _Reader(HTMLParser):
    def __init__(self, *, lines_break: bool):
        super().__init__(convert_charrefs=True)
        self.lines_break = lines_break
        self.parts: list[str] = []
        self.pictures = 0
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            self.pictures += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._hidden:
            return
        self.parts.append(data if self.lines_break else _HTML_SPACE.sub(" ", data))


def _read(value: str, fmt: str) -> _Reader:
    if fmt == MARKDOWN:
        value = markdown.markdown(value, extensions=["extra"])
    reader = _Reader(lines_break=fmt == MOODLE)
    reader.feed(value)
    reader.close()
    return reader


def plain_text(value: str, fmt: str) -> str:
    """The text as the quiz shows it: plain, one line per line break, no empty lines."""
    text = value if fmt == PLAIN else "".join(_read(value, fmt).parts)
    lines = (_LINE_SPACE.sub(" ", line).strip() for line in text.replace("\r", "").split("\n"))
    return "\n".join(line for line in lines if line)


def has_picture(value: str, fmt: str) -> bool:
    """Whether the text shows a picture (an uploaded file or an image), which the quiz cannot."""
    if "@@PLUGINFILE@@" in value:
        return True
    return fmt != PLAIN and _read(value, fmt).pictures > 0
