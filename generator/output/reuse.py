"""Reusing the previous build's outputs whose inputs have not changed (issue 20 §1).

A build records in the site's manifest (`.adal-site.json`, key `outputs`), for every output
it wrote (each language's engine site `site/<lang>`, each document `data/<name>`, each PDF
`data/<name>/<lang>`, an earlier analysis's under `<id>/data/…`), a *unit*: the SHA-256
digest of exactly what the output was made from, the SHA-256 of each file it wrote, and (a
site) the engine's warnings. The next build forms the same digest before it makes the output;
when the previous site — the live site folder, which Adal wrote and switches away atomically —
records the same digest, its files are copied into the new site instead, each one read
through descriptors that follow no link and checked against its recorded SHA-256 while it is
copied (a file changed, missing or replaced since is a miss: the output is made as on a cold
build). The engine's warnings of a reused site are reported again, so `--strict` and the
messages are the same either way.

Digests are over the serialised input the writer receives, never a list of source files (see
docs/architecture.md, "What a run does not do twice"). `ADAL_CACHE=0` or `adal build
--fresh` turns reuse off.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime, time
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from generator.messages import language
from generator.resources import shipped_dir

_FILE_LIMIT = 256 * 1024 * 1024
_CHUNK = 1 << 20


def enabled(fresh: bool = False) -> bool:
    return not fresh and os.environ.get("ADAL_CACHE", "1") != "0"


# ---- digests -------------------------------------------------------------------------------------

class Unhashable(TypeError):
    """A value the canonical form does not know: its output is not reused (never guessed)."""


def digest(*parts: Any) -> str:
    """SHA-256 of `parts` in a canonical form that is the same for equal inputs in every
    process: models and dataclasses by their class and fields (`earlier`, the other analyses
    of a portal, left out: they are digested as their own inputs), mappings and sets in the
    order of their entries' forms, dates as ISO text, floats exactly, every text with its
    length. Raises Unhashable for a value of any other kind."""
    return Canonical().digest(list(parts))


class Canonical:
    """Digests that share their work: an object met again (the rows hold the analysis's
    objects many times over) is digested once per instance. Objects must not change while
    it is used (a build's are frozen)."""

    def __init__(self) -> None:
        self._memo: dict[int, bytes] = {}
        self._alive: list[Any] = []  # keeps each memoised object, so its id is not reused

    def digest(self, value: Any) -> str:
        return hashlib.sha256(self._part(value, 0)).hexdigest()

    def _part(self, value: Any, depth: int) -> bytes:
        """A leaf's own bytes (length-prefixed), else '#' and the object's digest."""
        if value is None:
            return b"n"
        if isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            return b"s%d:" % len(data) + data
        if isinstance(value, bool):
            return b"b1" if value else b"b0"
        if isinstance(value, int):
            text = str(value).encode()
            return b"i%d:" % len(text) + text
        if isinstance(value, float):
            text = value.hex().encode()
            return b"f%d:" % len(text) + text
        key = id(value)
        found = self._memo.get(key)
        if found is None:
            if depth > 200:
                raise Unhashable("too deep")
            found = self._memo[key] = b"#" + hashlib.sha256(self._feed(value, depth)).digest()
            self._alive.append(value)
        return found

    def _feed(self, value: Any, depth: int) -> bytes:
        down = depth + 1
        part = self._part
        if isinstance(value, enum.Enum):
            return b"E" + type(value).__qualname__.encode() + part(value.value, down)
        if isinstance(value, (date, datetime, time)):
            return b"D" + type(value).__name__.encode() + value.isoformat().encode()
        if isinstance(value, PurePath):
            return b"P" + part(value.as_posix(), down)
        if isinstance(value, (list, tuple)):
            return (b"L" if isinstance(value, list) else b"T") + b"%d:" % len(value) + \
                b"".join([part(v, down) for v in value])
        if isinstance(value, dict) or hasattr(value, "items") and hasattr(value, "keys"):
            pairs = sorted([part(k, down) + b"=" + part(v, down) for k, v in value.items()])
            return b"M%d:" % len(pairs) + b"".join(p + b";" for p in pairs)
        if isinstance(value, (set, frozenset)):
            items = sorted([part(v, down) for v in value])
            return b"S%d:" % len(items) + b"".join(items)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return b"C" + part(type(value).__qualname__, down) + b"".join(
                [part(f.name, down) + part(getattr(value, f.name), down)
                 for f in dataclasses.fields(value) if f.name != "earlier"])
        fields = getattr(type(value), "model_fields", None)
        if isinstance(fields, dict) and not getattr(value, "__private_attributes__", None) \
                and not any(f.exclude for f in fields.values()):
            # A pydantic model with every field in its JSON: pydantic's serializer (each
            # value by its own class, extra keys included) is much faster than the walk.
            with suppress(Exception):
                return b"J" + part(type(value).__qualname__, down) + value.model_dump_json(
                    serialize_as_any=True, warnings="error").encode()
        if isinstance(fields, dict):  # a pydantic model
            extra = getattr(value, "__pydantic_extra__", None) or {}  # keys a model allows
            return b"V" + part(type(value).__qualname__, down) + b"".join(
                [part(name, down) + part(getattr(value, name), down) for name in fields]) + \
                b"X" + part(dict(extra), down)
        raise Unhashable(type(value).__qualname__)


@cache
def adal_code() -> str:
    """Adal's code and shipped files (every file of generator/ and site_templates/, by
    content): an edit of Adal without a new version number still changes every digest."""
    h = hashlib.sha256()
    for folder in (Path(__file__).resolve().parent.parent, shipped_dir()):
        _feed_tree(h, folder, skip=("__pycache__",))
    return h.hexdigest()


@cache
def installed() -> str:
    """Python's version and every installed distribution with its version (the engine, the
    theme, Markdown's extensions, the document libraries): an upgrade changes every digest.
    Read from the names of the metadata folders on the import path (`<name>-<version>.dist-info`,
    the same ones importlib.metadata finds), not from their contents: reading 150 metadata
    files cost every process of a build 0.14 s."""
    names = set()
    for entry in sys.path:
        with suppress(OSError), os.scandir(entry or ".") as found:
            names.update(item.name for item in found
                         if item.name.endswith((".dist-info", ".egg-info")))
    return hashlib.sha256("\n".join([sys.version, *sorted(names)]).encode()).hexdigest()


@cache
def fonts() -> str:
    """The installed fonts, each file with its version (fontconfig): the documents measure
    and embed them."""
    try:
        found = subprocess.run(["fc-list", "--format", "%{file}|%{fontversion}|%{family}\n"],
                               capture_output=True, text=True, timeout=60, check=False)
        listing = "\n".join(sorted(found.stdout.splitlines()))
    except (OSError, subprocess.SubprocessError):
        listing = "?"
    return hashlib.sha256(listing.encode()).hexdigest()


def environment_digest(messages: str | None = None) -> str:
    """What every output depends on besides its own input (`messages`: the language of the
    messages, the run's when not given)."""
    return digest("adal", adal_code(), installed(), messages or language())


def _feed_tree(h: Any, folder: Path, skip: tuple[str, ...] = ()) -> None:
    """Every file under `folder` (its path and content), in a fixed order; links as links."""
    if not folder.is_dir():
        h.update(b"\0none\0")
        return
    for rel in sorted(_files(folder, skip)):
        _feed_one(h, folder, rel)


def _feed_one(h: Any, folder: Path, rel: str) -> None:
    """One file's path and content (a link as a link)."""
    path = folder / rel
    h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
    if path.is_symlink():
        h.update(b"link:" + os.fsencode(os.readlink(path)) + b"\0")
        return
    with path.open("rb") as handle:
        content = handle.read()
    h.update(len(content).to_bytes(8, "big") + content)


def _files(folder: Path, skip: tuple[str, ...] = ()) -> Iterator[str]:
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(folder / rel if rel else folder) as listing:
            for entry in listing:
                if entry.name in skip:
                    continue
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                else:
                    yield path


def site_inputs(work: Path, lang: str, config: Path, site_dir: Path, epoch: int,
                environment: str) -> tuple[str, str, dict[str, str]]:
    """A language's engine site: the digest of everything the engine reads — the generated
    Markdown and assets (`docs/<lang>/`), its configuration (the temporary folders' paths
    replaced by names, the same every run), the theme overrides, and the time it is told
    (`SOURCE_DATE_EPOCH`) — with Adal's code, the installed packages (the engine and the
    theme) and the messages' language (its warnings, in `environment`). Also its two parts:
    the *frame* — all of that but the text of the Markdown pages (their paths and metadata
    are in it) — and the SHA-256 of each Markdown page by its path. With the frame
    unchanged, a page's HTML depends on nothing but its own Markdown (`site_job`: the
    engine's build page by page)."""
    frame = hashlib.sha256()
    text = config.read_text("utf-8").replace(str(site_dir), "<site>").replace(str(work),
                                                                                "<work>")
    frame.update(f"site\0{environment}\0{lang}\0{epoch}\0".encode())
    frame.update(text.encode("utf-8") + b"\0docs\0")
    docs = work / "docs" / lang
    pages: dict[str, str] = {}
    if docs.is_dir():
        for rel in sorted(_files(docs)):
            path = docs / rel
            if rel.endswith(".md") and not path.is_symlink():
                content = path.read_bytes()
                pages[rel] = hashlib.sha256(content).hexdigest()
                frame.update(b"page\0" + rel.encode("utf-8", "surrogateescape") + b"\0")
                head = _front_matter(content)
                frame.update(len(head).to_bytes(8, "big") + head)
            else:
                frame.update(b"file\0")
                _feed_one(frame, docs, rel)
    else:
        frame.update(b"\0none\0")
    frame.update(b"\0overrides\0")
    _feed_tree(frame, work / "overrides")
    whole = hashlib.sha256(frame.hexdigest().encode() + b"\0")
    for rel, value in pages.items():
        whole.update(rel.encode("utf-8", "surrogateescape") + b"\0" + value.encode() + b"\0")
    return whole.hexdigest(), frame.hexdigest(), pages


# The engine's metadata at the top of a page (MkDocs' utils/meta.py): a YAML block between
# `---` lines, or else MultiMarkdown `key: value` lines up to the first blank line.
_YAML_FRONT = re.compile(rb"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_FIRST_BLANK = re.compile(rb"\n[ \t]*\n")


def _front_matter(content: bytes) -> bytes:
    """What of a page other pages may show (Material draws each navigation entry's `icon`,
    `subtitle` and `status` from its page's metadata): the YAML front matter, or else —
    more than MultiMarkdown's metadata can be, never less — the text up to the first blank
    line. It belongs to the frame: a change of it builds the whole site."""
    text = content.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    found = _YAML_FRONT.match(text)
    if found:
        return found.group(0)
    blank = _FIRST_BLANK.search(text)
    return text if blank is None else text[:blank.start()]


def file_digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        content = path.read_bytes() if path.is_file() else b""
        h.update(str(len(content)).encode() + b"\0" + content)
    return h.hexdigest()


# ---- the previous site's units ------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Unit:
    digest: str
    files: dict[str, str]  # relative path -> SHA-256
    warnings: tuple[str, ...] = ()
    # An engine site's parts (site_inputs): its frame, and each Markdown page's SHA-256.
    frame: str = ""
    pages: dict[str, str] = dataclasses.field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"digest": self.digest, "files": self.files}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        if self.frame:
            data["frame"], data["pages"] = self.frame, self.pages
        return data


@dataclasses.dataclass(frozen=True)
class Previous:
    """The units of the site a build may reuse from (the live site folder)."""

    folder: Path
    units: dict[str, Unit]

    def hit(self, name: str, digest_now: str | None) -> Unit | None:
        unit = self.units.get(name)
        return unit if unit is not None and digest_now is not None \
            and unit.digest == digest_now else None


def units_of(data: Any, listed: set[str]) -> dict[str, Unit]:
    """The units of a manifest's `outputs`, only those whose every file the manifest lists as
    written by Adal; anything malformed is left out."""
    found: dict[str, Unit] = {}
    if not isinstance(data, dict):
        return found
    for name, entry in data.items():
        if not isinstance(name, str) or not isinstance(entry, dict):
            continue
        value, files = entry.get("digest"), entry.get("files")
        warnings = entry.get("warnings", [])
        if not isinstance(value, str) or not isinstance(files, dict) or \
                not isinstance(warnings, list) or \
                not all(isinstance(w, str) for w in warnings) or \
                not all(isinstance(k, str) and isinstance(v, str) and k in listed
                        and _safe_rel(k) for k, v in files.items()):
            continue
        frame, pages = entry.get("frame", ""), entry.get("pages", {})
        if not isinstance(frame, str) or not isinstance(pages, dict) or \
                not all(isinstance(k, str) and isinstance(v, str) for k, v in pages.items()):
            frame, pages = "", {}  # the site is still reused whole, never page by page
        found[name] = Unit(value, dict(files), tuple(warnings), frame, dict(pages))
    return found


def _safe_rel(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and all(p not in ("", ".", "..")
                                                         for p in parts) and "\0" not in rel


@contextmanager
def _dirs(root: Path) -> Iterator[Any]:
    """Open folders under `root` by relative path, each component without following a link."""
    opened: dict[str, int] = {}

    def open_dir(rel: str) -> int:
        if rel in opened:
            return opened[rel]
        if not rel:
            fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
        else:
            parent, _, name = rel.rpartition("/")
            fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC,
                         dir_fd=open_dir(parent))
        opened[rel] = fd
        return fd

    try:
        yield open_dir
    finally:
        for fd in opened.values():
            with suppress(OSError):
                os.close(fd)


def copy_unit(previous: Path, staging: Path, unit: Unit,
              shared: Callable[[str], bool] | None = None,
              newer_than: int = 0) -> set[str] | None:
    """Copy a unit's files from the previous site into `staging`, each checked against its
    recorded SHA-256 while it is read; None (and nothing of it left in `staging`) when any
    file is missing, not a plain file, reached through a link, or not what was recorded.
    A file that `shared(rel)` allows is linked instead of written (a hard link: the same file
    in both sites, which nothing writes to again), where the file system allows it; the set
    of the files linked is returned. Only a file dated after `newer_than` (seconds since
    1970) is linked: the engine's page-by-page build skips a page whose HTML is newer than its
    source, and writes any other in place. An engine site is 96 MB a language on the 100× portal:
    written again on every build, it was the better part of a preview's rebuild, and the
    disk's write-back then slowed the next build's writes."""
    written: list[Path] = []
    linked: set[str] = set()
    try:
        with _dirs(previous) as open_dir:
            for rel, expected in sorted(unit.files.items()):
                parent, _, name = rel.rpartition("/")
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK,
                             dir_fd=open_dir(parent))
                with os.fdopen(fd, "rb") as handle:
                    st = os.fstat(handle.fileno())
                    if not stat.S_ISREG(st.st_mode) or st.st_size > _FILE_LIMIT:
                        raise ValueError(rel)
                    content = handle.read(_FILE_LIMIT + 1)
                if hashlib.sha256(content).hexdigest() != expected:
                    raise ValueError(rel)
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                written.append(target)
                if shared is not None and st.st_mtime > newer_than and shared(rel) and \
                        _linked(name, open_dir(parent), target, st):
                    linked.add(rel)
                else:
                    target.write_bytes(content)
    except (OSError, ValueError):
        for path in written:
            path.unlink(missing_ok=True)
        return None
    return linked


def _linked(name: str, folder_fd: int, target: Path, checked: os.stat_result) -> bool:
    """`target` made a hard link of the file `name` of the folder open as `folder_fd`, when
    it is still the file that was read and checked (the same file, size and time: else it was
    replaced or written meanwhile), and it is this user's and as the site leaves its files
    (0644: `publish.finish` sets that mode, which changes a shared file in both sites). Else,
    and where links are not allowed, nothing is left at `target` and False: the caller writes
    the content."""
    if checked.st_uid != os.geteuid() or stat.S_IMODE(checked.st_mode) != 0o644:
        return False
    try:
        os.link(name, target, src_dir_fd=folder_fd, follow_symlinks=False)
    except OSError:
        return False
    st = os.stat(target, follow_symlinks=False)
    if (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns) != (
            checked.st_dev, checked.st_ino, checked.st_size, checked.st_mtime_ns):
        target.unlink()
        return False
    return True


def page_html(pages: Iterable[str], lang: str) -> set[str]:
    """Where the engine may write the HTML of these Markdown pages (paths under a language's
    docs folder) in the site (`<lang>/…`), with directory URLs or without."""
    found = set()
    for rel in pages:
        stem = rel[:-3] if rel.endswith(".md") else rel
        folder = stem.rpartition("/")[0]
        found.add(f"{lang}/{stem}.html")
        found.add(f"{lang}/{stem}/index.html")
        found.add(f"{lang}/{folder + '/' if folder else ''}index.html")  # index, README
    return found


def hashes(staging: Path, files: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each of `files` (relative to `staging`) that exists."""
    found = {}
    for rel in files:
        path = staging / rel
        if path.is_file() and not path.is_symlink():
            h = hashlib.sha256()
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    h.update(chunk)
            found[rel] = h.hexdigest()
    return found


def tree(staging: Path, folder: str) -> list[str]:
    """Every file under `staging/folder`, relative to `staging`."""
    root = staging / folder
    if not root.is_dir():
        return []
    return sorted(f"{folder}/{rel}" for rel in _files(root))


class Hit:
    """A unit of the previous site whose digest matches: where its files are."""

    def __init__(self, folder: Path, unit: Unit) -> None:
        self.folder, self.unit = folder, unit


class Ledger:
    """One build's outputs: what each was made from and wrote (for the next build), whether
    it was reused, and the previous site's units to reuse from (None: make everything)."""

    def __init__(self, previous: Previous | None) -> None:
        self.previous = previous
        self.units: dict[str, Unit] = {}
        self.reused: dict[str, bool] = {}
        self.rebuilt: dict[str, list[str]] = {}  # an engine site's pages built again

    def hit(self, name: str, digest_now: str | None) -> Hit | None:
        unit = self.previous.hit(name, digest_now) if self.previous is not None else None
        return Hit(self.previous.folder, unit) if unit is not None and \
            self.previous is not None else None

    def candidate(self, name: str) -> Hit | None:
        """The previous site's unit of that name, whatever its digest (a worker compares)."""
        unit = self.previous.units.get(name) if self.previous is not None else None
        return Hit(self.previous.folder, unit) if unit is not None and \
            self.previous is not None else None

    def reuse(self, name: str, digest_now: str | None, staging: Path) -> bool:
        """Copy the unit from the previous site when its digest matches and its files check;
        False: the caller makes it."""
        hit = self.hit(name, digest_now)
        if hit is None or copy_unit(hit.folder, staging, hit.unit) is None:
            return False
        self.add(name, digest_now, hit.unit.files, True, hit.unit.warnings)
        return True

    def made(self, name: str, digest_now: str | None, staging: Path, files: list[str]) -> None:
        self.add(name, digest_now, hashes(staging, files), False)

    def add(self, name: str, digest_now: str | None, files: dict[str, str], reused: bool,
            warnings: Iterable[str] = (), frame: str = "",
            pages: dict[str, str] | None = None) -> None:
        self.reused[name] = reused
        if digest_now is not None:
            self.units[name] = Unit(digest_now, dict(files), tuple(warnings), frame,
                                    dict(pages or {}))

    def add_made(self, made: dict[str, dict[str, Any]]) -> None:
        """What the documents' process reported (years.write_documents)."""
        for name, entry in made.items():
            self.add(name, entry["digest"], entry["files"], entry["reused"])

    def record(self) -> dict[str, Any]:
        return {name: unit.as_json() for name, unit in self.units.items()}


def printed_digest(site: Path, lang: str, page: Path | None) -> str:
    """What a PDF prints besides its own text: the built page (the reference's), every file
    of the site it shows (`src`), and the language's assets (the print stylesheet and what it
    loads)."""
    h = hashlib.sha256()
    if page is not None:
        content = page.read_bytes() if page.is_file() else b""
        h.update(len(content).to_bytes(8, "big") + content)
        for source in sorted(set(_SRC.findall(content.decode("utf-8", "replace")))):
            target = (page.parent / source.split("#")[0].split("?")[0]).resolve()
            h.update(source.encode() + b"\0")
            if target.is_relative_to(site.resolve()) and target.is_file():
                h.update(target.read_bytes())
    h.update(b"\0assets\0")
    _feed_tree(h, site / lang / "assets")
    return h.hexdigest()


_SRC = re.compile(r"""\ssrc\s*=\s*["']([^"'#?:]+)""")


# ---- a language's engine site, in a worker ------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class SiteResult:
    """What a language's site job reports: the engine's warnings, whether the previous site
    was reused whole, its files with their SHA-256, its digest and parts (site_inputs), and
    the pages the engine built again when it built page by page (None: all of them)."""

    warnings: list[str]
    reused: bool
    files: dict[str, str]
    digest: str
    frame: str
    pages: dict[str, str]
    rebuilt: list[str] | None


def site_job(config: str, epoch: int, previous: str | None, unit: Unit | None,
             staging: str, lang: str, work: str, messages: str) -> SiteResult:
    """Runs in a worker (which formed Adal's digests while the main process checked): the
    language's site digest (`site_inputs`); the previous site's `<lang>/` copied when `unit`
    has that digest. When only the text of some pages changed (the same frame, the same
    pages, and no warning before), the previous site is copied and the engine builds those
    pages alone (`engine.build_pages`). Else, or when a copy fails its check, the engine's
    whole build."""
    site = Path(staging)
    digest_now, frame, pages = site_inputs(Path(work), lang, Path(config), site / lang, epoch,
                                           environment_digest(messages))

    def result(warnings: list[str], reused: bool, files: dict[str, str],
               rebuilt: list[str] | None) -> SiteResult:
        return SiteResult(warnings, reused, files, digest_now, frame, pages, rebuilt)

    # A site reused whole is linked file by file: nothing writes to it in this build.
    if previous is not None and unit is not None and unit.digest == digest_now and \
            copy_unit(Path(previous), site, unit, shared=lambda rel: True) is not None:
        return result(list(unit.warnings), True, unit.files, [])
    import shutil

    from generator.output import engine

    if previous is not None and unit is not None and unit.frame == frame and \
            not unit.warnings and unit.pages.keys() == pages.keys():
        changed = sorted(rel for rel, value in pages.items() if unit.pages[rel] != value)
        # Linked: only the HTML of pages the engine does not build again (it skips them:
        # their sources are dated long ago); everything it may write (the changed pages,
        # the sitemap, 404, the search index, the assets) is a file of this site's own.
        # A page dated before the engine's "long ago" would be built again, written in place:
        # only pages dated a day after it are linked.
        kept = page_html(pages.keys() - set(changed), lang) - page_html(changed, lang)
        linked = copy_unit(Path(previous), site, unit, shared=kept.__contains__,
                           newer_than=engine.SOURCES_DATED + 86_400)
        if linked is not None:
            try:
                warnings = engine.build_pages(config, epoch, Path(work) / "docs" / lang,
                                              changed)
                files = hashes(site, [rel for rel in tree(site, lang) if rel not in linked])
                files.update({rel: unit.files[rel] for rel in linked})
                return result(warnings, False, dict(sorted(files.items())), changed)
            except engine.NotPageByPage:
                pass  # built whole below
    shutil.rmtree(site / lang, ignore_errors=True)
    warnings = engine._build_one(config, epoch)
    return result(warnings, False, hashes(site, tree(site, lang)), None)
