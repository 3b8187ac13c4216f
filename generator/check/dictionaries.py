"""Where the spelling notes' Hunspell dictionaries are (check/spelling.py), apart from the
spelling code so that an unchanged portal's check can name them without importing it."""

from __future__ import annotations

from pathlib import Path

# Where Debian (and most distributions) install Hunspell's dictionaries.
DICTIONARY_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"),
                   Path("/usr/share/myspell"))
DICTIONARIES = {"kk": "kk_KZ", "ru": "ru_RU"}
