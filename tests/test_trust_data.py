"""Nothing is lost: `adal build --out` refuses folders it did not make, leaves nothing behind,
writes a site a web server can read, and swaps it in atomically (issue 7, part 1)."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.output import publish
from generator.output.build import build
from tests.conftest import DEMO, REPO, TODAY, copy_portal, project_of, run_adal


def tree_digest(root: Path) -> dict[str, str]:
    digest = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            digest[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            digest[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            digest[rel] = "dir"
    return digest


@pytest.fixture()
def portal(tmp_path: Path) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_out_dot_in_a_portal_is_refused_and_nothing_changes(portal: Path) -> None:
    before = tree_digest(portal)
    result = run_adal("build", "--out", ".", "--no-pdf", cwd=portal)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "--out" in result.stderr
    assert tree_digest(portal) == before


@pytest.mark.parametrize("where", ["parent", "home", "root", "foreign", "source"])
def test_out_refuses_folders_adal_did_not_make(portal: Path, tmp_path: Path, where: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "holiday.jpg").write_bytes(b"\xff\xd8 not really")
    out = {"parent": tmp_path, "home": home, "root": Path("/"), "foreign": foreign,
           "source": portal / "content"}[where]
    before = tree_digest(foreign)
    result = run_adal("build", "--project", str(portal), "--out", str(out), "--no-pdf",
                      env={"HOME": str(home)})
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(foreign) == before
    assert not (portal / "content" / "kk").exists()


def test_an_adal_site_is_recognised_and_rebuilt(portal: Path, tmp_path: Path) -> None:
    out = tmp_path / "public-site"
    for _ in range(2):
        result = run_adal("build", "--project", str(portal), "--out", str(out), "--no-pdf",
                          "--public")
        assert result.returncode == 0, result.stderr
    manifest = out / ".adal-site.json"
    assert manifest.is_file() and '"kk/index.html"' in manifest.read_text("utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_adal("build", "--project", str(portal), "--out", str(empty), "--no-pdf"
                    ).returncode == 0


def test_stale_leftovers_of_a_killed_build_are_cleaned(portal: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project_of(portal), TODAY, out=out, pdf=False)
    dead = 2 ** 22 + 12345  # above the default pid_max: no such process
    versions = tmp_path / ".site.builds"
    stale_staging = versions / f"new-{dead}-abc123"
    stale_staging.mkdir()
    # A folder beside the site that merely has a name Adal once used is not Adal's to remove.
    legacy = tmp_path / ".site.new-k3j4h5g6"
    legacy.mkdir()
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"adal-work-{dead}-xyz"
    work.mkdir(exist_ok=True)
    build(project_of(portal), TODAY, out=out, pdf=False)
    assert not stale_staging.exists() and legacy.exists() and not work.exists()
    kept = sorted(p.name for p in versions.iterdir() if not p.name.startswith("."))
    assert kept == ["previous"], kept  # the site before the one in `out`


def test_the_site_is_readable_by_a_web_server(portal: Path, tmp_path: Path) -> None:
    out = build(project_of(portal), TODAY, out=tmp_path / "site", pdf=False)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [out, *out.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
    assert modes == {0o644}


def hammer(out: Path, swap, rounds: int = 300, until_miss: bool = False) -> list[str]:  # noqa: ANN001
    """Swap sites `rounds` times while another thread reads `out` as a web server would
    (`until_miss`: stop at the first miss)."""
    misses: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                if (out / "kk" / "index.html").read_text("utf-8") not in ("old", "new"):
                    misses.append("half")
            except OSError as exc:
                misses.append(str(exc))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(rounds):
            swap(i)
            if until_miss and misses:
                break
    finally:
        stop.set()
        reader.join()
    return misses


def make_site(folder: Path, text: str) -> Path:
    (folder / "kk").mkdir(parents=True, exist_ok=True)
    (folder / "kk" / "index.html").write_text(text, "utf-8")
    return folder


def test_a_reader_never_sees_a_missing_or_half_site(portal: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    target = publish.target_for(out, portal)

    def swap(i: int) -> None:
        staging = make_site(publish.staging_for(target), "new" if i % 2 else "old")
        publish.finish(staging)
        publish.switch(target, staging)

    swap(0)
    assert hammer(out, swap) == []
    # The site in `out` and, beside it, the one before it (readers may still be in it).
    assert [p.name for p in target.versions.iterdir() if not p.name.startswith(".")] == \
        ["previous"]


def test_the_hammer_catches_a_two_rename_swap(tmp_path: Path) -> None:
    """The reader above can fail: the swap Adal had before (two renames) is caught."""
    out = make_site(tmp_path / "site", "old")

    def two_renames(i: int) -> None:
        staging = make_site(tmp_path / f"staging-{i}", "new")
        out.rename(tmp_path / f"old-{i}")
        staging.rename(out)

    assert hammer(out, two_renames, rounds=20_000, until_miss=True) != []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_cleans_up_on_sigterm(portal: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--project",
                             str(portal), "--port", str(port), "--today", "2025-01-15"],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob("adal-serve-*/site/kk/index.html")):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert not list(tmp_path.glob("adal-serve-*")), "serve left its folder behind"
    assert not list(tmp_path.glob("adal-work-*"))


@pytest.mark.parametrize("port", ["busy", "70000", "-1", "http"])
def test_a_busy_or_bad_port_is_a_usage_error(portal: Path, port: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        number = str(taken.getsockname()[1]) if port == "busy" else port
        result = run_adal("serve", "--project", str(portal), "--port", number)
    assert result.returncode == 2, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
