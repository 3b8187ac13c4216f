"""Benchmark (not a test): build cost of the seed portal and of a synthetic portal 100× its size.

For each portal it prints the generator's own time (validation + Markdown + exports), the
engine's time (MkDocs, both languages), and the ratio of our total build to a plain
`mkdocs build` of the same generated Markdown, all measured in this one run.

    python bench/run.py [--scale 100] [--pdf]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.check.problems import Report  # noqa: E402
from generator.check.project import load_project  # noqa: E402
from generator.output import engine  # noqa: E402
from generator.output.build import context_for, render_into  # noqa: E402

TODAY = date(2025, 1, 15)


def synthetic(target: Path, scale: int) -> Path:
    """The seed's nine directions repeated `scale` times, each with findings, and its items."""
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(
        "site", ".git", "tests", "bench", "examples", "docs", "*.egg-info", "__pycache__"))
    (target / "indicators").mkdir(exist_ok=True)
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


def measure(root: Path, pdf: bool) -> dict[str, float]:
    started = time.perf_counter()
    report = Report(root)
    project = load_project(root, report)
    assert project is not None, [p.format() for p in report.problems][:5]
    validate = time.perf_counter() - started
    out = Path(tempfile.mkdtemp(prefix="adal-bench-out-"))
    work = Path(tempfile.mkdtemp(prefix="adal-bench-work-"))
    try:
        t = render_into(project, context_for(project, TODAY, pdf=pdf), out, work)
        # The same generated Markdown and configs, built by MkDocs alone.
        shutil.rmtree(out)
        configs = sorted(work.glob("mkdocs.*.yml"))
        started = time.perf_counter()
        engine.build_sites(configs, 0)
        plain = time.perf_counter() - started
        pages = sum(1 for _ in out.rglob("index.html"))
    finally:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    generator = validate + t["generate"] + t["exports"]
    total = generator + t["engine"]
    return {"pages": pages, "generator": generator, "engine": t["engine"], "total": total,
            "plain": plain, "ratio": total / plain, "share": generator / total}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--pdf", action="store_true", help="include the PDFs (WeasyPrint)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="adal-bench-"))
    try:
        rows = [("seed", measure(REPO, args.pdf)),
                (f"synthetic {args.scale}x", measure(synthetic(tmp / "big", args.scale),
                                                     args.pdf))]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'portal':<16}{'pages':>7}{'generator s':>13}{'mkdocs s':>10}{'total s':>9}"
          f"{'plain mkdocs s':>16}{'total/plain':>13}{'generator %':>13}")
    for name, r in rows:
        print(f"{name:<16}{r['pages']:>7}{r['generator']:>13.2f}{r['engine']:>10.2f}"
              f"{r['total']:>9.2f}{r['plain']:>16.2f}{r['ratio']:>13.2f}{100 * r['share']:>12.1f}%")
    seed, big = rows[0][1], rows[1][1]
    print(f"size ratio (pages): {big['pages'] / seed['pages']:.1f}x; "
          f"time ratio (total): {big['total'] / seed['total']:.1f}x")


if __name__ == "__main__":
    main()
