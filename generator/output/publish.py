"""The site folder: where a build may write, and how a new site replaces the old one.

`--out DIR` is a symlink to a version folder beside it: `.DIR.builds/<version>/`. A build
writes a new version, then switches the symlink with one atomic rename, so a reader of
DIR (a web server, a browser) sees the old site or the new one, never a missing or half
one. Each version carries `.adal-site.json`, the list of the files it wrote, by which a
later build recognises a folder it may replace. Adal never writes into or removes a folder
it did not make.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.messages import t

MANIFEST = ".adal-site.json"
SOURCE_FOLDERS = ("content", "indicators", "site_templates", ".git")


@dataclass(frozen=True)
class Target:
    out: Path  # what the user named: a symlink (or, from older Adal, a folder)
    versions: Path  # .<name>.builds beside it


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
    if out.is_symlink() and not _is_ours(target):
        raise UsageError(t("out_foreign_link", out=out))
    if out.is_dir() and not out.is_symlink() and any(out.iterdir()) \
            and not (out / MANIFEST).is_file():
        raise UsageError(t("out_not_site", out=out))
    if out.exists() and not out.is_dir():
        raise UsageError(t("out_is_file", out=out))
    return target


def _is_ours(target: Target) -> bool:
    link = Path(os.path.abspath(target.out.parent / os.readlink(target.out)))
    return link.parent == target.versions and (link / MANIFEST).is_file()


def staging_for(target: Target) -> Path:
    """A new, empty version folder; stale ones of killed builds are removed first."""
    target.versions.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    return Path(tempfile.mkdtemp(prefix=f"new-{os.getpid()}-", dir=target.versions))


def finish(staging: Path) -> None:
    """Write the manifest and make the version readable by a web server (0755 / 0644)."""
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                   if p.is_file())
    (staging / MANIFEST).write_text(json.dumps({"generator": "adal", "files": files},
                                               ensure_ascii=False, indent=0) + "\n", "utf-8")
    for folder, _dirs, names in os.walk(staging):
        os.chmod(folder, 0o755)
        for name in names:
            os.chmod(os.path.join(folder, name), 0o644)


def switch(target: Target, staging: Path) -> Path:
    """Point `out` at the finished `staging` with one atomic rename, then remove the versions
    before the previous one. Returns the version folder. Concurrent builds of one `out` take
    turns here."""
    with open(lock_path(target), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        version = staging.rename(target.versions / ("v-" + staging.name.split("-", 2)[2]))
        link = target.versions / f"link-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(os.path.relpath(version, target.out.parent))
        previous = (target.out.parent / os.readlink(target.out)).resolve() \
            if target.out.is_symlink() else None
        if target.out.is_dir() and not target.out.is_symlink():
            # A site of an older Adal (a plain folder) is moved aside once; later switches
            # are atomic.
            target.out.rename(target.versions / f"old-{os.getpid()}-{time.time_ns()}")
        os.replace(link, target.out)
        # The previous version stays until the next switch: a reader that followed the link
        # a moment ago is still reading it.
        keep = {version, lock_path(target), previous}
        for old in target.versions.iterdir():
            if old.resolve() not in keep and old not in keep and not _in_progress(old):
                _remove(old)
    return version


def lock_path(target: Target) -> Path:
    return target.versions / ".lock"


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


_STAGING = re.compile(r"^(?:new|link)-(\d+)-?")
_LEGACY = re.compile(r"^\.(?P<name>.+)\.(?:new-[a-z0-9_]{8}|old-\d{10,})$")
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
    """Remove what killed builds left: their version folders (by a process id that no longer
    runs), the staging folders of Adal before versions (`.site.new-…`), and work folders."""
    for path in target.versions.iterdir():
        match = _STAGING.match(path.name)
        if path == lock_path(target):
            continue
        if match and not _alive(int(match.group(1))):
            _remove(path)
    for path in target.out.parent.iterdir():
        legacy = _LEGACY.match(path.name)
        if legacy and legacy.group("name") == target.out.name and path.is_dir():
            _remove(path)
    clean_stale_work()


def work_folder(kind: str = "work") -> Path:
    """A private temporary folder named after this process, so a later run can tell it is
    stale once the process is gone."""
    return Path(tempfile.mkdtemp(prefix=f"adal-{kind}-{os.getpid()}-"))


def clean_stale_work() -> None:
    for path in Path(tempfile.gettempdir()).iterdir():
        match = _WORK.match(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            _remove(path)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)
