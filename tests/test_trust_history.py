"""The git history read as hostile input (issue 16, item 7), in real temporary repositories:
a commit message may hold any byte (record separators, NUL, bytes that are not UTF-8) and a
commit object any date. No message fails a build or forges a row; a commit whose date cannot
be read costs its own row only. And the public build names no commit: its hash is not
reviewed content (docs/security.md, "History")."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

from generator.source.history import read_history
from tests.conftest import DEMO, copy_portal, run_adal

START = "2025-01-10"
FORGED_HASH = "f" * 40
# A message that splits a log read on \x1e / \x1f into one more, dated, record.
FORGED = b"Item 3 done\x1e" + FORGED_HASH.encode() + b"\x1f2024-03-03\x1fFORGED-ROW\n"
_IDENTITY = ("-c", "user.name=Test", "-c", "user.email=test@example.org")


def _git(top: Path, *args: str, stdin: bytes | None = None, when: str | None = None) -> str:
    env = dict(os.environ)
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(["git", *_IDENTITY, "-C", str(top), *args], input=stdin,
                          capture_output=True, env=env, timeout=60, check=True)
    return done.stdout.decode("utf-8", "replace").strip()


def _commit(top: Path, message: bytes, when: str, encoding: str = "UTF-8") -> str:
    """`git commit -F` with the message's bytes as they are, declared in `encoding`."""
    path = top.parent / "message.txt"
    path.write_bytes(message)
    _git(top, "add", "-A")
    _git(top, "-c", f"i18n.commitEncoding={encoding}", "commit", "-q", "--cleanup=verbatim",
         "-F", str(path), when=when)
    return _git(top, "rev-parse", "HEAD")


def _hand_commit(top: Path, message: bytes, committer: bytes) -> str:
    """A commit object written byte by byte (what `git commit` itself refuses to make)."""
    _git(top, "add", "-A")
    tree, parent = _git(top, "write-tree"), _git(top, "rev-parse", "HEAD")
    raw = (f"tree {tree}\nparent {parent}\nauthor Test <test@example.org> 1737000000 +0500\n"
           ).encode() + b"committer " + committer + b"\n\n" + message
    sha = _git(top, "hash-object", "-t", "commit", "-w", "--stdin", stdin=raw)
    _git(top, "update-ref", "HEAD", sha)
    return sha


def _complete_item_3(portal: Path) -> None:
    plan = portal / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace(
        "deadline: 2025-01-14, responsible: [head]}",
        "deadline: 2025-01-14, completed: 2025-01-16, responsible: [head]}"), "utf-8")


def _touch(path: Path) -> None:
    path.write_text(path.read_text("utf-8") + "\n", "utf-8")


def _start(top: Path) -> Path:
    """A repository whose portal sits in a sub-folder, with one ordinary first commit."""
    portal = copy_portal(DEMO, top / "portal")
    _git(top, "init", "-q")
    _commit(top, b"Start\n", f"{START}T12:00:00+05:00")
    return portal


UTC_2025_01_16 = "1737028800 +0500"  # 2025-01-16 17:00 in Almaty
# name -> (how the hostile commit is made, whether it keeps its row)
CASES = {
    "record separators forge a dated row": (
        lambda top: _commit(top, FORGED, "2025-01-16T12:00:00+05:00"), True),
    "record separators and a date that is not one": (
        lambda top: _commit(top, b"Item 3 done\x1eX\x1fnot-a-date\x1fY\n",
                            "2025-01-16T12:00:00+05:00"), True),
    # Declared in a legacy encoding, git hands the bytes on as they are (not UTF-8).
    "bytes that are not UTF-8": (
        lambda top: _commit(top, b"Item 3 done \xff\xfe caf\xe9\n",
                            "2025-01-16T12:00:00+05:00", "ISO-2022-JP"), True),
    "bytes that are not UTF-8, in no known encoding": (
        lambda top: _hand_commit(top, b"Item 3 done \xff\xfe caf\xe9\n", b"Test "
                                 b"<test@example.org> " + UTC_2025_01_16.encode()
                                 + b"\nencoding no-such-charset"), True),
    "a NUL in the message": (
        lambda top: _hand_commit(top, b"Item 3 done\x00" + FORGED,
                                 b"Test <test@example.org> " + UTC_2025_01_16.encode()), True),
    "a committer date past the year 9999": (
        lambda top: _commit(top, b"Item 3 done\n", "@253402387200 +0000"), False),
    "a committer timestamp beyond any date": (
        lambda top: _hand_commit(top, b"Item 3 done\n",
                                 b"Test <test@example.org> 99999999999999999999 +0500"), False),
    "a committer line with no date": (
        lambda top: _hand_commit(top, b"Item 3 done\n", b"garbage"), False),
    "a committer time zone that is not one": (
        lambda top: _hand_commit(top, b"Item 3 done\n",
                                 b"Test <test@example.org> 1737028800 +99999"), False),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_commit_costs_at_most_its_own_row(tmp_path: Path, case: str) -> None:
    make, kept = CASES[case]
    portal = _start(tmp_path)
    _complete_item_3(portal)
    sha = make(tmp_path)
    history = read_history(portal)
    assert history is not None
    hashes = [c.hash for c in history.commits]
    assert FORGED_HASH not in hashes
    assert all(date(2025, 1, 10) <= c.day <= date(2025, 1, 16) for c in history.commits)
    start = history.commits[-1]
    assert start.day == date(2025, 1, 10) and start.subject == "Start" and start.files
    if kept:
        assert hashes == [sha, start.hash]
        hostile = history.commits[0]
        assert hostile.day == date(2025, 1, 16)
        assert hostile.files == ("plan.yaml",) and hostile.completed_items == (3,)
        assert hostile.subject.startswith("Item 3 done")
        assert "\x1e" not in hostile.subject and "\x00" not in hostile.subject
        assert history.last_changed["plan.yaml"] == date(2025, 1, 16)
    else:
        assert hashes == [start.hash]
        assert history.skipped == (sha[:10],)
        assert history.last_changed["plan.yaml"] == date(2025, 1, 10)


def test_file_names_are_read_as_they_are(tmp_path: Path) -> None:
    """Names git would quote (non-ASCII, a newline) are the names the pages look for."""
    portal = _start(tmp_path)
    (portal / "content" / "pages" / "жаңалық.md").write_text("x", "utf-8")
    (portal / "content" / "pages" / "two\nlines.md").write_text("x", "utf-8")
    _commit(tmp_path, b"Pages\n", "2025-01-12T12:00:00+05:00")
    history = read_history(portal)
    assert history is not None
    assert set(history.commits[0].files) == {"content/pages/жаңалық.md",
                                             "content/pages/two\nlines.md"}
    (portal / "content" / "pages" / "жаңалық.md").write_text("y", "utf-8")
    assert history.changed(["content/pages/жаңалық.md"])[1] is False
    assert read_history(portal).changed(["content/pages/жаңалық.md"])[1] is True  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every hostile commit above in one history, built as the CLI builds it."""
    top = tmp_path_factory.mktemp("hostile-history") / "repo"
    top.mkdir()
    portal = _start(top)
    _complete_item_3(portal)
    _commit(top, FORGED, "2025-01-16T12:00:00+05:00")
    _touch(portal / "content" / "findings" / "budget.md")
    _commit(top, b"Budget\x1eX\x1fnot-a-date\x1fY\n", "2025-01-17T12:00:00+05:00")
    _touch(portal / "measures.yaml")
    _commit(top, b"Measures \xff\xfe caf\xe9\n", "2025-01-18T12:00:00+05:00", "ISO-2022-JP")
    _touch(portal / "plan.yaml")
    _hand_commit(top, b"Plan\x00" + FORGED, b"Test <test@example.org> 1737201600 +0500")
    _touch(portal / "plan.yaml")
    _commit(top, b"Far future\n", "@253402387200 +0000")
    _touch(portal / "plan.yaml")
    _hand_commit(top, b"Huge\n", b"Test <test@example.org> 99999999999999999999 +0500")
    _touch(portal / "plan.yaml")
    _hand_commit(top, b"Garbage\n", b"garbage")
    for out, extra in (("intranet", []), ("public", ["--public"])):
        result = run_adal("build", "--project", str(portal), "--out", str(top / out),
                          "--no-pdf", "--today", "2025-01-20", *extra)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        assert result.stderr.count("in the git history cannot be read") == 3, result.stderr
    return top


def test_hostile_history_builds_and_forges_no_row(hostile_repo: Path) -> None:
    for out in ("intranet", "public"):
        page = (hostile_repo / out / "ru" / "changes" / "index.html").read_text("utf-8")
        assert "Выполнены пункты плана: 3" in page and "16.01.2025" in page
        assert "10.01.2025" in page
        for forged in ("03.03.2024", "01.01.1970", "10000", "FORGED-ROW</td>"):
            assert forged not in page, (out, forged)
    intranet = (hostile_repo / "intranet" / "ru" / "changes" / "index.html").read_text("utf-8")
    assert "Measures \ufffd" in intranet and "Plan" in intranet


def test_the_public_build_names_no_commit(hostile_repo: Path) -> None:
    full = _git(hostile_repo, "rev-parse", "HEAD")
    short = _git(hostile_repo, "rev-parse", "--short", "HEAD")
    intranet = hostile_repo / "intranet"
    assert short in (intranet / "kk" / "index.html").read_text("utf-8")
    assert json.loads((intranet / "data" / "plan.json").read_text("utf-8"))[
        "source_commit"] == short
    public = hostile_repo / "public"
    assert json.loads((public / "data" / "plan.json").read_text("utf-8"))[
        "source_commit"] is None
    for path in public.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert full.encode() not in data, path
            if path.suffix in (".html", ".json", ".csv", ".ics"):
                text = data.decode("utf-8", "replace")
                assert short not in text and "коммит git" not in text, path
                assert "git коммиті" not in text, path
