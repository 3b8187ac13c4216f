"""`adal region` on a generated region of 3,000 organizations (bench/README.md, "Regional
portal"): wall time of the command in a fresh process; its CPU time (workers included: on
an otherwise idle 2-core machine the wall time is about half of it); its peak memory, both
the largest single process (ru_maxrss) and the whole process tree (the main process and the
engine's workers, sampled from /proc every 0.1 s).

    python bench/region.py [--count 3000] [--sources DIR] [--national 10]

--sources: a folder with seed/ and demo/ public builds (`adal build --public --no-pdf`);
without it they are built first. --national N: instead, a national roll-up over N regions'
published summaries (region.json) of --count organizations each (docs/region.md, "A national
roll-up"): one region's summary is made from the generated region (the same roll-up and open
data code as `adal region`, without its pages) and published as N regions' data folders.
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.region_fixture import TODAY, make_region, published_sources  # noqa: E402

ENV = {**os.environ, "ADAL_LANG": "en", "PYTHONPATH": str(REPO)}


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines()
                              if line.startswith("VmRSS:")))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(region: Path, out: Path) -> tuple[float, float, float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu = _cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "region", "--project", str(region.parent),
         "--out", str(out), "--today", TODAY.isoformat()],
        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    single = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    cpu = _cpu() - cpu  # the command, its workers included (joined at its exit)
    assert process.returncode == 0, process.returncode
    summary = process.stdout.read() if process.stdout else ""
    return seconds, cpu, single / 1024, peak / 1024, summary.strip()


def national(region: Path, regions: int) -> Path:
    """A national region.yaml over `regions` copies of the generated region's summary."""
    import shutil

    import yaml

    from generator.check.problems import Report
    from generator.region.build import read_all
    from generator.region.config import load_region
    from generator.region.opendata import write_open_data
    from generator.region.pages import strings
    from generator.region.rollup import roll_up

    loaded = load_region(region, Report(region.parent))
    assert loaded is not None
    roll = roll_up(loaded, read_all(loaded), TODAY)
    first = region.parent.parent / "national" / "regions" / "r-00"
    write_open_data(roll, loaded.spec, strings(), first)
    for i in range(1, regions):
        shutil.copytree(first, first.parent / f"r-{i:02d}")
    spec = {"name": {"kk": "Министрлік", "ru": "Министерство"}, "year": TODAY.year,
            "stale_after_days": 60, "kinds": {},
            "districts": {f"r-{i:02d}": {"kk": f"{i}-облыс", "ru": f"Область {i}"}
                          for i in range(regions)},
            "regions": [{"id": f"r-{i:02d}", "name": {"kk": f"{i}-өңір", "ru": f"Регион {i}"},
                         "district": f"r-{i:02d}", "data": f"regions/r-{i:02d}",
                         "site": f"https://r{i}.example.kz/"} for i in range(regions)]}
    path = first.parent.parent / "region.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--sources", type=Path)
    parser.add_argument("--national", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.sources:
            os.environ["REGION_SOURCES"] = str(args.sources)
        seed, demo = published_sources(tmp / "sources")
        region = make_region(tmp / "region", seed, demo, count=args.count)
        first = "org-0001"
        if args.national:
            region = national(region, args.national)
            first = "r-01"
        load = os.getloadavg()[0]
        seconds, cpu, single, tree, summary = run(region, tmp / "site")
        pages = sum(1 for _ in (tmp / "site").rglob("index.html"))
        nav = (tmp / "site" / "kk" / "org" / first / "index.html").read_text("utf-8")
        size = (region.parent / "regions" / "r-00" / "region.json").stat().st_size \
            if args.national else None
        print(json.dumps({"organizations": args.count * max(args.national, 1),
                          "regions": args.national or None, "region_json_bytes": size,
                          "seconds": round(seconds, 1),
                          "cpu_seconds": round(cpu, 1), "load_before": round(load, 1),
                          "peak_mb_largest_process": round(single),
                          "peak_mb_process_tree": round(tree), "pages": pages,
                          "org_page_kb": round(len(nav.encode()) / 1024, 1),
                          "nav_links_per_page": nav.count('class="md-nav__link'),
                          "summary": summary}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
