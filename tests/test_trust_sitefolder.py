"""Nothing is lost, round 2 (issue 16, items 1-4): the builds folder beside a site is only ever
one Adal made (never a link, a committed folder or a lock that points elsewhere), `--out` never
deletes what Adal did not write, the site folder is a real folder that copies whole while the
switch stays atomic, and CI publishes only what its own build wrote."""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from generator.errors import UsageError
from generator.output import publish
from generator.output.build import build
from tests.conftest import DEMO, REPO, TODAY, copy_portal, project_of, run_adal


def digest(root: Path) -> dict[str, str]:
    """Everything under `root` (and `root` itself), links read as links, never followed."""
    found = {".": "link:" + os.readlink(root) if root.is_symlink() else "dir"}
    if root.is_symlink():
        return found
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[rel] = "dir"
    return found


def refused(result: subprocess.CompletedProcess[str], *names: str) -> None:
    """A usage error: exit 2, one line, naming each of `names`, no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    for name in names:
        assert name in lines[0], (name, lines[0])


@pytest.fixture()
def portal(tmp_path: Path) -> Path:
    return copy_portal(DEMO, tmp_path / "portal")


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim"
    (victim / "v-old").mkdir(parents=True)
    (victim / "thesis.docx").write_bytes(b"years of work")
    (victim / "v-old" / "notes.txt").write_text("keep me", "utf-8")
    return victim


# ---- 1. the builds folder is Adal's own, or nothing is done -------------------------------------

@pytest.mark.parametrize("name", ["site", "public-site"])
def test_a_builds_link_in_the_portal_is_refused(portal: Path, tmp_path: Path, name: str) -> None:
    victim = _victim(tmp_path)
    (portal / f".{name}.builds").symlink_to(victim)
    before = digest(victim)
    out = [] if name == "site" else ["--out", name]
    refused(run_adal("build", "--no-pdf", *out, cwd=portal), f".{name}.builds")
    assert digest(victim) == before
    assert not os.path.lexists(portal / name)


def test_a_committed_builds_folder_is_not_taken_for_adals(portal: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.txt"
    ledger.write_text("balance: 1 000 000", "utf-8")
    builds = portal / ".site.builds"
    (builds / "previous").mkdir(parents=True)
    (builds / "previous" / "notes.txt").write_text("committed", "utf-8")
    (builds / ".adal-builds-1").write_text("", "utf-8")  # a marker copied from elsewhere
    (builds / ".lock").symlink_to(ledger)
    before = digest(builds)
    refused(run_adal("build", "--no-pdf", cwd=portal), ".site.builds")
    assert digest(builds) == before
    assert ledger.read_text("utf-8") == "balance: 1 000 000"


def test_a_lock_link_is_refused_and_what_it_points_at_is_kept(portal: Path,
                                                              tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.txt"
    ledger.write_text("balance: 1 000 000", "utf-8")
    assert run_adal("build", "--no-pdf", cwd=portal).returncode == 0
    site = digest(portal / "site")
    lock = portal / ".site.builds" / ".lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(ledger)
    refused(run_adal("build", "--no-pdf", cwd=portal), ".lock")
    assert ledger.read_text("utf-8") == "balance: 1 000 000"
    assert digest(portal / "site") == site


@pytest.mark.parametrize("where", ["plan.yaml/site", "/proc/self/site"])
def test_an_out_where_no_folder_can_be_made_is_a_usage_error(portal: Path, where: str) -> None:
    refused(run_adal("build", "--no-pdf", "--out", where, cwd=portal), where)


# ---- 2. --out into a folder that holds more than Adal's site ------------------------------------

def test_a_web_folder_with_other_files_is_refused_and_kept(portal: Path, tmp_path: Path) -> None:
    built = tmp_path / "public-site"
    assert run_adal("build", "--project", str(portal), "--public", "--no-pdf", "--out",
                    str(built)).returncode == 0
    web = tmp_path / "www"
    web.mkdir()
    subprocess.run(["cp", "-a", f"{built}/.", str(web)], check=True)  # as the README says
    (web / "robots.txt").write_text("User-agent: *\n", "utf-8")
    (web / ".well-known").mkdir()
    (web / ".well-known" / "security.txt").write_text("Contact: x", "utf-8")
    (web / "otherapp").mkdir()
    (web / "otherapp" / "index.html").write_text("another application", "utf-8")
    (web / "kk" / "extra.html").write_text("added by hand", "utf-8")
    before = digest(web)
    result = run_adal("build", "--project", str(portal), "--public", "--no-pdf", "--out",
                      str(web))
    refused(result, "robots.txt", ".well-known", "otherapp", "kk/extra.html")
    assert digest(web) == before


def test_a_web_folder_holding_only_adals_site_is_rebuilt_in_place(portal: Path,
                                                                  tmp_path: Path) -> None:
    built = tmp_path / "public-site"
    assert run_adal("build", "--project", str(portal), "--public", "--no-pdf", "--out",
                    str(built)).returncode == 0
    web = tmp_path / "www"
    web.mkdir()
    subprocess.run(["cp", "-a", f"{built}/.", str(web)], check=True)
    result = run_adal("build", "--project", str(portal), "--public", "--no-pdf", "--out",
                      str(web))
    assert result.returncode == 0, result.stderr
    assert web.is_dir() and not web.is_symlink() and (web / "kk" / "index.html").is_file()


def test_foreign_entries_are_listed_up_to_ten(portal: Path, tmp_path: Path) -> None:
    out = tmp_path / "www"
    out.mkdir()
    (out / publish.MANIFEST).write_text('{"generator": "adal", "files": []}', "utf-8")
    for i in range(13):
        (out / f"app-{i:02}.txt").write_text("x", "utf-8")
    with pytest.raises(UsageError) as caught:
        publish.target_for(out, portal)
    message = str(caught.value)
    assert "\n" not in message
    assert sum(f"app-{i:02}.txt" in message for i in range(13)) == 10 and "3" in message


def test_the_manifest_lists_exactly_what_adal_wrote(portal: Path, tmp_path: Path) -> None:
    out = build(project_of(portal), TODAY, out=tmp_path / "site", pdf=False)
    manifest = json.loads((out / publish.MANIFEST).read_text("utf-8"))
    files, folders = set(), set()
    for folder, dirs, names in os.walk(out):
        rel = Path(folder).relative_to(out)
        folders |= {(rel / d).as_posix() for d in dirs}
        files |= {(rel / n).as_posix() for n in names}
    assert set(manifest["files"]) == files - {publish.MANIFEST}
    assert set(manifest["folders"]) == folders


# ---- 3. a real folder that copies whole; the switch stays atomic --------------------------------

@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built twice into one folder (the second build replaces the first)."""
    tmp = tmp_path_factory.mktemp("rebuilt")
    project = project_of(copy_portal(DEMO, tmp / "portal"))
    build(project, TODAY, out=tmp / "site", pdf=False)
    return build(project, TODAY, out=tmp / "site", pdf=False)


def _copied_whole(copy: Path) -> None:
    assert copy.is_dir() and not copy.is_symlink()
    assert (copy / "index.html").is_file() and (copy / "kk" / "index.html").is_file()
    assert not [p for p in copy.rglob("*") if p.is_symlink()]


@pytest.mark.parametrize("tool", ["cp -r", "cp -a", "tar", "rsync -a"])
def test_the_site_folder_copies_as_a_folder(rebuilt: Path, tmp_path: Path, tool: str) -> None:
    assert rebuilt.is_dir() and not rebuilt.is_symlink()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if tool == "tar":
        archive = tmp_path / "s.tgz"
        subprocess.run(["tar", "czf", str(archive), "-C", str(rebuilt.parent), rebuilt.name],
                       check=True)
        subprocess.run(["tar", "xzf", str(archive), "-C", str(elsewhere)], check=True)
    elif tool == "rsync -a":
        assert shutil.which("rsync"), "rsync is needed (.ci/run installs it)"
        subprocess.run(["rsync", "-a", str(rebuilt), f"{elsewhere}/"], check=True)
    else:
        subprocess.run([*tool.split(), str(rebuilt), str(elsewhere / rebuilt.name)], check=True)
    _copied_whole(elsewhere / rebuilt.name)


def test_the_offline_message_says_the_folder_copies_whole_and_it_does(portal: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "site-offline"
    for _ in range(2):
        result = run_adal("build", "--project", str(portal), "--offline", "--no-pdf", "--out",
                          str(out), "--lang", "en")
        assert result.returncode == 0, result.stderr
    assert "copied whole" in result.stdout
    (tmp_path / "usb").mkdir()
    subprocess.run(["cp", "-r", str(out), str(tmp_path / "usb" / "site")], check=True)
    _copied_whole(tmp_path / "usb" / "site")


def _legacy_version(builds: Path, name: str, text: str) -> Path:
    """A version folder as the previous Adal wrote it (manifest without folders)."""
    version = builds / name
    (version / "kk").mkdir(parents=True)
    (version / "index.html").write_text(text, "utf-8")
    (version / "kk" / "index.html").write_text(text, "utf-8")
    (version / publish.MANIFEST).write_text(json.dumps(
        {"generator": "adal", "files": ["index.html", "kk/index.html"]}), "utf-8")
    return version


def test_a_site_of_the_previous_adal_is_migrated_without_loss(portal: Path,
                                                              tmp_path: Path) -> None:
    """The previous Adal left `site -> .site.builds/v-…` (a link), the version before it and
    its lock; the next build makes `site` a real folder and keeps the version that was live."""
    builds = tmp_path / ".site.builds"
    builds.mkdir()
    _legacy_version(builds, "v-12300-aaaa1111", "site-before-the-live-one")
    _legacy_version(builds, "v-12345-bbbb2222", "the-live-site")
    (builds / ".lock").write_text("", "utf-8")
    site = tmp_path / "site"
    site.symlink_to(".site.builds/v-12345-bbbb2222")
    build(project_of(portal), TODAY, out=site, pdf=False)
    assert site.is_dir() and not site.is_symlink()
    assert "the-live-site" not in (site / "kk" / "index.html").read_text("utf-8")
    assert (builds / "previous" / "kk" / "index.html").read_text("utf-8") == "the-live-site"
    assert not [p for p in tmp_path.rglob("*") if p.is_symlink()]
    assert sorted(p.name for p in builds.iterdir() if not p.name.startswith(".")) == ["previous"]


def test_a_plain_folder_site_of_an_older_adal_is_taken_over(portal: Path,
                                                             tmp_path: Path) -> None:
    site = _legacy_version(tmp_path, "site", "plain")
    build(project_of(portal), TODAY, out=site, pdf=False)
    assert site.is_dir() and not site.is_symlink()
    assert (tmp_path / ".site.builds" / "previous" / "kk" / "index.html").read_text() == "plain"


def _fake_site(folder: Path, text: str) -> Path:
    (folder / "kk").mkdir(parents=True, exist_ok=True)
    (folder / "kk" / "index.html").write_text(text, "utf-8")
    return folder


def test_concurrent_switches_take_turns_and_a_reader_never_misses(portal: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "site"
    target = publish.target_for(out, portal)
    errors: list[BaseException] = []
    misses: list[str] = []
    stop = threading.Event()

    def swapper(text: str) -> None:
        try:
            for _ in range(60):
                staging = _fake_site(publish.staging_for(target), text)
                publish.finish(staging)
                publish.switch(target, staging)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    def reader() -> None:
        while not stop.is_set():
            try:
                if (out / "kk" / "index.html").read_text("utf-8") not in ("old", "new"):
                    misses.append("half")
            except OSError as exc:
                misses.append(str(exc))

    swapper("old")
    threads = [threading.Thread(target=swapper, args=(text,)) for text in ("old", "new")]
    read = threading.Thread(target=reader)
    read.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    read.join()
    assert errors == [] and misses == []
    assert out.is_dir() and not out.is_symlink()
    assert sorted(p.name for p in target.versions.iterdir()
                  if not p.name.startswith(".")) == ["previous"]


def test_on_linux_the_switch_is_one_exchange(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux's")
    a, b = _fake_site(tmp_path / "a", "a"), _fake_site(tmp_path / "b", "b")
    assert publish.exchange(a, b)
    assert (a / "kk" / "index.html").read_text() == "b"
    assert (b / "kk" / "index.html").read_text() == "a"


def test_without_the_exchange_call_the_switch_still_gives_a_real_folder(
        portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where renameat2 is missing (another system, a file system without it), two renames."""
    monkeypatch.setattr(publish, "_RENAMEAT2", None)
    out = tmp_path / "site"
    target = publish.target_for(out, portal)
    for text in ("old", "new"):
        staging = _fake_site(publish.staging_for(target), text)
        publish.finish(staging)
        publish.switch(target, staging)
    assert out.is_dir() and not out.is_symlink()
    assert (out / "kk" / "index.html").read_text() == "new"
    assert (target.versions / "previous" / "kk" / "index.html").read_text() == "old"
    assert sorted(p.name for p in target.versions.iterdir()
                  if not p.name.startswith(".")) == ["previous"]


def test_the_site_folder_is_readable_by_a_web_server(rebuilt: Path) -> None:
    for path in [rebuilt, *rebuilt.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        assert mode == (0o755 if path.is_dir() else 0o644), path


# ---- 4. CI publishes only what its build wrote; check names what would shadow it ---------------

def _ci(tmp_path: Path) -> tuple[str, dict, dict]:
    new = tmp_path / "new"
    assert run_adal("init", str(new)).returncode == 0
    github = (new / ".github" / "workflows" / "publish.yml").read_text("utf-8")
    gitlab = (new / ".gitlab-ci.yml").read_text("utf-8")
    return github + gitlab, yaml.safe_load(github), yaml.safe_load(gitlab)


def _run_ci_build(gitlab: dict, portal: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """The GitLab build job's script, in one shell as GitLab runs it, with this checkout's adal."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "adal"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m generator "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(REPO)}
    script = "set -e\n" + "\n".join(gitlab["build"]["script"])
    return subprocess.run(["bash", "-c", script], cwd=portal, env=env, text=True,
                          capture_output=True, timeout=600, check=False)


@pytest.mark.parametrize("committed", ["link", "folder"])
def test_a_committed_public_does_not_decide_what_ci_publishes(tmp_path: Path,
                                                              committed: str) -> None:
    text, _, gitlab = _ci(tmp_path)
    assert "cp -rL" not in text and "cp -L" not in text
    portal = copy_portal(DEMO, tmp_path / "portal")
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "index.html").write_text("<script>steal()</script>", "utf-8")
    if committed == "link":
        (portal / "public").symlink_to(evil)
    else:
        shutil.copytree(evil, portal / "public")
    before = digest(evil)
    result = _run_ci_build(gitlab, portal, tmp_path)
    assert digest(evil) == before
    published = portal / "public" / "index.html"
    assert result.returncode != 0 or "steal()" not in published.read_text("utf-8"), result.stderr
    assert "public" in result.stdout + result.stderr


def test_the_ci_build_publishes_real_folders_of_this_build(tmp_path: Path) -> None:
    _, github, gitlab = _ci(tmp_path)
    steps = github["jobs"]["build"]["steps"]
    runs = [s["run"] for s in steps if "run" in s and "pip install" not in s["run"]]
    assert runs == ["adal check --strict", "\n".join(gitlab["build"]["script"]) + "\n"]
    portal = copy_portal(DEMO, tmp_path / "portal")
    result = _run_ci_build(gitlab, portal, tmp_path)
    assert result.returncode == 0, result.stderr
    for name in ("public", "intranet"):
        _copied_whole(portal / name)
    assert not list(portal.glob(".*.builds")) and not (portal / "public-site").exists()
    assert (portal / "public" / "data" / "plan.json").read_text("utf-8") != \
        (portal / "intranet" / "data" / "plan.json").read_text("utf-8")


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True)


def test_check_warns_about_committed_files_that_would_shadow_a_build(portal: Path,
                                                                     tmp_path: Path) -> None:
    _git(portal, "init", "-q")
    (portal / "public").mkdir()
    (portal / "public" / "index.html").write_text("<p>old</p>", "utf-8")
    (portal / ".site.builds").symlink_to(tmp_path)
    (portal / "site-offline").write_text("a file", "utf-8")
    _git(portal, "add", "-A")
    _git(portal, "commit", "-q", "-m", "shadows")
    (portal / "public-site").mkdir()  # a build folder made here, not committed: no warning
    result = run_adal("check", "--project", str(portal))
    assert result.returncode == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "warning" in line]
    for name in ("public", ".site.builds", "site-offline"):
        assert any(line.startswith(f"{name}:") for line in warned), (name, result.stderr)
    assert not any(line.startswith("public-site") for line in warned), result.stderr
    assert run_adal("check", "--strict", "--project", str(portal)).returncode == 1


def test_check_is_quiet_about_a_clean_portal(portal: Path) -> None:
    _git(portal, "init", "-q")
    _git(portal, "add", "-A")
    _git(portal, "commit", "-q", "-m", "clean")
    assert run_adal("build", "--no-pdf", cwd=portal).returncode == 0
    result = run_adal("check", "--project", str(portal))
    assert "site" not in result.stderr.replace("site_templates", ""), result.stderr
