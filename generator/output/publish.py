"""The site folder: where a build may write, and how a new site replaces the old one.

`--out DIR` is a real folder (`cp -r`, `rsync -a`, `tar` copy the site). Beside it,
`.DIR.builds/` is Adal's working folder: a build writes the new site into
`.DIR.builds/new-<pid>-…/`, then swaps it with DIR in one step (Linux `renameat2` with
`RENAME_EXCHANGE`), so a reader of DIR (a web server, a browser) sees the old site or the new
one, never a missing or half one. The old site stays as `.DIR.builds/previous/` until the next
build. Where the exchange is missing (another system, a file system without it), two renames
with nothing between them; DIR is missing for that moment.

Each site carries `.adal-site.json`, the list of the files and folders Adal wrote: a build
replaces DIR only when it holds nothing else. Adal writes, locks and deletes only inside
folders it made: every path is looked at without following links (lstat, O_NOFOLLOW) before it
is used, and `.DIR.builds/` carries a marker named after the folder's own inode number, which a
folder copied or committed with the portal cannot have.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.messages import t

MANIFEST = ".adal-site.json"
PREVIOUS = "previous"  # the site before the live one, kept until the next build
SOURCE_FOLDERS = ("content", "indicators", "site_templates", ".git")
_LOCK = ".lock"
_MARK = ".adal-builds-"  # + the builds folder's inode number
_SHOWN = 10  # foreign entries named in a refusal
_MANIFEST_LIMIT = 32 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    out: Path  # what the user named: a real folder (or, from older Adal, a link)
    versions: Path  # .<name>.builds beside it: Adal's working folder


# ---- what may be replaced ------------------------------------------------------------------------

def target_for(out: Path, portal: Path) -> Target:
    """Check that a build may replace `out`; raise UsageError with a one-line reason."""
    out = Path(os.path.abspath(out))
    real, root = out.resolve(), portal.resolve()
    home = Path.home().resolve()
    if real == Path(real.anchor):
        raise UsageError(t("out_root", out=out))
    if real == root or root.is_relative_to(real):
        raise UsageError(t("out_portal", out=out, example=root / "site"))
    if real == home or home.is_relative_to(real):
        raise UsageError(t("out_home", out=out))
    for name in SOURCE_FOLDERS:
        if real.is_relative_to(root / name):
            raise UsageError(t("out_in_source", out=out, name=name, example=root / "site"))
    target = Target(out, out.parent / f".{out.name}.builds")
    _builds_state(target)
    _out_state(target)
    return target


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _out_state(target: Target) -> str | None:
    """None when `out` does not exist, "" for a folder Adal may replace, or the version folder's
    name when `out` is the link of an older Adal into `.NAME.builds/`. Raises otherwise."""
    out = target.out
    st = _lstat(out)
    if st is None:
        return None
    if stat.S_ISLNK(st.st_mode):
        version = _legacy_link(target)
        if version is None:
            raise UsageError(t("out_foreign_link", out=out))
        _check_site(out, target.versions / version)
        return version
    if not stat.S_ISDIR(st.st_mode):
        raise UsageError(t("out_is_file", out=out))
    _check_site(out, out)
    return ""


def _legacy_link(target: Target) -> str | None:
    """The version an older Adal's link `out -> .NAME.builds/v-…` names, if it is that link."""
    parts = Path(os.readlink(target.out)).parts
    if len(parts) != 2 or parts[0] != target.versions.name or not parts[1].startswith("v-"):
        return None
    version = target.versions / parts[1]
    st, builds = _lstat(version), _lstat(target.versions)
    if st is None or builds is None or not stat.S_ISDIR(st.st_mode) \
            or not stat.S_ISDIR(builds.st_mode):
        return None
    return parts[1]


def _check_site(out: Path, folder: Path) -> None:
    """`folder` (what `out` shows) is empty, or an Adal site holding nothing Adal did not write."""
    if not os.listdir(folder):
        return
    listed = read_manifest(folder)
    if listed is None:
        raise UsageError(t("out_not_site", out=out))
    found = foreign_entries(folder, *listed)
    if found:
        shown = ", ".join(_printable(name) for name in found[:_SHOWN])
        if len(found) > _SHOWN:
            shown += f" … (+{len(found) - _SHOWN})"
        raise UsageError(t("out_foreign_files", out=out, entries=shown))


def _printable(name: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in name)


def read_manifest(folder: Path) -> tuple[set[str], set[str]] | None:
    """The files and folders an Adal site's manifest lists, or None when there is no valid one
    (a manifest of an older Adal lists files only: its folders are theirs)."""
    data = _manifest_json(folder / MANIFEST)
    return None if data is None else manifest_sets(data)


# ---- what each output was made from (output/reuse.py) -------------------------------------------
# Kept beside the site, in Adal's working folder (never published: a digest that changes
# would tell a public site's readers that something changed, as a commit hash would), named
# after the site folder's inode number, which a rename or an exchange keeps: the record of a
# folder is found only for that folder.

_OUTPUTS = re.compile(r"^\.outputs-(\d+)\.json$")


def write_outputs(target: Target, staging: Path, outputs: dict[str, Any]) -> None:
    """Record what each output of the site in `staging` was made from."""
    name = f".outputs-{os.lstat(staging).st_ino}.json"
    text = json.dumps({"generator": "adal", "outputs": {k: outputs[k] for k in sorted(outputs)}},
                      ensure_ascii=False, separators=(",", ":"))
    with _folder(target.versions) as fd:
        with suppress(FileNotFoundError):
            os.unlink(name, dir_fd=fd)
        out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                      0o644, dir_fd=fd)
        with os.fdopen(out, "w", encoding="utf-8") as handle:
            handle.write(text)


def read_outputs(target: Target) -> tuple[Path, dict[str, Any], set[str]] | None:
    """The live site a build may reuse outputs from: the real folder `out` (never an older
    Adal's link, nor a folder holding anything Adal did not write), the record of its outputs,
    and the files its manifest lists as Adal's; None when any of them is missing."""
    st, builds = _lstat(target.out), _lstat(target.versions)
    if st is None or not stat.S_ISDIR(st.st_mode) or builds is None \
            or not stat.S_ISDIR(builds.st_mode):
        return None
    data = _manifest_json(target.out / MANIFEST)
    listed = None if data is None else manifest_sets(data)
    if listed is None or foreign_entries(target.out, *listed):
        return None
    record = _manifest_json(target.versions / f".outputs-{st.st_ino}.json")
    if not isinstance(record, dict) or record.get("generator") != "adal" \
            or not isinstance(record.get("outputs"), dict):
        return None
    return target.out, record["outputs"], listed[0]


def _manifest_json(path: Path) -> Any:
    """A JSON file of Adal's (a manifest, a record of outputs), read without following a
    link and within a limit; None when it is not one."""
    st = _lstat(path)
    if st is None or not stat.S_ISREG(st.st_mode) or st.st_size > _MANIFEST_LIMIT:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return json.loads(handle.read(_MANIFEST_LIMIT + 1))
    except (OSError, ValueError, RecursionError):
        return None


def manifest_sets(data: Any) -> tuple[set[str], set[str]] | None:
    """(files, folders) of a manifest's JSON, or None when it is not Adal's."""
    if not isinstance(data, dict) or data.get("generator") != "adal":
        return None
    files, folders = data.get("files"), data.get("folders")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    if folders is None:
        folders = {parent.as_posix() for f in files for parent in Path(f).parents
                   if parent != Path(".")}
    elif not isinstance(folders, list) or not all(isinstance(f, str) for f in folders):
        return None
    return set(files), set(folders)


def foreign_entries(root: Path, files: set[str], folders: set[str]) -> list[str]:
    """What is in `root` that its manifest does not list, links never followed: a folder Adal
    did not write is named once (`name/`), not descended into."""
    found: list[str] = []
    for rel, is_dir in _entries(root, lambda rel: rel in folders):
        if is_dir and rel not in folders:
            found.append(rel + "/")
        elif not is_dir and rel not in files and rel != MANIFEST:
            found.append(rel)
    return sorted(found)


def _entries(root: Path, descend: Callable[[str], bool] = lambda rel: True
             ) -> Iterator[tuple[str, bool]]:
    """(relative path, is a real folder) of everything under `root`, links not followed."""
    stack = [""]
    while stack:
        rel = stack.pop()
        with os.scandir(root / rel if rel else root) as listing:
            for entry in listing:
                path = f"{rel}/{entry.name}" if rel else entry.name
                is_dir = entry.is_dir(follow_symlinks=False)
                yield path, is_dir
                if is_dir and descend(path):
                    stack.append(path)


# ---- Adal's working folder beside the site ------------------------------------------------------

_OLDER = re.compile(r"^(?:\.lock|v-.+|new-\d+-.+|link-\d+|old-\d+-.+)$")  # what older Adal left
_LEFTOVER = re.compile(r"^(?:v-.+|link-\d+|old-\d+-.+)$")  # removed at a switch
_STAGING = re.compile(r"^(?:new|link|old)-(\d+)-?")


def _builds_state(target: Target) -> str:
    """"absent", "ours" (marked with its own inode number), "empty" or "older" (the folder of
    an older Adal, behind its link); anything else is refused."""
    builds = target.versions
    st = _lstat(builds)
    if st is None:
        return "absent"
    if stat.S_ISLNK(st.st_mode):
        raise UsageError(t("out_builds_link", path=builds, target=os.readlink(builds)))
    if not stat.S_ISDIR(st.st_mode):
        raise UsageError(t("out_builds_foreign", path=builds))
    names = os.listdir(builds)
    mark = _lstat(builds / f"{_MARK}{st.st_ino}")
    if mark is not None and stat.S_ISREG(mark.st_mode):
        return "ours"
    if not names:
        return "empty"
    lock = _lstat(builds / _LOCK)
    if all(_OLDER.match(name) for name in names) and (lock is None or stat.S_ISREG(lock.st_mode)) \
            and target.out.is_symlink() and _legacy_link(target) is not None:
        return "older"
    raise UsageError(t("out_builds_foreign", path=builds))


def _prepare_builds(target: Target) -> None:
    """Make `.NAME.builds` (or take over an empty one, or an older Adal's) and mark it."""
    state = _builds_state(target)
    if state == "absent":
        try:
            target.out.parent.mkdir(parents=True, exist_ok=True)
            with suppress(FileExistsError):  # a concurrent build made it: looked at below
                os.mkdir(target.versions, 0o755)
        except OSError as exc:
            raise UsageError(t("out_cannot_make", out=target.out,
                               error=exc.strerror or exc)) from None
        state = _builds_state(target)
    if state != "ours":
        with _folder(target.versions) as fd:
            name = f"{_MARK}{os.fstat(fd).st_ino}"
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                             0o644, dir_fd=fd))


@contextmanager
def _folder(path: Path) -> Iterator[int]:
    """An open descriptor of `path`, which must be a real folder (not a link to one)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        raise UsageError(t("out_builds_foreign", path=path)) from None
    try:
        yield fd
    finally:
        os.close(fd)


@contextmanager
def _locked(target: Target) -> Iterator[None]:
    """Concurrent builds of one `out` take turns: an exclusive lock on `.NAME.builds/.lock`,
    a plain file Adal makes there, opened without following a link and never truncated."""
    _builds_state(target)
    with _folder(target.versions) as folder:
        try:
            fd = os.open(_LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o644, dir_fd=folder)
        except OSError:
            raise UsageError(t("out_lock_not_file", path=target.versions / _LOCK)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(t("out_lock_not_file", path=target.versions / _LOCK))
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def staging_for(target: Target) -> Path:
    """A new, empty folder for the next site; stale ones of killed builds are removed first."""
    _prepare_builds(target)
    clean_stale(target)
    try:
        return Path(tempfile.mkdtemp(prefix=f"new-{os.getpid()}-", dir=target.versions))
    except OSError as exc:
        raise UsageError(t("out_cannot_make", out=target.out, error=exc.strerror or exc)) from None


def finish(staging: Path) -> None:
    """Write the manifest (every file and folder written) and make the site readable by a web
    server (0755 / 0644)."""
    entries = sorted(_entries(staging))
    files = [rel for rel, is_dir in entries if not is_dir]
    folders = [rel for rel, is_dir in entries if is_dir]
    (staging / MANIFEST).write_text(json.dumps(
        {"generator": "adal", "files": files, "folders": folders}, ensure_ascii=False,
        indent=0) + "\n", "utf-8")
    os.chmod(staging, 0o755)
    for rel, is_dir in _entries(staging):
        path = staging / rel
        if is_dir:
            os.chmod(path, 0o755)
        elif not path.is_symlink():
            os.chmod(path, 0o644)


# ---- the switch ---------------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _libc_renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _libc_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap `a` and `b` in one step (Linux renameat2 RENAME_EXCHANGE); False where the system
    or the file system has no such call, and nothing was done."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def switch(target: Target, staging: Path) -> Path:
    """Put the finished `staging` in the place of `out` in one step; the site it replaces
    becomes `.NAME.builds/previous`. Concurrent builds of one `out` take turns here, and `out`
    is looked at again first: nothing Adal did not write may have arrived meanwhile."""
    with _locked(target):
        version = _out_state(target)
        if version is None:
            os.rename(staging, target.out)
            return target.out
        if exchange(staging, target.out):
            old = staging
        else:  # two renames, nothing between them
            old = target.versions / f"old-{os.getpid()}-{staging.name}"
            os.rename(target.out, old)
            os.rename(staging, target.out)
        if version:  # an older Adal's link: its version folder is the previous site
            old.unlink()
            old = target.versions / version
        _remove(target.versions / PREVIOUS)
        os.rename(old, target.versions / PREVIOUS)
        live = {os.lstat(target.out).st_ino, os.lstat(target.versions / PREVIOUS).st_ino}
        for path in target.versions.iterdir():
            if _LEFTOVER.match(path.name) and not _in_progress(path):
                _remove(path)
            record = _OUTPUTS.match(path.name)
            if record and int(record.group(1)) not in live:
                _remove(path)
    return target.out


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


# ---- leftovers of killed runs -------------------------------------------------------------------

_WORK = re.compile(r"^adal-(?:work|serve)-(\d+)-")


def _in_progress(path: Path) -> bool:
    match = _STAGING.match(path.name)
    return bool(match) and _alive(int(match.group(1)))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(target: Target) -> None:
    """Remove what killed builds left in Adal's working folder (folders named after a process
    id that no longer runs), and their work folders."""
    for path in target.versions.iterdir():
        match = _STAGING.match(path.name)
        if match and not _alive(int(match.group(1))):
            _remove(path)
    clean_stale_work()


def work_folder(kind: str = "work") -> Path:
    """A private temporary folder named after this process, so a later run can tell it is
    stale once the process is gone."""
    return Path(tempfile.mkdtemp(prefix=f"adal-{kind}-{os.getpid()}-"))


def clean_stale_work() -> None:
    for path in Path(tempfile.gettempdir()).iterdir():
        match = _WORK.match(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _alive(int(match.group(1))):
            _remove(path)


def _remove(path: Path) -> None:
    """Remove a link or file itself, or a real folder with everything in it (links inside are
    removed, never followed)."""
    st = _lstat(path)
    if st is None:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
