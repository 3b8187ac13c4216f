"""Text rules: Latin look-alikes inside Cyrillic words, and name normalisation."""

from __future__ import annotations

import re

_CYR = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
# A word: letters, digits and dots («A.A.Баялиева» is one word). Each word is tested with two
# searches, so the check is linear in the length of the line, however long a word is.
_WORD = re.compile(r"[\w.]+")
_CYRILLIC = re.compile(f"[{_CYR}]")
_LATIN = re.compile(r"[A-Za-z]")
_KEY = re.compile(r"^\s*(?:-\s*)?[\w-]+:")  # a leading YAML key such as `  kk:`
# Latin letters that look like (or are typed for) Cyrillic ones.
_LOOKALIKE = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р",
    "x": "х", "y": "у", "k": "к", "i": "і", "l": "л", "n": "п", "u": "и", "m": "т",
})


def latin_in_cyrillic(line: str) -> list[tuple[str, str]]:
    """Words mixing Cyrillic with Latin letters, with a suggested all-Cyrillic spelling."""
    if not _LATIN.search(_KEY.sub("", line, count=1)):  # fast path: most lines
        return []
    found = []
    for match in _WORD.finditer(line):
        word = match.group(0)
        if _LATIN.search(word) and _CYRILLIC.search(word):
            word = word.strip(".")
            found.append((word, word.translate(_LOOKALIKE)))
    return found


# Where a word mixes the two alphabets: a Latin letter, then only other word characters
# (digits, `_`, `.`, letters of neither alphabet), then a Cyrillic letter. A word holding both
# alphabets has such a place read forwards or backwards, and a match never spans two words or
# two lines. A match starts only at a Latin letter (rare in Kazakh and Russian text, which is
# why the text is also searched reversed, not for a Cyrillic letter first) and stops at the
# next letter of either alphabet, so the search is linear in the text.
_MIXED = re.compile(rf"[A-Za-z](?:[^\W{_CYR}A-Za-z]|\.)*[{_CYR}]")


def mixed_lines(text: str) -> list[tuple[int, str]]:
    """The (1-based number, text) of each line of `text` with a word mixing Latin and Cyrillic
    letters, in order: the only lines where `latin_in_cyrillic` can find one. Two searches of
    the whole text instead of a look at every line (issue 20: half the time of that look)."""
    end = len(text)
    places = sorted({m.start() for m in _MIXED.finditer(text)}
                    | {end - m.start() - 1 for m in _MIXED.finditer(text[::-1])})
    found: list[tuple[int, str]] = []
    number, counted = 1, 0
    for at in places:
        if at < counted:
            continue  # on a line already found
        number += text.count("\n", counted, at)
        start = text.rfind("\n", 0, at) + 1
        stop = text.find("\n", at)
        stop = end if stop < 0 else stop
        found.append((number, text[start:stop]))
        counted = stop  # the next place is on a later line: count from this line's end
    return found


def normalize_name(name: str) -> str:
    """A key under which 'A.A.Баялиева' (Latin A) and 'А. А. Баялиева' are the same person."""
    return re.sub(r"[\s.]+", "", name.translate(_LOOKALIKE)).casefold().replace("ё", "е")


_COMMENT = re.compile(r"<!--.*?-->", re.S)


def strip_comments(text: str) -> tuple[str, int | None]:
    """Remove HTML comments (`<!-- … -->`); an author's comment is never published. Returns
    the text and, when a comment is never closed, the 0-based line of its `<!--`."""
    text = _COMMENT.sub("", text) if "<!--" in text else text
    opened = text.find("<!--")
    return text, (None if opened < 0 else text.count("\n", 0, opened))
