"""Telling English that leaked into an answer meant for a Chinese reader."""

import re

# Three English words in a row make a sentence; codes ("not_found") and numbers are not words.
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[\s,.:'\"-]+[A-Za-z]{2,}){2,}")


def english_in(value) -> list[str]:
    """The English sentences in a string, or anywhere in a JSON value's strings."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in english_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in english_in(item)]
    return ENGLISH_SENTENCE.findall(value) if isinstance(value, str) else []
