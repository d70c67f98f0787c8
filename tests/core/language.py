"""Telling English that leaked into an answer meant for a Chinese reader."""

import re

# Three English words in a row make a sentence ("No data provided", "CSRF Failed: CSRF token
# missing"). Not sentences: codes ("not_found"), formats ("YYYY-MM-DDThh:mm") and lists of
# choice values ("lecture, clinic, birthday": commas).
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ \t:'\"-]+[A-Za-z]{2,}){2,}")


def english_in(value) -> list[str]:
    """The English sentences in a string, or anywhere in a JSON value's strings."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in english_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in english_in(item)]
    if not isinstance(value, str):
        return []
    # English words have vowels; format codes ("YYYY-MM-DDThh:mm") have none in lower case.
    return [text for text in ENGLISH_SENTENCE.findall(value) if re.search("[aeiou]", text)]
