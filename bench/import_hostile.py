"""Benchmark (not a test): `adal import` on the hostile Word files of issue 16, time and memory.

    python bench/import_hostile.py [--code DIR] [--timeout 600]

Builds the documents of tests/test_import_hostile.py in a temporary folder (the seed plan, 95
MiB and 9 MiB of empty paragraphs, a 600 MiB image beside a plan, cells merged down 1,200 and
4,800 rows, one indicator of 200 and 800 parts joined by «; ») and runs `adal import` on each
in a fresh process, one at a time, printing its wall time, peak resident memory and exit
code. `--code DIR` runs another checkout's code on the same files (say an older commit,
unpacked with `git archive <commit> | tar -x -C DIR`), for a before-and-after comparison.
Doubling a case's size should about double its time: the import is linear.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _build(folder: Path) -> list[tuple[str, Path]]:
    """The documents (in a process of its own: this one stays small, see _measure)."""
    sys.path.insert(0, str(REPO))
    from tests.plan_docx import seed_docx
    from tests.test_import_hostile import (
        empty_paragraphs,
        joined_indicator,
        large_media,
        merged_down,
    )

    def sub(name: str) -> Path:
        (folder / name).mkdir()
        return folder / name

    return [
        ("seed plan", seed_docx(sub("seed"))),
        ("95 MiB of empty paragraphs", empty_paragraphs(folder / "empty95.docx", 95)),
        ("9 MiB of empty paragraphs", empty_paragraphs(folder / "empty9.docx", 9)),
        ("600 MiB image beside a plan", large_media(sub("media"))),
        ("cells merged down 1,200 rows", merged_down(folder / "merged1200.docx", 1200)),
        ("cells merged down 4,800 rows", merged_down(folder / "merged4800.docx", 4800)),
        ("one indicator of 200 parts", joined_indicator(folder / "joined200.docx", 200)[0]),
        ("one indicator of 800 parts", joined_indicator(folder / "joined800.docx", 800)[0]),
    ]


def _measure(code: Path, document: Path, target: Path, timeout: float) -> str:
    """One import in a fresh process. Linux counts the memory of the process that started it
    in the child's peak (as it was when the child began), so this process imports nothing
    large and builds the documents in another."""
    env = {**os.environ, "PYTHONPATH": str(code), "ADAL_LANG": "en"}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = os.posix_spawn(sys.executable, [  # -P: the code from PYTHONPATH, not the cwd
            sys.executable, "-P", "-m", "generator", "import", str(document), "--into",
            str(target)], env, file_actions=[
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        timer = threading.Timer(timeout, os.kill, (pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - start
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").splitlines()
    code_ = os.waitstatus_to_exitcode(status)
    exit_text = "killed" if code_ < 0 else str(code_)
    message = next((line for line in lines if "warning" not in line), "")[:70]
    return f"{seconds:6.1f} s  {usage.ru_maxrss / 1024:6.0f} MB  exit {exit_text:6}  {message}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=REPO, help="the checkout whose code runs")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        for name, document in _build(args.build):
            print(f"{name}\t{document}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built = subprocess.run([sys.executable, __file__, "--build", tmp], check=True,
                               capture_output=True, text=True).stdout
        for n, line in enumerate(built.splitlines()):
            name, document = line.split("\t")
            result = _measure(args.code.resolve(), Path(document), folder / f"portal-{n}",
                              args.timeout)
            size = Path(document).stat().st_size / 1024
            print(f"{name:30} {size:6.0f} KB  {result}", flush=True)


if __name__ == "__main__":
    main()
