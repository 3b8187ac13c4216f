"""The check stage's memory between runs: a YAML file's parse, kept by its content (issue 20).

Reading a portal file with the line of every key and checking it against the schema is most
of `adal check` (≈ 2 ms a file; a portal of 900 directions has 1,800 files). What a file
gives the later stages does not change while its text does not: its data, the lines of its
keys, and the problems it alone causes. So a file that checked without an error is kept as
one JSON entry in `<portal>/.site.cache/`, and the next run replays it.

An entry is used only when its key matches, and the key is a SHA-256 digest of everything
that result depends on: the file's text, its place in the portal, how it is checked (the
schema model, front matter or not), the language of the messages, and Adal's own checking
code (each source file's size and modification time, `__init__.py`'s with the version
among them, PyYAML's version, pydantic's files by size and time, Python's version).
A change of any of them (an edited text, an upgrade, an edit of Adal's code) is a miss, and
the file is parsed again. The data in an entry is checked by the same schema again when it
is used, so an entry gives nothing the file would not have given.

The folder is Adal's only when it carries a marker named after its own inode number, which a
folder copied or committed with the portal cannot have (as publish.py's `.DIR.builds/`); only
then is it read. Nothing is written before the run is known to go on (`commit`: `adal check`
once checked, `adal build` and `serve` once the output folder is accepted), so a refused run
leaves the portal as it was. Then the folder is made when missing (only where git ignores it,
or outside a repository), and a folder of entries without the marker (a copied portal's) is
emptied and taken over; a link, a file, or a folder holding anything else is left alone and
the run goes without the cache.
Every entry is opened relative to the folder, without following a link; a broken, foreign or
oversized entry is a miss, never an error. The folder matches `/.site.*` of the portal's
`.gitignore` (scaffold.py): it is never committed, and, outside `site/`, never published.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
from contextlib import suppress
from importlib.util import find_spec
from pathlib import Path
from typing import Any

FOLDER = ".site.cache"
FORMAT = 1
_MARK = ".adal-cache-"  # + the folder's inode number
_ENTRY = re.compile(r"^[0-9a-f]{40}\.json$")
_TEMP = re.compile(r"^\.tmp-\d+-[0-9a-f]{40}$")
_LIMIT = 8 * 1024 * 1024  # an entry is a few KB; more is not Adal's
_CODE = ("source", "check", "domain")  # the packages whose code a file's check runs

_stores: dict[str, Store | None] = {}
_signature: str | None = None


def code_signature() -> str:
    """Adal's checking code as it is installed now: a change of any of it is a new key."""
    global _signature
    if _signature is None:
        import yaml

        package = Path(__file__).resolve().parent.parent  # generator/ (its __init__: version)
        parts = [yaml.__version__, sys.version]
        # pydantic's installed files by size and time, not its version: importing pydantic
        # costs 0.07 s, which an unchanged portal's check does not spend (check/result.py).
        # (A top-level name only: finding `pydantic.version` would import pydantic.)
        for module, file in (("pydantic", "version.py"), ("pydantic_core", "__init__.py")):
            with suppress(ImportError, ValueError, OSError):
                spec = find_spec(module)
                origin = spec.origin if spec is not None else None
                st = os.stat(os.path.join(os.path.dirname(origin), file)) if origin else None
                parts.append(f"{module}:{st.st_size}:{st.st_mtime_ns}" if st else module)
        names = ["__init__.py", "messages.py", "messages.yaml", "resources.py", "errors.py"]
        for sub in _CODE:
            for folder, _dirs, files in sorted(os.walk(package / sub)):
                names += [os.path.relpath(os.path.join(folder, f), package)
                          for f in sorted(files) if f.endswith((".py", ".yaml"))]
        for name in names:
            with suppress(OSError):
                st = os.stat(package / name)
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        _signature = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return _signature


def key_of(*parts: Any, text: str) -> str:
    """The digest of a file's text and of everything else its check depends on."""
    head = json.dumps([FORMAT, code_signature(), *parts], ensure_ascii=False,
                      separators=(",", ":"))
    digest = hashlib.sha256(head.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _ignored_by_git(root: Path) -> bool:
    """Making the folder leaves `git status` clean: the portal is not in a git repository,
    or the repository ignores the folder (`/.site.*` in the portal's .gitignore)."""
    try:
        result = subprocess.run(["git", "-C", str(root), "check-ignore", "-q", FOLDER],
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return not any((folder / ".git").exists() for folder in (root, *root.parents))
    return result.returncode in (0, 128)  # ignored, or not a repository


class Store:
    """The entries of one portal's cache folder, opened by its descriptor; until `commit`,
    when the folder is not there yet (or not Adal's yet), the entries this run made wait in
    memory: a run that is refused (a build's `--out`) leaves the portal as it was."""

    def __init__(self, root: Path, fd: int | None) -> None:
        self.root = root
        self._fd = fd
        self._pending: dict[str, tuple[str, dict[str, Any]]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, name: str, key: str) -> dict[str, Any] | None:
        """The entry `name` when it is whole and made for `key`, else None."""
        entry = self._read(name) if self._fd is not None else None
        if not isinstance(entry, dict) or entry.get("format") != FORMAT \
                or entry.get("key") != key:
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def _read(self, name: str) -> Any:
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK,
                         dir_fd=self._fd)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > _LIMIT:
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(_LIMIT + 1)
            return json.loads(raw.decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        finally:
            os.close(fd)

    def put(self, name: str, key: str, entry: dict[str, Any]) -> None:
        """Keep an entry: written now when the folder is Adal's, else at `commit`."""
        if self._fd is None:
            self._pending[name] = (key, entry)
        else:
            self._write(name, key, entry)

    def _write(self, name: str, key: str, entry: dict[str, Any]) -> None:
        """Atomically (a reader sees the old entry or the new one); a failure to write only
        costs the next run its parse."""
        try:
            text = json.dumps({"format": FORMAT, "key": key, **entry}, ensure_ascii=False,
                              separators=(",", ":"))
        except (TypeError, ValueError, RecursionError):
            return
        temp = f".tmp-{os.getpid()}-{name[:40]}"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
                         | os.O_CLOEXEC, 0o644, dir_fd=self._fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(text.encode("utf-8"))
            os.replace(temp, name, src_dir_fd=self._fd, dst_dir_fd=self._fd)
        except (OSError, ValueError):
            with suppress(OSError):
                os.unlink(temp, dir_fd=self._fd)

    def commit(self) -> None:
        """Make the folder (or take over a copied one) and write what waits."""
        if self._fd is None and self._pending:
            self._fd = _open(self.root, make=True)
        if self._fd is not None:
            for name, (key, entry) in self._pending.items():
                self._write(name, key, entry)
        self._pending.clear()


def entry_name(*parts: str) -> str:
    """An entry's file name: one per file of the portal (and way of checking it), so an
    edit replaces its file's entry and no other."""
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:40] + ".json"


def store_for(root: Path) -> Store | None:
    """The cache of the portal at `root` (None with `ADAL_CACHE=0`). It reads nothing from a
    folder that is not Adal's (missing, copied, a link) and writes nothing before `commit`."""
    if os.environ.get("ADAL_CACHE", "1") == "0":
        return None
    where = os.path.abspath(root)
    if where not in _stores:
        _stores[where] = Store(Path(where), _open(Path(where), make=False))
    return _stores[where]


def commit(root: Path) -> None:
    """The run goes on (a check that was asked for, a build whose output folder was
    accepted): the cache may now be made and written."""
    store = _stores.get(os.path.abspath(root))
    if store is not None:
        store.commit()


def _open(root: Path, make: bool) -> int | None:
    """A descriptor of `<root>/.site.cache` when it is Adal's; with `make`, made first when
    missing (and ignored by git), or taken over when it holds only another's entries."""
    folder = root / FOLDER
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        if not make or not _ignored_by_git(root):
            return None
        try:
            os.mkdir(folder, 0o755)
            st = os.lstat(folder)
        except OSError:
            return None
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None  # a link or a file: not Adal's to use
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if os.fstat(fd).st_ino == st.st_ino and _ours(fd, make):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _ours(fd: int, take: bool) -> bool:
    """The folder is Adal's: marked with its own inode number; with `take`, made so when it
    holds nothing but entries and old marks (a copied portal's cache, emptied first)."""
    mark = f"{_MARK}{os.fstat(fd).st_ino}"
    names = os.listdir(fd)
    if mark in names:
        return stat.S_ISREG(os.stat(mark, dir_fd=fd, follow_symlinks=False).st_mode)
    if not take or not all(_ENTRY.match(n) or _TEMP.match(n) or n.startswith(_MARK)
                           for n in names):
        return False
    for name in names:
        if not stat.S_ISREG(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
            return False  # a link or a folder among them: not a cache Adal made
    for name in names:
        os.unlink(name, dir_fd=fd)
    os.close(os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                     | os.O_CLOEXEC, 0o644, dir_fd=fd))
    return True
