"""The `adal` command line: init, check, status, build, serve.

Exit codes: 0 fine, 1 problems in the data (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

from generator.check.problems import Report
from generator.check.project import load_project
from generator.domain.dates import parse_date
from generator.domain.model import Project
from generator.domain.status import today_in
from generator.domain.views import item_rows, measure_rows
from generator.errors import AdalError, BuildError, UsageError
from generator.messages import LANGUAGES, env_language, set_language, t
from generator.output.templates import strings as load_strings
from generator.scaffold import new_portal
from generator.source.files import SourceError, read_text
from generator.source.yamlload import YamlError, load_yaml

OK, DATA, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exit code is already 2
        self.print_usage(sys.stderr)
        self.exit(USAGE, f"adal: error: {message}\n")


def _day(value: str | None) -> date | None:
    """--today, read once the language of messages is known."""
    try:
        return None if value is None else parse_date(value)
    except ValueError as exc:
        raise UsageError(f"--today: {exc}") from None


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise UsageError("--port: " + t("port_invalid", got=t("got", value=repr(value))))
    return int(value)


def choose_language(args: argparse.Namespace) -> str:
    """The language of messages: --lang, then ADAL_LANG, then the plan's first language
    (read leniently: a broken plan.yaml still gets its messages in its own language)."""
    if args.lang:
        return str(args.lang)
    if env := env_language():
        return env
    plan = getattr(args, "project", Path(".")) / "plan.yaml"
    try:
        data = load_yaml(read_text(plan).text).data
        first = data["settings"]["languages"][0]
    except (SourceError, YamlError, KeyError, IndexError, TypeError):
        return "kk"
    return first if first in LANGUAGES else "kk"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="adal", description="Corruption-risk analysis portal (kk/ru).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def project_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", type=Path, default=Path("."),
                       help="portal directory with plan.yaml (default: current directory)")
        lang_arg(p)

    def lang_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGUAGES,
                       help="language of messages (default: ADAL_LANG, else the plan's "
                            "first language)")

    p = sub.add_parser("init", help="start a new organization's portal in DIR")
    p.add_argument("dir", type=Path)
    lang_arg(p)

    p = sub.add_parser("import", help="start a portal from the Word plan (.docx) an "
                                      "organization already has")
    p.add_argument("document", type=Path)
    p.add_argument("--into", type=Path, help="the new portal's folder (default: a folder "
                                              "named after the document)")
    p.add_argument("--plan-lang", dest="plan_lang", choices=["kk", "ru"],
                   help="the document's language (default: recognised from its text)")
    lang_arg(p)

    p = sub.add_parser("check", help="validate plan.yaml, indicators/ and content/")
    project_arg(p)
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = sub.add_parser("status", help="show the plan items and their deadline status")
    project_arg(p)
    p.add_argument("--today", help="reference date (default: today in the plan's time zone)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--measures", action="store_true",
                   help="the plan of measures (measures.yaml) instead of the plan's items")

    for name, help_text in (("build", "build the static site"),
                            ("serve", "preview the portal on 127.0.0.1, rebuilding on save")):
        p = sub.add_parser(name, help=help_text)
        project_arg(p)
        p.add_argument("--today")
        p.add_argument("--public", action="store_true",
                       help="publication build: public content only")
        if name == "build":
            p.add_argument("--out", type=Path, help="output folder (default: DIR/site)")
            p.add_argument("--no-pdf", action="store_true", help="skip the PDF of the reference")
            p.add_argument("--strict", action="store_true",
                           help="fail on warnings (a broken link, an engine warning)")
            p.add_argument("--offline", action="store_true",
                           help="for opening from a folder or file share (file://): links "
                                "name their .html files, search works without a server")
        else:
            p.add_argument("--port", default="8000")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    before = os.environ.get("ADAL_LANG")
    try:
        set_language(choose_language(args))
        return _dispatch(args)
    except KeyboardInterrupt:
        return DATA
    except UsageError as exc:
        print(t("cli_error", message=exc), file=sys.stderr)
        return USAGE
    except Exception as exc:  # never show a traceback to a user; say what failed
        print(t("cli_internal", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        print(t("cli_report_it"), file=sys.stderr)
        return DATA
    finally:  # a caller in the same process keeps its own language
        if before is None:
            os.environ.pop("ADAL_LANG", None)
        else:
            os.environ["ADAL_LANG"] = before


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "init":
        return _init(args.dir)
    if args.command == "import":
        return _import(args.document, args.into or Path(args.document.stem), args.plan_lang)
    root: Path = args.project
    if not root.is_dir():
        print(t("cli_error", message=t("cli_project_missing", dir=root)), file=sys.stderr)
        return USAGE
    given_today = _day(args.today) if args.command != "check" else None
    port = _port(args.port) if args.command == "serve" else 0
    if args.command == "check":
        report = Report(root)
        load_project(root, report)
        return _print_report(report, args.strict, verbose=True)
    if args.command in ("build", "serve"):
        from generator.output import workers

        workers.start(pdf=args.command == "build" and not args.no_pdf)  # overlaps the check
    project = check_or_report(root)
    if project is None:
        return DATA
    today = given_today or today_in(project.plan.settings.timezone)
    if args.command == "status":
        lang = args.lang if args.lang in project.languages else project.languages[0]
        if args.measures:
            return _measures_status(project, today, lang, args.format)
        return _status(project, today, lang, args.format)
    from generator.output.build import build  # heavy imports only when building

    try:
        if args.command == "build":
            out = build(project, today=today, out=args.out, public=args.public,
                        pdf=not args.no_pdf, strict=args.strict,
                        on_warning=lambda w: print(t("cli_warning", message=w),
                                                   file=sys.stderr), offline=args.offline)
            where = ("" if args.project == Path(".") else f" --project {args.project}") + (
                " --public" if args.public else "")
            if args.offline:
                print(t("cli_built_offline", out=out, index=(out / "index.html").as_uri()))
            else:
                print(t("cli_built", out=out, options=where))
            return OK
        from generator.serve import serve

        return serve(project, today=given_today, public=args.public, port=port,
                     recheck=_recheck)
    except UsageError:
        raise
    except BuildError as exc:
        print(t("cli_build_failed", error=exc), file=sys.stderr)
        print(t("cli_previous_kept"), file=sys.stderr)
        return DATA
    except AdalError as exc:
        print(t("cli_error", message=exc), file=sys.stderr)
        return DATA


def _recheck(root: Path) -> tuple[Project | None, list[str]]:
    """For adal serve: check again, print the problems, and return them for the page."""
    report = Report(root)
    project = load_project(root, report)
    _print_report(report, strict=False, verbose=False)
    return project, [p.format() for p in report.sorted()]


def check_or_report(root: Path, strict: bool = False) -> Project | None:
    report = Report(root)
    project = load_project(root, report)
    if _print_report(report, strict, verbose=False) != OK:
        return None
    return project


def _print_report(report: Report, strict: bool, verbose: bool) -> int:
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    failed = report.failed(strict)
    if verbose or failed:
        print(t("check_failed" if failed else "check_ok", errors=len(report.errors),
                warnings=len(report.warnings)), file=sys.stderr if failed else sys.stdout)
    return DATA if failed else OK


def _measures_status(project: Project, today: date, lang: str, fmt: str) -> int:
    rows = measure_rows(project, today, project.languages)
    if fmt == "json":
        print(json.dumps([{
            "number": r.number, "risks": [f"{d}/{n}" for d, n in r.risks], "text": r.text[lang],
            "responsible": r.responsible[lang],
            "deadline": r.deadline.isoformat() if r.deadline else None,
            "completed": r.completed.isoformat() if r.completed else None,
            "status": r.status} for r in rows], ensure_ascii=False, indent=2))
        return OK
    s = load_strings(project.root)[lang]
    _print_table(s, today, [s["col"]["number"], s["col_measure"], s["col"]["deadline"],
                            s["col"]["responsible"], s["col"]["status"]],
                 [(r.number, r.text[lang], r.deadline, r.responsible[lang], r.status)
                  for r in rows])
    return OK


def _status(project: Project, today: date, lang: str, fmt: str) -> int:
    strings = load_strings(project.root)
    rows = item_rows(project, today, strings, project.languages)
    if fmt == "json":
        data = [{
            "number": r.number,
            "kind": r.kind,
            "work": r.work[lang],
            "direction": r.direction,
            "deadline": r.deadline.isoformat() if r.deadline else None,
            "completed": r.completed.isoformat() if r.completed else None,
            "responsible": r.responsible[lang],
            "indicators": r.indicators,
            "status": r.status,
        } for r in rows]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    s = strings[lang]
    _print_table(s, today, [s["col"]["number"], s["col"]["work"], s["col"]["deadline"],
                            s["col"]["responsible"], s["col"]["status"]],
                 [(r.number, r.work[lang], r.deadline, r.responsible[lang], r.status)
                  for r in rows])
    return OK


def _print_table(s: dict[str, Any], today: date, headers: list[str],
                 rows: list[tuple[int, str, date | None, list[str], str]]) -> None:
    """Number, a wrapped text, deadline, people and status, as columns for a terminal."""
    width = max(60, min(shutil.get_terminal_size((120, 24)).columns, 160))
    work_width = max(20, width - 4 - 11 - 22 - 22 - 8)
    table = []
    for number, text, deadline, people, status in rows:
        table.append([
            str(number),
            textwrap.wrap(text, work_width),
            deadline.strftime("%d.%m.%Y") if deadline else "—",
            people,
            [s["status"][status]],
        ])
    widths = [4, work_width, 10, 20, 22]
    print(s["as_of"].format(date=today.strftime("%d.%m.%Y")))
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for number, work, deadline, people, status in table:
        height = max(len(work), len(people), 1)
        for k in range(height):
            cells = [number if k == 0 else "", work[k] if k < len(work) else "",
                     deadline if k == 0 else "", people[k] if k < len(people) else "",
                     status[0] if k == 0 else ""]
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def _import(document: Path, target: Path, lang: str | None) -> int:
    from generator.importing.run import REPORT, DocumentError, import_plan

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(t("init_not_empty", dir=target))
    if not document.is_file():
        raise UsageError(t("import_no_file", path=document))
    try:
        plan, lines = import_plan(document, target, lang)  # type: ignore[arg-type]
    except DocumentError as exc:
        print(t("cli_error", message=exc), file=sys.stderr)
        return DATA
    print("\n".join(lines))
    directions = {i.direction for i in plan.items if i.direction}
    print(t("import_done", dir=target, items=len(plan.items), directions=len(directions),
            people=sum(not p.group for p in plan.people.values()), report=target / REPORT))
    report = Report(target)
    load_project(target, report)
    return _print_report(report, strict=False, verbose=True)


def _init(target: Path) -> int:
    if target.exists() and any(target.iterdir()):
        raise UsageError(t("init_not_empty", dir=target))
    new_portal(target)
    print(t("init_done", dir=target))
    return OK
