"""The README's two set-up commands, as written, on a fresh copy of the repository and a Python
outside any virtual environment (issue 21, item 1): the first installs Adal and builds the
bundled portal; the second is the one `.ci/run` says it is."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO

README = REPO / "README.md"
CI = REPO / ".ci" / "run"
# The PATH of a fresh Debian machine: no virtual environment, no pyenv, no ~/.local.
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def setup_commands() -> list[str]:
    """The lines of the README's first ```sh block, verbatim (each with its comment)."""
    found = re.search(r"^```sh\n(.*?)^```", README.read_text("utf-8"), re.S | re.M)
    assert found, "README.md has no ```sh block"
    return [line for line in found.group(1).splitlines() if line.strip()]


def _command(line: str) -> str:
    """A line without its trailing shell comment."""
    return re.sub(r"\s+#.*$", "", line).strip()


def _fresh_copy(target: Path) -> Path:
    """The working tree as it is (tracked and new files, without what git ignores)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():  # a file deleted but not yet committed is listed too
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _system_env(home: Path) -> dict[str, str]:
    """A login shell's environment without a virtual environment; pip's own settings (an
    index mirror, a certificate) are kept, as a machine's administrator would set them."""
    keep = {k: v for k, v in os.environ.items() if k.startswith("PIP_")}
    return {**keep, "PATH": SYSTEM_PATH, "HOME": str(home), "LANG": "C.UTF-8",
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME",
                                             str(Path.home() / ".cache"))}


def test_the_first_command_installs_and_builds_on_a_fresh_copy(tmp_path: Path) -> None:
    first = setup_commands()[0]
    copy = _fresh_copy(tmp_path / "adal")
    env = _system_env(tmp_path)
    outside = subprocess.run(["python3", "-c", "import sys; print(sys.prefix == sys.base_prefix,"
                              " sys.version_info >= (3, 11))"], env=env, capture_output=True,
                             text=True, check=False)
    assert outside.stdout.split() == ["True", "True"], \
        "the system's python3 (≥ 3.11, outside any venv) is needed; see .ci/run"
    run = subprocess.run(["bash", "-c", first], cwd=copy, env=env, capture_output=True,
                         text=True, timeout=900, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert (copy / "site" / "index.html").is_file()
    assert (copy / "site" / "kk" / "index.html").is_file()
    assert "externally-managed-environment" not in run.stderr


def test_the_second_command_is_the_one_ci_runs_and_says_what_it_needs() -> None:
    lines = setup_commands()
    assert len(lines) == 2, lines
    second = _command(lines[1])
    named = re.search(r"^# The README's second set-up command: (.+)$", CI.read_text("utf-8"),
                      re.M)
    assert named and named.group(1).strip() == second, (second, named)
    assert subprocess.run(["bash", "-n", str(CI)], check=False).returncode == 0
    # It installs Debian packages: the README says that this needs root (or sudo).
    assert re.search(r"\broot\b", lines[1]) and "sudo" in lines[1], lines[1]
