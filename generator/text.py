"""Text rules: Latin look-alikes inside Cyrillic words, and name normalisation."""

from __future__ import annotations

import re

_CYR = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
_TOKEN = re.compile(rf"[\w.]*[{_CYR}][\w.]*")
_LATIN = re.compile(r"[A-Za-z]")
# Latin letters that look like (or are typed for) Cyrillic ones.
_LOOKALIKE = str.maketrans({
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І", "a": "а", "c": "с", "e": "е", "o": "о", "p": "р",
    "x": "х", "y": "у", "k": "к", "i": "і", "l": "л", "n": "п", "u": "и", "m": "т",
})


def latin_in_cyrillic(line: str) -> list[tuple[str, str]]:
    """Words mixing Cyrillic with Latin letters, with a suggested all-Cyrillic spelling."""
    found = []
    for m in _TOKEN.finditer(line):
        word = m.group(0).strip(".")
        if _LATIN.search(word):
            found.append((word, word.translate(_LOOKALIKE)))
    return found


def normalize_name(name: str) -> str:
    """A key under which 'A.A.Баялиева' (Latin A) and 'А. А. Баялиева' are the same person."""
    return re.sub(r"[\s.]+", "", name.translate(_LOOKALIKE)).casefold()
