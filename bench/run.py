"""Benchmark (not a test): every build-cost target of docs, measured as ratios in one run.

    python bench/run.py [--scale 100] [--quick]

For the bundled (seed) portal, the fictional example (demo, which has findings and PDFs with
content) and a synthetic portal `scale` times the seed (900 directions, each with findings):

- site: the wall time of `check` + build without PDFs (in this process), against a plain
  `mkdocs build` of the same generated Markdown and configs in fresh processes (MkDocs' own
  import included, as for any CLI run). "overhead" is (site − plain) / site: what Adal adds
  to the engine's time.
  "own" is the generator's own time in the main process (check, render, exports), part of
  which runs while the engine builds.
- cli: `adal build --no-pdf` in a fresh process (best of 2), where the documents' libraries
  are imported beside the engine (issue 20); "cli ovh" is (cli − plain) / cli. "warm": the
  same with the check's cache of an earlier run (`.site.cache/`); the others parse every file.
- warm edit: `adal build --no-pdf` in a fresh process after a one-file edit of one
  language (a Kazakh findings text), with the previous site in place (issue 20 §1: the
  outputs that do not read the file are copied from it); `--warm-edit` measures only this,
  against the cold build.
- pdf: the PDFs' wall time after the site is built, against the site time.
- check: `adal check` of each portal, a fresh process (start-up included): parsing every
  file, and unchanged with the cache an earlier check left.
- memory: peak RSS of the synthetic build (`adal build` in a fresh process, its workers
  included).
- years (`--years 10`): the cold build of a portal of 10 analyses (the demo's, each whole)
  against one, and `adal check` for 1, 5 and 10 analyses.
- serve: from writing an edit of one findings file to the served page containing it, with
  `adal serve` on the seed portal and the synthetic one; the open page reloads within 0.25 s
  more (adal-live.js).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.check.problems import Report  # noqa: E402
from generator.check.project import load_project  # noqa: E402
from generator.output import engine, workers  # noqa: E402
from generator.output.build import context_for, render_into  # noqa: E402

TODAY = date(2025, 1, 15)
ENV = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}


def synthetic(target: Path, scale: int) -> Path:
    """The seed's nine directions repeated `scale` times, each with findings, and its items."""
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        "site", ".site.*", ".git", "tests", "bench", "examples", "docs", "*.egg-info",
        "__pycache__"))
    for old in (target / "indicators").glob("*.yaml"):
        old.unlink()
    plan = yaml.safe_load((REPO / "plan.yaml").read_text("utf-8"))
    items, number = [], 0
    sources = sorted((REPO / "indicators").glob("*.yaml"))
    (target / "content" / "findings").mkdir(parents=True, exist_ok=True)
    for copy in range(scale):
        for source in sources:
            number += 1
            data = yaml.safe_load(source.read_text("utf-8"))
            data["number"] = number
            data["title"] = {k: f"{v} ({copy + 1})" for k, v in data["title"].items()}
            ident = f"{source.stem}-{copy + 1}"
            (target / "indicators" / f"{ident}.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True), "utf-8")
            risk = {"assessment": "risk", "likelihood": 3, "impact": 2,
                    "causes": {"kk": "Себебі", "ru": "Причина"},
                    "recommendation": {"kk": "Ұсыным", "ru": "Рекомендация"}}
            findings = [{"indicator": i["number"],
                         **(risk if i["number"] == 1 else {"assessment": "no-risk"})}
                        for i in data["indicators"]]
            front = yaml.safe_dump({"direction": ident, "visibility": "public",
                                    "findings": findings}, allow_unicode=True)
            body = "::: kk\nҚорытынды мәтін.\n:::\n\n::: ru\nИтоговый текст.\n:::\n"
            (target / "content" / "findings" / f"{ident}.md").write_text(
                f"---\n{front}---\n\n{body}", "utf-8")
            items.append({"number": number, "kind": "collect", "direction": ident,
                          "deadline": "2025-01-20", "responsible": ["bayalieva"]})
    items += [{"number": number + 1, "kind": "reference", "responsible": ["taishabarova"]},
              {"number": number + 2, "kind": "agreement", "responsible": ["commission"]}]
    plan["items"] = items
    (target / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), "utf-8")
    return target


def several(target: Path, count: int) -> Path:
    """The demo with `count - 1` earlier analyses beside it (analyses/2015…): each a whole
    copy of the demo's analysis with its period moved, so every analysis weighs the same."""
    demo = REPO / "examples" / "demo"
    shutil.copytree(demo, target, ignore=shutil.ignore_patterns("site", ".git"))
    for year in range(2024 - count + 1, 2024):
        folder = target / "analyses" / str(year)
        folder.mkdir(parents=True)
        for name in ("plan.yaml", "measures.yaml"):
            shutil.copy(demo / name, folder / name)
        for name in ("indicators", "content"):
            shutil.copytree(demo / name, folder / name)
        plan = folder / "plan.yaml"
        plan.write_text(plan.read_text("utf-8").replace("01.01.2024", f"01.01.{year}")
                        .replace("31.12.2024", f"31.12.{year}"), "utf-8")
    return target


def measure_years(tmp: Path, count: int = 10) -> None:
    """Issue 18: a portal of `count` analyses against one: the cold build (site and PDFs, a
    fresh process each) and `adal check` for 1, count/2 and count analyses."""
    def cold(root: Path) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(root),
                        "--out", str(tmp / f"cold-{root.name}"), "--today", "2025-01-15"],
                       env=ENV, check=True, capture_output=True)
        return time.perf_counter() - started

    os.environ["ADAL_CACHE"] = "0"  # every check parses every file, as before issue 20
    sizes = sorted({1, count // 2, count})
    roots = {n: several(tmp / f"years-{n}", n) for n in sizes}
    one, many = cold(roots[1]), cold(roots[count])
    print(f"cold build (site + PDFs), 1 analysis: {one:.2f} s; {count} analyses: {many:.2f} s "
          f"({many / one:.1f}x)")
    checks = {n: measure_check(roots[n]) for n in sizes}
    print("adal check by analyses, fresh process: "
          + ", ".join(f"{n}: {t:.2f} s" for n, t in checks.items())
          + f" (per analysis beyond the first: "
          f"{(checks[count] - checks[1]) / (count - 1):.3f} s)")
    # The check's own work without the interpreter's start-up (which dominates the fresh
    # process above): the median of 5 in-process loads, each a new Report.
    inner = {}
    for n in sizes:
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            assert load_project(roots[n], Report(roots[n]), today=TODAY) is not None
            runs.append(time.perf_counter() - started)
        inner[n] = sorted(runs)[2]
    print("check in process (median of 5): "
          + ", ".join(f"{n}: {t:.3f} s ({t / n:.3f} s each)" for n, t in inner.items()))


def _build(root: Path, pdf: bool) -> tuple[float, dict[str, float], Path]:
    """One build as the CLI does it: workers started first, then check, render, engine."""
    workers.stop()
    out = Path(tempfile.mkdtemp(prefix="adal-bench-out-"))
    work = Path(tempfile.mkdtemp(prefix="adal-bench-work-"))
    started = time.perf_counter()
    workers.start(pdf=pdf)
    report = Report(root)
    project = load_project(root, report)
    assert project is not None, [p.format() for p in report.problems][:5]
    check = time.perf_counter() - started
    phases = render_into(project, context_for(project, TODAY, pdf=pdf), out, work)
    wall = time.perf_counter() - started
    phases["check"] = check
    shutil.rmtree(out, ignore_errors=True)
    return wall, phases, work


def cli_build(root: Path, out: Path, cache: bool, pdf: bool = False) -> float:
    """`adal build` in a fresh process, as a user or CI runs it (issue 20: the documents'
    libraries are imported beside the engine, not in the main process, so only a fresh
    process shows what they cost). `cache`: with the check's cache of an earlier run."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(out.parent / f".{out.name}.builds", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(root),
                    "--out", str(out), "--today", "2025-01-15", *([] if pdf else ["--no-pdf"])],
                   env={**ENV, "ADAL_CACHE": "1" if cache else "0"}, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def measure_site(root: Path, tmp: Path, rounds: int = 2) -> dict[str, float]:
    _build(root, pdf=False)  # warm: compiled templates cached, files in the page cache
    wall, phases, work = _build(root, pdf=False)
    configs = sorted(work.glob("mkdocs.*.yml"))
    workers.stop()
    plains, colds, warms = [], [], []
    cli_build(root, tmp / "cli-site", cache=True)  # fills the check's cache
    for _ in range(rounds):  # taking turns, so a busy moment of the machine hits each
        started = time.perf_counter()  # plain MkDocs: fresh processes, like `mkdocs build`
        engine.build_sites(configs, 0, workers.start())
        plains.append(time.perf_counter() - started)
        workers.stop()
        colds.append(cli_build(root, tmp / "cli-site", cache=False))
        warms.append(cli_build(root, tmp / "cli-site", cache=True))
    shutil.rmtree(work, ignore_errors=True)
    plain, cold, warm = min(plains), min(colds), min(warms)
    own = phases["check"] + phases["generate"] + phases["exports"]
    return {"site": wall, "plain": plain, "overhead": (wall - plain) / wall, "own": own,
            "cli": cold, "cli_overhead": (cold - plain) / cold, "cli_warm": warm,
            "warm_overhead": (warm - plain) / warm}


def measure_warm_edit(root: Path, tmp: Path, rounds: int = 2) -> tuple[float, float]:
    """Issue 20 §1: `adal build --no-pdf` in a fresh process after a one-file edit of one
    language (a findings text in Kazakh), the previous site in place, against the cold build
    of the same portal (no previous site). Returns (cold, warm edit), best of `rounds`."""
    portal = tmp / f"edit-{root.name or 'seed'}"
    shutil.rmtree(portal, ignore_errors=True)
    shutil.copytree(root, portal, ignore=shutil.ignore_patterns(
        "site", ".site.*", ".git", "tests", "bench", "examples", "docs", "*.egg-info",
        "__pycache__"))
    findings = sorted(f for f in (portal / "content" / "findings").glob("*.md")
                      if "::: kk\n" in f.read_text("utf-8")) \
        if (portal / "content" / "findings").is_dir() else []
    if findings:
        target = findings[0]
    else:  # the seed has no findings yet: one, as an author would add it
        target = portal / "content" / "findings" / "other.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("---\ndirection: other\nfindings:\n  - {indicator: 1, assessment: "
                          "no-risk}\n---\n\n::: kk\nМәтін.\n:::\n\n::: ru\nТекст.\n:::\n",
                          "utf-8")
    text = target.read_text("utf-8")
    out = tmp / "edit-site"

    def run(fresh: bool) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(portal),
                        "--out", str(out), "--today", "2025-01-15", "--no-pdf",
                        *(["--fresh"] if fresh else [])], env=ENV, check=True,
                       capture_output=True)
        return time.perf_counter() - started

    colds, warms = [], []
    for n in range(rounds):
        target.write_text(text, "utf-8")
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.parent / f".{out.name}.builds", ignore_errors=True)
        colds.append(run(fresh=True))
        target.write_text(text.replace("::: kk\n", f"::: kk\nӨзгеріс {n}.\n\n", 1), "utf-8")
        warms.append(run(fresh=False))
    return min(colds), min(warms)


def measure_pdf(root: Path) -> dict[str, float]:
    _build(root, pdf=True)
    wall, phases, work = _build(root, pdf=True)
    shutil.rmtree(work, ignore_errors=True)
    workers.stop()
    return {"with_pdf": wall, "pdf": phases["pdf"], "site_part": wall - phases["pdf"]}


def measure_check(root: Path, cache: bool = False) -> float:
    """`adal check` in a fresh process; `cache`: with the cache an earlier check left
    (issue 20), else parsing every file (ADAL_CACHE=0)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(root)],
                   env={**ENV, "ADAL_CACHE": "1" if cache else "0"}, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def measure_memory(root: Path, tmp: Path) -> float:
    """The peak RSS of the largest process of one `adal build` (the main one, the engine's
    workers, the documents' process), read by a parent of its own whose only children are
    that build's processes: this process's own children are every earlier run too."""
    peak = ("import resource, subprocess, sys\n"
            "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", peak, sys.executable, "-m", "generator",
                          "build", "--project", str(root), "--out", str(tmp / "mem-site"),
                          "--no-pdf", "--today", "2025-01-15"],
                         env=ENV, check=True, capture_output=True, text=True).stdout
    return int(out) / 1024


def measure_serve(tmp: Path, rounds: int = 5, source: Path = REPO,
                  name: str = "seed") -> list[float]:
    """Seconds from saving an edit of one findings file (both languages' texts) to the served
    Kazakh page containing it, with `adal serve` on a copy of `source`. Each round starts once
    the previous rebuild (its documents included) has finished."""
    root = tmp / f"serve-{name}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(
        "site", ".site.*", ".git", "tests", "bench", "examples", "docs", "*.egg-info"))
    found = sorted((root / "content" / "findings").glob("*.md")) \
        if (root / "content" / "findings").is_dir() else []
    findings = found[0] if found else root / "content" / "findings" / "other.md"
    if found:  # the front matter kept, the texts replaced
        front = found[0].read_text("utf-8").split("\n---\n", 1)[0] + "\n---\n"
        text = front.replace("{", "{{").replace("}", "}}") + \
            "\n::: kk\nМӘТІН-{n}\n:::\n\n::: ru\nТЕКСТ-{n}\n:::\n"
    else:  # the seed has no findings yet: one, as an author would add it
        findings.parent.mkdir(parents=True, exist_ok=True)
        text = ("---\ndirection: other\nfindings:\n  - {{indicator: 1, assessment: no-risk}}\n"
                "---\n\n::: kk\nМӘТІН-{n}\n:::\n\n::: ru\nТЕКСТ-{n}\n:::\n")
    findings.write_text(text.format(n=0), "utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--lang", "en",
                             "--project", str(root),
                             "--port", str(port), "--today", "2025-01-15"], env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    page = f"/kk/directions/{findings.stem}/"
    url = f"http://127.0.0.1:{port}{page}"
    times = []
    open_page = threading.Event()

    def watching() -> None:
        """What the open page's adal-live.js does: ask for live.json, naming the page."""
        while not open_page.is_set():
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/live.json?page={page}").read()
            open_page.wait(0.25)

    try:
        assert proc.stdout is not None and "serving" in proc.stdout.readline()
        threading.Thread(target=watching, daemon=True).start()
        for n in range(1, rounds + 1):
            time.sleep(0.5)
            started = time.perf_counter()
            findings.write_text(text.format(n=n), "utf-8")
            while f"МӘТІН-{n}" not in urllib.request.urlopen(url).read().decode("utf-8"):
                time.sleep(0.01)
                assert time.perf_counter() - started < 300
            times.append(time.perf_counter() - started)
            proc.stdout.readline()  # "rebuilt": the documents too
    finally:
        open_page.set()
        proc.terminate()
        proc.wait(timeout=30)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="seed and demo only")
    parser.add_argument("--years", type=int, default=0, metavar="N",
                        help="only the portal of N analyses against one (issue 18)")
    parser.add_argument("--warm-edit", action="store_true",
                        help="only the cold build against the rebuild after a one-file edit")
    args = parser.parse_args()
    if args.warm_edit:
        tmp = Path(tempfile.mkdtemp(prefix="adal-bench-"))
        try:
            portals = [("seed", REPO), ("demo", REPO / "examples" / "demo")]
            if not args.quick:
                portals.append((f"synthetic {args.scale}x", synthetic(tmp / "big", args.scale)))
            for name, root in portals:
                cold, warm = measure_warm_edit(root, tmp)
                print(f"{name}: cold {cold:.2f} s, warm edit {warm:.2f} s "
                      f"({warm / cold:.2f}x)", flush=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    if args.years:
        tmp = Path(tempfile.mkdtemp(prefix="adal-bench-"))
        try:
            measure_years(tmp, args.years)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    tmp = Path(tempfile.mkdtemp(prefix="adal-bench-"))
    try:
        portals = [("seed", REPO), ("demo", REPO / "examples" / "demo")]
        if not args.quick:
            portals.append((f"synthetic {args.scale}x", synthetic(tmp / "big", args.scale)))
        print(f"{'portal':<15}{'site s':>8}{'plain s':>9}{'overhead':>10}{'own s':>7}"
              f"{'pdf s':>7}{'pdf/site':>10}{'cli s':>7}{'cli ovh':>9}{'warm s':>8}"
              f"{'warm ovh':>10}{'warm edit':>11}")
        for name, root in portals:
            site = measure_site(root, tmp)
            edit = measure_warm_edit(root, tmp)[1]
            pdf = measure_pdf(root) if name != portals[-1][0] or args.quick else None
            pdf_text = (f"{pdf['pdf']:>7.2f}{pdf['pdf'] / site['site']:>10.2f}" if pdf
                        else f"{'—':>7}{'—':>10}")
            print(f"{name:<15}{site['site']:>8.2f}{site['plain']:>9.2f}"
                  f"{100 * site['overhead']:>9.1f}%{site['own']:>7.2f}{pdf_text}"
                  f"{site['cli']:>7.2f}{100 * site['cli_overhead']:>8.1f}%"
                  f"{site['cli_warm']:>8.2f}{100 * site['warm_overhead']:>9.1f}%"
                  f"{edit:>11.2f}", flush=True)
        for name, root in portals:
            cold = min(measure_check(root) for _ in range(2))
            measure_check(root, cache=True)  # fills the cache
            warm = min(measure_check(root, cache=True) for _ in range(2))
            print(f"adal check, {name}: {cold:.2f} s parsing every file, {warm:.2f} s "
                  f"unchanged with the cache (fresh processes, best of 2)")
        if not args.quick:
            big = portals[-1][1]
            print(f"peak memory, synthetic build: {measure_memory(big, tmp):.0f} MB")
        serving = [("seed", REPO, 7)] + ([] if args.quick else [(portals[-1][0], big, 3)])
        for name, root, rounds in serving:
            serve = measure_serve(tmp, rounds, root, name.split()[0])
            print(f"serve, {name}, edit to served page: " + ", ".join(f"{t:.2f}" for t in serve)
                  + f" s (median {sorted(serve)[len(serve) // 2]:.2f} s; page reload ≤ 0.25 s "
                  "more)", flush=True)
    finally:
        workers.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
