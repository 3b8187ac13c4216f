"""Spelling of a portal's Kazakh and Russian texts, for `adal check`: notes, never errors.

Debian's Hunspell dictionaries (`hunspell-kk`, `hunspell-ru`) through `chunspell` (the
maintained Hunspell binding, with wheels: nothing to compile). Adal's word list of the
field's terms (`site_templates/spelling/<lang>.txt`) and the portal's own (the same name in
its `site_templates/`) are added to them. A line of a word list is a word, or a word and a
model word whose endings it takes (`индикатор директор`: «индикаторлары», «индикаторлардың»…).

What is checked: every text under a `kk:` or `ru:` key of plan.yaml, measures.yaml,
indicators/*.yaml and the front matter of content/**/*.md; the approved wording (`approved`,
`description_approved`, in Kazakh) and the corrections (`now`, `proposed_ru`); the `::: kk` /
`::: ru` blocks of content bodies. Left out: people's names (plan.yaml `people`) and names
after or before initials, words with a digit or a Latin letter beside them («5-тен», «№37»,
«тіkelей», which the Latin check reports), abbreviations in capitals («ҚР», «ЖШС»), single
letters («т.б.»), URLs, code, HTML, and every word the indicator files record as the approved
wording corrected (`was` of `changes`): the approved text keeps its typos on purpose.

The pure rules (which texts, which words) come first; the dictionaries and files at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from generator.check.apart import Apart
from generator.check.dictionaries import DICTIONARIES, DICTIONARY_DIRS
from generator.check.problems import Problem, Report
from generator.domain.schema import LANGS
from generator.messages import language, listing, t
from generator.resources import shipped_dir
from generator.source import cache
from generator.source.files import SourceError, list_files, read_text
from generator.source.frontmatter import split_front_matter
from generator.source.yamlload import YamlError, load_yaml

SUGGESTIONS = 3  # the first suggestions shown
# Hunspell's Kazakh suggestions take about 0.3 s a word: a portal never spell-checked could
# have hundreds. The first MAX_SUGGESTED distinct words get suggestions, the rest none.
MAX_SUGGESTED = 30

# ---- pure rules: which texts ------------------------------------------------------------

# Kazakh texts not under a `kk:` key, and Russian ones not under `ru:`.
_KK_KEYS = frozenset({"approved", "description_approved", "now"})
_RU_KEYS = frozenset({"proposed_ru"})
# Not prose: the translation state (`{kk: official}`), the recorded approved wording (`was`).
_NOT_TEXT = frozenset({"translation", "was", "aliases"})

YamlPath = tuple[Any, ...]


def yaml_texts(data: Any) -> list[tuple[str, YamlPath, str]]:
    """(language, path, text) of every text of a YAML file's data to check for spelling; an
    indicator file's texts in a language marked `translation: {<lang>: missing}` repeat the
    other language's and are left out."""
    state = data.get("translation") if isinstance(data, dict) else None
    missing = {lang for lang, s in state.items() if s == "missing"} if isinstance(
        state, dict) else set()
    return [text for text in _texts(data, ()) if text[0] not in missing]


# A letter only Kazakh writes: a text repeated in both languages is checked as Kazakh with one.
_KK_ONLY = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def _copied(data: dict[Any, Any]) -> str | None:
    """The language a text written the same in kk and ru is in (an imported plan's copy of
    its one language): Kazakh when it has a letter only Kazakh writes, else Russian. It is
    checked in that language only, not flagged word by word in the other."""
    kk, ru = data.get("kk"), data.get("ru")
    if isinstance(kk, str) and kk == ru:
        return "ru" if _KK_ONLY.search(kk) else "kk"  # the language it is not in
    return None


def _texts(data: Any, path: YamlPath) -> Iterator[tuple[str, YamlPath, str]]:
    if isinstance(data, dict):
        copy = _copied(data)
        for key, value in data.items():
            here = (*path, key)
            if key in _NOT_TEXT or (key == "name" and path[:1] == ("people",)) or key == copy:
                continue
            if isinstance(value, str):
                lang = key if key in LANGS else "kk" if key in _KK_KEYS else (
                    "ru" if key in _RU_KEYS else None)
                if lang is not None:
                    yield lang, here, value
            else:
                yield from _texts(value, here)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*path, i))


def recorded_typos(data: Any) -> frozenset[str]:
    """The words of the approved wording that an indicator file records as corrected (`was`
    of `changes` and `description_changes`)."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "was" and isinstance(value, str):
                found.update(m.group() for m in _WORD.finditer(value))
            else:
                found |= recorded_typos(value)
    elif isinstance(data, list):
        for value in data:
            found |= recorded_typos(value)
    return frozenset(found)


def people_names(plan: Any) -> frozenset[str]:
    """The words of people's names and aliases in plan.yaml's data."""
    found: set[str] = set()
    people = plan.get("people") if isinstance(plan, dict) else None
    for person in people if isinstance(people, list) else []:
        if not isinstance(person, dict):
            continue
        name = person.get("name")
        texts = list(name.values()) if isinstance(name, dict) else [name]
        aliases = person.get("aliases")
        texts += aliases if isinstance(aliases, list) else []
        for text in texts:
            if isinstance(text, str):
                found.update(m.group() for m in _WORD.finditer(text))
    return frozenset(found)


_MARKER = re.compile(r"^:::(?: ([a-z]+))?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def body_lines(body: str, first_line: int) -> list[tuple[str, int, str]]:
    """(language, line, text) of each prose line of a content body's `::: kk` / `::: ru`
    blocks, code blocks and HTML comments left out."""
    lines: list[tuple[str, int, str]] = []
    lang: str | None = None
    passage = False
    code = comment = False
    for n, line in enumerate(body.split("\n"), start=first_line):
        marker = _MARKER.match(line)
        if marker and not code:
            word = marker.group(1) or ""
            if word in LANGS:
                lang, passage = word, False
            elif word:
                passage = True
            elif passage:
                passage = False
            else:
                lang = None
            continue
        if _FENCE.match(line):
            code = not code
            continue
        if comment:
            if "-->" not in line:
                continue
            line, comment = line.split("-->", 1)[1], False
        line = re.sub(r"<!--.*?-->", " ", line)
        if "<!--" in line:
            line, comment = line.split("<!--", 1)[0], True
        if lang is not None and not code and line.strip():
            lines.append((lang, n, line))
    return lines


# ---- pure rules: which words ------------------------------------------------------------

# A word: letters, hyphenated parts joined («бақылау-тексеру»).
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+(?:-[\u0400-\u04ff]+)*")
# Not prose: URLs, e-mail addresses, Markdown link targets, inline code, HTML tags.
_NOT_PROSE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|\]\([^)]*\)|`[^`]*`|<[^>]*>")
# A name after or before initials: «А.А. Баялиева», «Баялиева А.А.».
_INITIAL_BEFORE = re.compile(r"(?:^|\W)\w\.\s?$")
_INITIAL_AFTER = re.compile(r"^\s?\w\.(?:\s?\w\.)?(?!\w)")
# Glued to a number or a code: «5-тен», «18%-ға», «№37-бала», «COVID-ке».
_GLUED_BEFORE = re.compile(r"(?:[\w%№][-.]|[\d%№])$")
KK_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def spelling_words(text: str, names: frozenset[str] = frozenset(),
                   recorded: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """The words of `text` to look up, with their offsets, by the rules above."""
    text = _NOT_PROSE.sub(lambda m: " " * len(m.group()), text)
    found = []
    for match in _WORD.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        if (not _CYRILLIC.fullmatch(word) or len(word) < 2
                or any(part in recorded for part in (word, *word.split("-")))
                or any(c.isupper() for c in word[1:])  # an abbreviation: «ҚР», «ҚазАқпарат»
                or _GLUED_BEFORE.search(text[max(start - 2, 0):start])
                or text[end:end + 1].isdigit()
                or _is_name(word, names)
                or (word[0].isupper() and (_INITIAL_BEFORE.search(text[max(start - 4, 0):start])
                                           or _INITIAL_AFTER.match(text[end:end + 6])))):
            continue
        found.append((word, start))
    return found


def _is_name(word: str, names: frozenset[str]) -> bool:
    """A word of a person's name, with a case ending too («Тайшабаровамен»)."""
    return any(part.startswith(name) for part in word.split("-") for name in names
               if len(name) > 2 or part == name)


def read_word_list(text: str) -> tuple[tuple[tuple[str, str | None], ...], list[int]]:
    """A word list's entries (word, model word or None) and its lines that are neither."""
    entries: list[tuple[str, str | None]] = []
    bad = []
    for n, line in enumerate(text.split("\n"), start=1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) > 2 or not all(_WORD.fullmatch(w) for w in words):
            bad.append(n)
            continue
        entries.append((words[0], words[1] if len(words) == 2 else None))
    return tuple(entries), bad


# Debian's Kazakh dictionary gives a stem one ending: a form it knows («тәуекелдері»,
# «реттелу», «қолдану») takes no second one. These rules take off the ending that follows
# such a form; the word is right when the dictionary knows what remains. The second part is
# what the remainder gets instead of the ending taken off.
_KK_ENDINGS = (
    # a case after the possessive: «тәуекелдерінің», «қызметінде»; «-н» (accusative) only
    # after a possessive that is not itself an accusative («қызметінін» stays a typo)
    (re.compile(r"(?<=[ыі])(?:ндағы|ндегі|нда|нде|нан|нен|ның|нің|на|не|мен)$"), ""),
    (re.compile(r"(?<=[^ндт][ыі])н$"), ""),
    # a verbal noun's possessive and case: «реттелуі», «бұзуға», «қабылдаудың»
    (re.compile(r"(?<=у)(?:[ыі]|ға|ге|дың|дің|ды|ді|да|де|дан|ден|мен|лар|лер)$"), ""),
    # a negative verbal noun: «қолданбау», «орындамауы» (the dictionary has «қолдану»)
    (re.compile(r"(?:ма|ме|ба|бе|па|пе)у[ыі]?$"), "у"),
)


def kk_stems(word: str) -> list[str]:
    """The forms the dictionary may know of a Kazakh word it does not (rules above)."""
    return [base for rx, instead in _KK_ENDINGS if (base := rx.sub(instead, word)) != word]


# ---- the dictionaries -------------------------------------------------------------------

WordList = tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...]  # per language


@dataclass
class Speller:
    """Hunspell's kk and ru dictionaries with the word lists added; suggestions remembered."""

    spellers: dict[str, Any]
    _suggested: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # Each (word, language) asked of Hunspell once: a portal repeats its words many times.
    _checked: dict[tuple[str, str], bool] = field(default_factory=dict)

    @staticmethod
    def load(words: WordList,
             dictionary_dirs: Iterable[Path] = DICTIONARY_DIRS) -> Speller | str:
        """The dictionaries, or why they cannot be loaded (a message)."""
        folders = {}
        dirs = tuple(dictionary_dirs)
        for lang, name in DICTIONARIES.items():
            folder = next((d for d in dirs if (d / f"{name}.dic").is_file()
                           and (d / f"{name}.aff").is_file()), None)
            if folder is None:
                return t("spelling_no_dictionaries", names=listing(DICTIONARIES.values()))
            folders[lang] = str(folder)
        added = dict(words)
        try:
            return Speller({lang: _hunspell(lang, folders[lang], added.get(lang, ()))
                            for lang in DICTIONARIES})
        except (ImportError, AttributeError):  # another `hunspell` module than chunspell's
            return t("spelling_no_binding")
        except OSError as exc:
            return t("spelling_unreadable", reason=exc)

    def _for(self, word: str, lang: str) -> Any:
        # A Kazakh name or word quoted in a Russian text: the Kazakh dictionary knows it.
        return self.spellers["kk" if KK_LETTERS & set(word) else lang]

    def correct(self, word: str, lang: str) -> bool:
        """Known to the text's dictionary; in a Russian text, a Kazakh word (a name, an
        untranslated text: `translation: {ru: missing}`) is right too."""
        key = (word, lang)
        if key not in self._checked:
            self._checked[key] = self._correct(word, lang)
        return self._checked[key]

    def _correct(self, word: str, lang: str) -> bool:
        langs = (lang, "kk") if lang == "ru" else (lang,)
        if "-" in word and not any(self._known(word, one) for one in langs):
            return all(any(self._known(part, one) for one in langs)
                       for part in word.split("-"))
        return any(self._known(word, one) for one in langs)

    def _known(self, word: str, lang: str) -> bool:
        speller = self._for(word, lang)
        if speller.spell(word):
            return True
        return speller is self.spellers["kk"] and any(speller.spell(base)
                                                      for base in kk_stems(word))

    def suggest(self, word: str, lang: str) -> tuple[str, ...]:
        """The first suggestions; none once MAX_SUGGESTED words have had theirs."""
        key = (lang, word)
        if key not in self._suggested:
            if len(self._suggested) >= MAX_SUGGESTED:
                return ()
            self._suggested[key] = tuple(self._for(word, lang).suggest(word)[:SUGGESTIONS])
        return self._suggested[key]


@lru_cache(maxsize=8)
def _hunspell(lang: str, folder: str, words: tuple[tuple[str, str | None], ...]) -> Any:
    """One dictionary with its added words, loaded once per process for each word list."""
    import hunspell  # chunspell's module

    speller = hunspell.Hunspell(DICTIONARIES[lang], hunspell_data_dir=folder)
    for word, model in words:
        if model is None:
            speller.add(word)
        else:
            speller.add_with_affix(word, model)
    return speller


# ---- the portal's files -----------------------------------------------------------------

@dataclass(frozen=True)
class _Text:
    path: Path
    lang: str
    line: int  # where the text starts
    text: str
    lines: tuple[str, ...] = ()  # the file's lines, to find the line of a word of a
    # multi-line YAML text


def word_lists(root: Path | None, report: Report | None = None) -> WordList:
    """Adal's word lists of the field's terms and the portal's own, per language; a line of
    the portal's that is not a word list entry is a warning."""
    result = []
    for lang in LANGS:
        entries: list[tuple[str, str | None]] = []
        folders = [shipped_dir()]
        if root is not None and (root / "site_templates").resolve() != shipped_dir().resolve():
            folders.append(root / "site_templates")
        for folder in folders:
            path = folder / "spelling" / f"{lang}.txt"
            if not path.is_file() or path.is_symlink():  # a link: check_templates reports it
                continue
            own = report if folder != shipped_dir() else None
            try:
                read, bad = read_word_list(read_text(path).text)
            except SourceError as exc:
                if own is not None:
                    own.warning(exc.path, exc.line, exc.message)
                continue
            entries.extend(read)
            for line in bad if own is not None else []:
                own.warning(path, line, t("spelling_list_bad_line"))
        result.append((lang, tuple(entries)))
    return tuple(result)


def _yaml_file(path: Path, texts: list[_Text], data: list[Any]) -> None:
    try:
        source = read_text(path)
        located = load_yaml(source.text)
    except (SourceError, YamlError):
        return  # reported by the check itself
    lines = tuple(source.text.split("\n"))
    data.append(located.data)
    for lang, where, text in yaml_texts(located.data):
        texts.append(_Text(path, lang, located.line_of(where), text, lines))


def _content_file(path: Path, texts: list[_Text]) -> None:
    try:
        source = read_text(path)
        doc = split_front_matter(source)
        located = load_yaml(doc.meta_text, line_offset=doc.meta_line - 1)
    except (SourceError, YamlError):
        return
    lines = tuple(source.text.split("\n"))
    for lang, where, text in yaml_texts(located.data):
        texts.append(_Text(path, lang, located.line_of(where), text, lines))
    for lang, n, text in body_lines(doc.body, doc.body_line):
        texts.append(_Text(path, lang, n, text))


def _portal_texts(root: Path) -> tuple[list[_Text], frozenset[str], frozenset[str]]:
    """Every text to check, the words of people's names, and the recorded typos."""
    texts: list[_Text] = []
    plan: list[Any] = []
    indicators: list[Any] = []
    for name in ("plan.yaml", "measures.yaml"):
        if (root / name).is_file() and not (root / name).is_symlink():
            _yaml_file(root / name, texts, plan if name == "plan.yaml" else [])
    for path in list_files(root, "indicators")[0]:
        if path.suffix in (".yaml", ".yml"):
            _yaml_file(path, texts, indicators)
    for path in list_files(root, "content")[0]:
        if path.suffix == ".md":
            _content_file(path, texts)
    return (texts, people_names(plan[0] if plan else None),
            frozenset().union(*(recorded_typos(d) for d in indicators)))


def _line_of(text: _Text, word: str) -> int:
    """The file line of a word: a one-line text's own; in a multi-line YAML text, the first
    line from the text's start that has the word (a block scalar starts below its key)."""
    if not text.lines:
        return text.line
    alone = re.compile(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])")
    last = min(text.line + text.text.count("\n") + len(text.text) // 20 + 1, len(text.lines))
    return next((n for n in range(text.line, last + 1) if alone.search(text.lines[n - 1])),
                text.line)


def check_spelling(root: Path, report: Report,
                   dictionary_dirs: Iterable[Path] = DICTIONARY_DIRS) -> None:
    """The spelling notes on the portal at `root`, added to `report` (`start_spelling`)."""
    start_spelling(root, report, dictionary_dirs)()


def start_spelling(root: Path, report: Report,
                   dictionary_dirs: Iterable[Path] = DICTIONARY_DIRS
                   ) -> Callable[[bool], None]:
    """Begin the spelling notes; the function returned adds them to `report` (or, given
    False, lets them go: the check gave up). Replayed from the portal's cache
    (source/cache.py) when nothing they read has changed: every text file, the word lists,
    the dictionaries (by size and time), Adal's checking code and the messages' language
    (issue 20); else worked out beside the rest of the check (check/apart.py), which they
    read nothing of: they read the files themselves."""
    dictionary_dirs = tuple(dictionary_dirs)
    store = cache.store_for(report.root)
    if store is not None:
        where = os.path.relpath(os.path.abspath(root), os.path.abspath(report.root))
        name = cache.entry_name("spelling", where, language())
        key = cache.key_of("spelling", where, language(), text=_inputs(root, dictionary_dirs))
        entry = store.get(name, key)
        kept = entry.get("problems") if entry is not None else None
        if isinstance(kept, list) and all(
                isinstance(p, list) and len(p) == 4 and isinstance(p[0], str)
                and type(p[1]) is int and isinstance(p[2], str) and p[3] in ("note", "warning")
                for p in kept):
            replayed = [Problem(path, line, message, severity)
                        for path, line, message, severity in kept]
            return lambda wanted=True: report.problems.extend(replayed) if wanted else None
    apart = Apart(lambda into: _check_spelling(root, into, dictionary_dirs), report.root)

    def finish(wanted: bool = True) -> None:
        if not wanted:
            apart.cancel()
            return
        start = len(report.problems)
        apart.into(report)
        found = report.problems[start:]
        if store is not None and all(p.severity in ("note", "warning") and not p.analysis
                                     for p in found):
            store.put(name, key, {"problems": [[p.path, p.line, p.message, p.severity]
                                               for p in found]})

    return finish


def _inputs(root: Path, dictionary_dirs: tuple[Path, ...]) -> str:
    """What the spelling notes depend on, as one text to digest: each file's digest."""
    paths = [root / "plan.yaml", root / "measures.yaml"]
    paths += list_files(root, "indicators")[0] + list_files(root, "content")[0]
    paths += [folder / "spelling" / f"{lang}.txt" for lang in LANGS
              for folder in (shipped_dir(), root / "site_templates")]
    lines = []
    for path in paths:
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            digest = "-"
        lines.append(f"{path}\t{path.is_symlink()}\t{digest}")
    for folder in dictionary_dirs:
        for dictionary in DICTIONARIES.values():
            for suffix in (".dic", ".aff"):
                try:
                    st = os.stat(folder / f"{dictionary}{suffix}")
                    lines.append(f"{folder}/{dictionary}{suffix}\t{st.st_size}\t{st.st_mtime_ns}")
                except OSError:
                    lines.append(f"{folder}/{dictionary}{suffix}\t-")
    return "\n".join(lines)


def _check_spelling(root: Path, report: Report, dictionary_dirs: Iterable[Path]) -> None:
    """Notes on the words of the portal's texts that neither Hunspell's dictionaries nor the
    word lists know, with the first suggestions; one note when the dictionaries are missing."""
    speller = Speller.load(word_lists(root, report), tuple(dictionary_dirs))
    if isinstance(speller, str):
        report.note(None, 0, t("spelling_not_checked", reason=speller))
        return
    texts, names, recorded = _portal_texts(root)
    seen: set[tuple[Path, int, str]] = set()
    # A portal repeats its texts (each indicator file, each year): each distinct text and
    # language is split and looked up once.
    unknown_in: dict[tuple[str, str], list[str]] = {}
    for text in texts:
        key = (text.text, text.lang)
        if key not in unknown_in:
            unknown_in[key] = [part for word, _ in spelling_words(text.text, names, recorded)
                               if not speller.correct(word, text.lang)
                               for part in ([p for p in word.split("-")
                                             if not speller.correct(p, text.lang)] or [word])]
        for part in unknown_in[key]:
            line = _line_of(text, part)
            if (text.path, line, part) in seen:
                continue
            seen.add((text.path, line, part))
            lang = "kk" if KK_LETTERS & set(part) else text.lang
            suggestions = speller.suggest(part, text.lang)
            fields = {"word": part, "lang": lang, "dictionary": t(
                "spelling_dictionary_kk" if lang == "kk" else "spelling_dictionary_ru")}
            report.note(text.path, line, t("spelling_suggest", **fields,
                                           suggestions=listing(suggestions))
                        if suggestions else t("spelling_unknown", **fields))
