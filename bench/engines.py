"""Engine swap check (not a test): the same generated Markdown, built by each engine and theme.

    python bench/engines.py [--venv PATH ...] [--rounds 5] [--portal seed|demo ...] [--offline]

Adal renders the seed portal and the fictional demo once (Markdown and one configuration per
language, as `adal build` writes them). Then each engine and theme found builds those same
files in a fresh process, both languages, `rounds` times (taking turns, so that a busy
moment on the machine slows every engine alike):

- MkDocs 1.6 + Material and ProperDocs + Material, when installed in this environment;
- ProperDocs + MaterialX (`mkdocs-materialx`), from an environment where it is installed. It
  replaces Material's `material` package, so keep it in a venv of its own and pass
  `--venv PATH` (any venv given is probed the same way). Its configuration is Adal's with the
  two changes MaterialX needs: the theme is named `materialx`, and the search options go under
  `provider: lunr` / `lunr:` (MaterialX searches with Pagefind by default).

For each it reports the build time (fastest round: the whole process, imports included, as a
CLI run; and the build alone) and how its site differs from the first one built (the
reference): files only on one side, pages that differ beyond the generator tag and by how many
lines, and what Adal relies on in every page: the Content-Security-Policy lists each inline
script's hash, the language switch is there, nothing loads from another host, and the search
index the theme writes.
"""

from __future__ import annotations

import argparse
import base64
import calendar
import difflib
import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.check.problems import Report  # noqa: E402
from generator.check.project import load_project  # noqa: E402
from generator.output import workers  # noqa: E402
from generator.output.build import context_for, render_into  # noqa: E402

TODAY = date(2025, 1, 15)
PORTALS = {"seed": REPO, "demo": REPO / "examples" / "demo"}
DISTS = ("properdocs", "mkdocs", "mkdocs-material", "mkdocs-materialx")
GENERATOR = re.compile(r'<meta name="generator" content="([^"]*)">')
INLINE = re.compile(r"<script>(.*?)</script>", re.S)
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
LOADS = re.compile(r'<(?:script|img|iframe)\b[^>]*\bsrc="(https?:[^"]*)"'
                   r'|<link\b(?![^>]*rel="(?:canonical|alternate)")[^>]*\bhref="(https?:[^"]*)"')


@dataclass
class Setup:
    label: str
    python: str
    engine: str
    theme: str
    versions: dict[str, str]


@dataclass
class Result:
    setup: Setup
    wall: list[float] = field(default_factory=list)
    build: list[float] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""


def versions_in(python: str) -> dict[str, str]:
    """The engines' and themes' installed versions for that interpreter (a fresh process)."""
    code = ("import json, importlib.metadata as m\nout = {}\n"
            f"for d in {DISTS!r}:\n"
            "    try: out[d] = m.version(d)\n"
            "    except m.PackageNotFoundError: pass\nprint(json.dumps(out))")
    run = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
    return json.loads(run.stdout) if run.returncode == 0 else {}


def setups_in(python: str, where: str) -> list[Setup]:
    found = versions_in(python)
    theme = ("materialx" if "mkdocs-materialx" in found else
             "material" if "mkdocs-material" in found else "")
    if "mkdocs-materialx" in found and "mkdocs-material" in found:
        print(f"{where}: mkdocs-material and mkdocs-materialx are both installed; both ship the "
              "`material` package, the one installed last wins: use a venv per theme")
    theme_label = {"material": "Material", "materialx": "MaterialX"}.get(theme)
    out = []
    for engine, label in (("mkdocs", "MkDocs"), ("properdocs", "ProperDocs")):
        if engine in found and theme_label:
            dist = "mkdocs-materialx" if theme == "materialx" else "mkdocs-material"
            out.append(Setup(f"{label} {found[engine]} + {theme_label} {found[dist]}", python,
                             engine, theme, found))
    return out


def for_materialx(text: str) -> str:
    """Adal's configuration as MaterialX needs it: its theme name, and the search options
    under the lunr provider. Fails loudly if the template no longer has what is replaced."""
    out, count = re.subn(r"(?m)^  name: material$", "  name: materialx", text)
    assert count == 1, "theme name not found"
    out, count = re.subn(r"(?m)^  - search:\n((?:      .*\n)+)",
                         lambda m: "  - search:\n      provider: lunr\n      lunr:\n"
                         + "".join("  " + line + "\n" for line in m.group(1).splitlines()),
                         out)
    assert count == 1, "search options not found"
    return out


def generate(root: Path, tmp: Path, offline: bool = False) -> tuple[Path, int]:
    """Adal's Markdown and configurations for one portal (the build's own site is dropped)."""
    report = Report(root)
    project = load_project(root, report)
    assert project is not None, [p.format() for p in report.problems][:5]
    ctx = context_for(project, TODAY, pdf=False, offline=offline)
    work, site = tmp / "work", tmp / "adal-site"
    work.mkdir()
    site.mkdir()
    render_into(project, ctx, site, work)
    workers.stop()
    shutil.rmtree(site)
    return work, calendar.timegm(TODAY.timetuple())


def configs_for(setup: Setup, work: Path, out: Path) -> list[str]:
    """Adal's configurations, writing into `out` (and adapted to MaterialX for it)."""
    configs = []
    for config in sorted(work.glob("mkdocs.*.yml")):
        lang = config.stem.split(".")[1]
        text = re.sub(r'(?m)^site_dir: .*$', "site_dir: " + json.dumps(str(out / lang)),
                      config.read_text("utf-8"))
        if setup.theme == "materialx":
            text = for_materialx(text)
        target = out.parent / f"{out.name}.{lang}.yml"
        target.write_text(text, "utf-8")
        configs.append(str(target))
    return configs


def build(result: Result, configs: list[str], epoch: int) -> None:
    """One round: both languages in one fresh process, timed as a whole and as the build."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1",
           "DISABLE_MKDOCS_2_WARNING": "true"}
    started = time.perf_counter()
    run = subprocess.run([result.setup.python, "-m", "generator.output.engine",
                          result.setup.engine, str(epoch), *configs], env=env,
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        result.error = (run.stderr.strip().splitlines() or ["?"])[-1]
        return
    result.wall.append(time.perf_counter() - started)
    report = json.loads(run.stdout.strip().splitlines()[-1])
    result.build.append(report["seconds"])
    result.warnings = report["warnings"]


def page_facts(html: str) -> dict[str, object]:
    """What Adal relies on in a page, read from the page itself."""
    policy = CSP.search(html)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
              for s in INLINE.findall(html)}
    return {"csp": bool(policy) and all(h in policy.group(1) for h in hashes),
            "inline": len(hashes),
            "switch": 'class="md-select__link"' in html and 'hreflang=' in html,
            "external": sorted({a or b for a, b in LOADS.findall(html)}),
            "nav_items": html.count('class="md-nav__item'),
            "generator": (GENERATOR.search(html) or [None, ""])[1]}


def search_kind(site: Path) -> str:
    kinds = []
    if any(site.rglob("search_index.json")):
        kinds.append("lunr (search_index.json)")
    if any(site.rglob("pagefind*.js")):
        kinds.append("pagefind")
    return ", ".join(kinds) or "none"


def _changed(a: list[str], b: list[str]) -> int:
    return sum(1 for d in difflib.unified_diff(b, a, lineterm="", n=0)
               if d[:1] in "+-" and d[:3] not in ("+++", "---"))


def compare(ours: Path, ref: Path) -> dict[str, object]:
    """How a site differs from the reference: files, pages and lines, and the page facts."""
    mine = {p.relative_to(ours) for p in ours.rglob("*") if p.is_file()}
    theirs = {p.relative_to(ref) for p in ref.rglob("*") if p.is_file()}
    pages = sorted(p for p in mine & theirs if p.suffix == ".html")
    differ, lines, text_lines, facts_differ = [], 0, 0, set()
    facts = {}
    for rel in pages:
        a = (ours / rel).read_text("utf-8")
        b = (ref / rel).read_text("utf-8")
        fa, fb = page_facts(a), page_facts(b)
        facts[str(rel)] = fa
        for key in ("csp", "switch", "external", "nav_items", "inline"):
            if fa[key] != fb[key]:
                facts_differ.add(key)
        a, b = GENERATOR.sub("", a), GENERATOR.sub("", b)
        if a != b:
            differ.append(str(rel))
            lines += _changed(a.splitlines(), b.splitlines())
            text_lines += _changed(*([x.strip() for x in t.splitlines() if x.strip()]
                                     for t in (a, b)))
    other = sorted(p for p in mine & theirs if p.suffix != ".html"
                   and (ours / p).read_bytes() != (ref / p).read_bytes())
    return {"only_here": sorted(map(str, mine - theirs)),
            "only_ref": sorted(map(str, theirs - mine)),
            "pages": len(pages), "pages_differ": differ, "lines": lines,
            "text_lines": text_lines, "other_differ":
            list(map(str, other)), "facts_differ": sorted(facts_differ),
            "csp_ok": all(f["csp"] for f in facts.values()),
            "switch_ok": all(f["switch"] for f in facts.values()),
            "external": sorted({u for f in facts.values() for u in f["external"]}),  # type: ignore[attr-defined]
            "search": search_kind(ours),
            "generator": sorted({str(f["generator"]) for f in facts.values()})}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--venv", action="append", default=[], type=Path,
                        help="another environment to probe (its bin/python is used)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--portal", action="append", choices=sorted(PORTALS))
    parser.add_argument("--offline", action="store_true",
                        help="the builds for opening from disk (adal build --offline)")
    args = parser.parse_args()
    setups = setups_in(sys.executable, "this environment")
    for venv in args.venv:
        setups += setups_in(str(venv / "bin" / "python"), str(venv))
    print("engines and themes found:")
    for setup in setups:
        print(f"  {setup.label}  ({setup.python})")
    if not setups:
        print("  none: install properdocs (or mkdocs) with mkdocs-material or mkdocs-materialx")
        return
    for name in args.portal or ["seed", "demo"]:
        with tempfile.TemporaryDirectory(prefix="adal-engines-") as tmpdir:
            tmp = Path(tmpdir)
            work, epoch = generate(PORTALS[name], tmp, args.offline)
            print(f"\n## {name}: {len(list((work / 'docs').rglob('*.md')))} Markdown pages, "
                  f"{args.rounds} rounds, both languages per round")
            results = [Result(setup) for setup in setups]
            outs = [tmp / f"site-{i}" for i in range(len(setups))]
            configs = [configs_for(setup, work, out) for setup, out in zip(setups, outs,
                                                                          strict=True)]
            for _ in range(args.rounds):  # round-robin: a busy moment slows every engine alike
                for result, config in zip(results, configs, strict=True):
                    if not result.error:
                        build(result, config, epoch)
            ref: Path | None = None
            for result, out in zip(results, outs, strict=True):
                setup = result.setup
                if result.error:
                    print(f"\n{setup.label}: failed: {result.error}")
                    continue
                print(f"\n{setup.label}: {min(result.wall):.2f} s per process (median "
                      f"{statistics.median(result.wall):.2f}), build alone "
                      f"{min(result.build):.2f} s; {len(result.warnings)} warnings")
                for warning in result.warnings[:5]:
                    print(f"  warning: {warning}")
                if ref is None:
                    ref = out
                    print("  (the reference for the comparisons below)")
                report = compare(out, ref)
                diff = report["pages_differ"]
                print(f"  generator tag: {', '.join(report['generator'])}")  # type: ignore[arg-type]
                print(f"  pages: {report['pages']}, differing beyond the generator tag: "
                      f"{len(diff)} ({report['lines']} lines changed, {report['text_lines']} "
                      "ignoring indentation and blank lines)")  # type: ignore[arg-type]
                print(f"  files only here: {len(report['only_here'])}, only in the reference: "
                      f"{len(report['only_ref'])}, other files that differ: "
                      f"{len(report['other_differ'])}")  # type: ignore[arg-type]
                for key in ("only_here", "only_ref", "other_differ"):
                    for path in report[key][:4]:  # type: ignore[index]
                        print(f"    {key}: {path}")
                print(f"  every page: CSP lists its inline scripts {report['csp_ok']}, "
                      f"language switch {report['switch_ok']}, loads from other hosts "
                      f"{report['external'] or 'none'}; search: {report['search']}")
                if report["facts_differ"]:
                    print(f"  differs from the reference in: {', '.join(report['facts_differ'])}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
