"""The `adal` command line: init, check, status, build, serve.

Exit codes: 0 fine, 1 problems in the data (or a failed build), 2 usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check.problems import Report
from generator.domain.dates import parse_date
from generator.domain.grammar import Num, Words
from generator.errors import AdalError, BuildError, UsageError
from generator.messages import LANGUAGES, env_language, language, set_language, t
from generator.source.files import SourceError, read_text
from generator.source.yamlload import YamlError, peek_yaml

if TYPE_CHECKING:
    from generator.domain.model import Project

# The schema's code (pydantic: ≈ 0.3 s) is imported by the commands that check, when they
# check: `adal check` of an unchanged portal prints its kept result without it (issue 20).

OK, DATA, USAGE = 0, 1, 2
PIPE_CLOSED = 128 + 13  # the reader of the output went away (`adal status | head`): SIGPIPE

# argparse's own words (it looks each up through gettext as `argparse._`) and their messages.
_ARGPARSE_WORDS = {
    "usage: ": "cli_ap_usage",
    "positional arguments": "cli_ap_positionals",
    "options": "cli_ap_options",
    "show this help message and exit": "cli_ap_help",
    "the following arguments are required: %s": "cli_ap_required",
    "unrecognized arguments: %s": "cli_ap_unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli_ap_choice",
    "expected one argument": "cli_ap_one_argument",
    "argument %(argument_name)s: %(message)s": "cli_ap_argument",
    "ambiguous option: %(option)s could match %(matches)s": "cli_ap_ambiguous",
}
_STATUS_WORDS = {"done": "cli_status_done", "done-late": "cli_status_done_late",
                 "overdue": "cli_status_overdue", "due-soon": "cli_status_due_soon",
                 "upcoming": "cli_status_upcoming", "as-written": "cli_status_as_written",
                 "no-deadline": "cli_status_no_deadline"}


def _argparse_word(text: str) -> str:
    key = _ARGPARSE_WORDS.get(text)
    return t(key) if key else text


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default exit code is already 2
        self.print_usage(sys.stderr)
        self.exit(USAGE, t("cli_error", message=message) + "\n")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return t("cli_version", version=version("adal"))
    except PackageNotFoundError:
        return t("cli_version", version=t("cli_version_unknown"))


class _VersionAction(argparse.Action):
    """--version, the installed version looked up only when asked (importlib.metadata is
    0.015 s of every start-up otherwise: issue 20)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS,
                 help: str | None = None) -> None:  # noqa: A002 (argparse's own name)
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(_version())
        parser.exit()


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
    if args.lang in LANGUAGES:
        return str(args.lang)
    if env := env_language():
        return env
    plan = getattr(args, "project", Path(".")) / "plan.yaml"
    try:
        data = peek_yaml(read_text(plan).text)  # no lines: 0.005 s, not 0.05 (100×)
        first = data["settings"]["languages"][0]
    except (SourceError, YamlError, KeyError, IndexError, TypeError):
        return "kk"
    return first if first in LANGUAGES else "kk"


def _early_language(argv: list[str] | None) -> str:
    """The language of the run, known before the command line is parsed (help and usage
    errors speak it too): --lang and --project wherever they are, else ADAL_LANG."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--project", type=Path, default=Path("."))
    known, _ = early.parse_known_args(argv)
    return choose_language(known)


def _parser() -> argparse.ArgumentParser:
    """The command line, its help in the run's language (set before this is called)."""
    dir_, date_ = t("cli_metavar_dir"), t("cli_metavar_date")
    parser = _Parser(prog="adal", description=t("cli_description"), epilog=t("cli_epilog"))
    parser.add_argument("--version", action=_VersionAction, help=t("cli_help_version"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                title=t("cli_commands"), metavar=t("cli_metavar_command"))

    def project_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--project", type=Path, default=Path("."), metavar=dir_,
                       help=t("cli_help_project"))
        lang_arg(p)

    def lang_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=LANGUAGES, help=t("cli_help_lang"))

    lang_arg(parser)  # `adal --help --lang ru`: the top level takes it too
    p = sub.add_parser("init", help=t("cli_help_init"), description=t("cli_help_init"))
    p.add_argument("dir", type=Path, metavar=dir_, help=t("cli_help_init_dir"))
    p.add_argument("--region", action="store_true", help=t("cli_help_init_region"))
    lang_arg(p)

    p = sub.add_parser("region", help=t("cli_help_region"), description=t("cli_help_region"))
    p.add_argument("--project", type=Path, default=Path("."), metavar=dir_,
                   help=t("cli_help_region_project"))
    lang_arg(p)
    p.add_argument("--today", metavar=date_, help=t("cli_help_today"))
    p.add_argument("--out", type=Path, metavar=dir_, help=t("cli_help_out"))

    p = sub.add_parser("import", help=t("cli_help_import"), description=t("cli_help_import"))
    p.add_argument("document", type=Path, metavar=t("cli_metavar_document"),
                   help=t("cli_help_import_document"))
    p.add_argument("--into", type=Path, metavar=dir_, help=t("cli_help_into"))
    p.add_argument("--plan-lang", dest="plan_lang", choices=["kk", "ru"],
                   help=t("cli_help_plan_lang"))
    lang_arg(p)

    p = sub.add_parser("check", help=t("cli_help_check"), description=t("cli_help_check"))
    project_arg(p)
    p.add_argument("--strict", action="store_true", help=t("cli_help_check_strict"))
    p.add_argument("--today", metavar=date_, help=t("cli_help_today"))

    p = sub.add_parser("status", help=t("cli_help_status"), description=t("cli_help_status"))
    project_arg(p)
    p.add_argument("--today", metavar=date_, help=t("cli_help_today"))
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help=t("cli_help_format"))
    p.add_argument("--measures", action="store_true", help=t("cli_help_measures"))
    p.add_argument("--analysis", metavar=t("cli_metavar_analysis"),
                   help=t("cli_help_analysis"))

    p = sub.add_parser("next-analysis", help=t("cli_help_next"),
                       description=t("cli_help_next_long"))
    project_arg(p)
    p.add_argument("--today", metavar=date_, help=t("cli_help_today"))

    for name in ("build", "serve"):
        about = t("cli_help_build" if name == "build" else "cli_help_serve")
        p = sub.add_parser(name, help=about, description=about)
        project_arg(p)
        p.add_argument("--today", metavar=date_, help=t("cli_help_today"))
        p.add_argument("--public", action="store_true", help=t("cli_help_public"))
        if name == "build":
            p.add_argument("--out", type=Path, metavar=dir_, help=t("cli_help_out"))
            p.add_argument("--no-pdf", action="store_true", help=t("cli_help_no_pdf"))
            p.add_argument("--strict", action="store_true", help=t("cli_help_build_strict"))
            p.add_argument("--offline", action="store_true", help=t("cli_help_offline"))
            p.add_argument("--fresh", action="store_true", help=t("cli_help_fresh"))
        else:
            p.add_argument("--port", default="8000", help=t("cli_help_port"))
    return parser


def main(argv: list[str] | None = None) -> int:
    before = os.environ.get("ADAL_LANG")
    own_words = argparse._  # type: ignore[attr-defined]
    try:
        set_language(_early_language(argv))
        argparse._ = _argparse_word  # type: ignore[attr-defined]
        args = _parser().parse_args(argv)
        # The language the user asked for (--lang, ADAL_LANG), apart from the one chosen for
        # the run's messages: `adal import` speaks the document's language unless asked.
        args.asked_lang = args.lang or (before if before in LANGUAGES else None)
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
        return code
    except BrokenPipeError:  # the reader went away (`adal status | head`): stop quietly
        _silence_stdout()
        return PIPE_CLOSED
    except KeyboardInterrupt:
        return DATA
    except UsageError as exc:
        print(t("cli_error", message=exc), file=sys.stderr)
        return USAGE
    except Exception as exc:  # never show a traceback to a user; say what failed
        print(t("cli_internal", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        print(t("cli_report_it"), file=sys.stderr)
        return DATA
    finally:  # a caller in the same process keeps its own language and argparse its words
        argparse._ = own_words  # type: ignore[attr-defined]
        if before is None:
            os.environ.pop("ADAL_LANG", None)
        else:
            os.environ["ADAL_LANG"] = before


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again."""
    with contextlib.suppress(OSError, ValueError):  # a caller's captured stdout has no fd
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "init" and args.region:
        from generator.region.run import init_region

        return init_region(args.dir)
    if args.command == "init":
        return _init(args.dir)
    if args.command == "region":
        from generator.region.run import region_command

        return region_command(args.project, _day(args.today), args.out)
    if args.command == "import":
        return _import(args.document, args.into or Path(args.document.stem), args.plan_lang,
                       args.asked_lang)
    root: Path = args.project
    if not root.is_dir():
        print(t("cli_error", message=t("cli_project_missing", dir=root.absolute())),
              file=sys.stderr)
        return USAGE
    if not (root / "plan.yaml").exists():  # the wrong folder, most likely: name it
        print(t("cli_error", message=t("cli_no_plan", dir=root.absolute())), file=sys.stderr)
        return USAGE
    given_today = _day(args.today)  # the run's day: no clock read anywhere when given
    port = _port(args.port) if args.command == "serve" else 0
    if args.command == "check":
        from generator.check.result import checked
        from generator.source import cache

        report = checked(root, today=given_today)  # kept whole when nothing changed

        cache.commit(root)  # the check's parses kept for the next run (issue 20)
        return _print_report(report, args.strict, verbose=True)
    if args.command in ("build", "serve"):
        from generator.output import workers

        workers.start(pdf=args.command == "build" and not args.no_pdf)  # overlaps the check
    from generator.domain.clock import today_in
    from generator.source.layout import fingerprint

    # serve: the sources as they were before this read, so an edit saved meanwhile is seen
    sources = fingerprint(root) if args.command == "serve" else None
    if args.command == "serve":
        from generator.check.files import keep_validated

        keep_validated()  # each check after an edit takes the unchanged files from memory
    project = check_or_report(root, today=given_today)
    if project is None:
        return DATA
    today = given_today or today_in(project.plan.settings.timezone)
    if args.command == "next-analysis":
        from generator.nextyear import start_next

        started = start_next(project, today)
        print(t("next_started", id=started.closed_id, items=Num(started.items),
                measures=Num(started.carried), project=args.project))
        return OK
    if args.command == "status":  # the plan's text in the run's language if the plan has it
        chosen = _analysis(project, args.analysis)
        lang = language() if language() in chosen.languages else chosen.languages[0]
        if project.earlier and args.format == "table":
            print(t("cli_status_analysis", id=chosen.label or "?"))
        if args.measures:
            return _measures_status(chosen, today, lang, args.format)
        return _status(chosen, today, lang, args.format)
    from generator.output.build import build  # heavy imports only when building

    try:
        if args.command == "build":
            out = build(project, today=today, out=args.out, public=args.public,
                        pdf=not args.no_pdf, strict=args.strict,
                        on_warning=lambda w: print(t("cli_warning", message=w),
                                                   file=sys.stderr), offline=args.offline,
                        fresh=args.fresh)
            where = ("" if args.project == Path(".") else f" --project {args.project}") + (
                " --public" if args.public else "")
            if args.offline:
                print(t("cli_built_offline", out=out, index=(out / "index.html").as_uri()))
            else:
                print(t("cli_built", out=out, options=where))
            return OK
        from generator.serve import serve

        return serve(project, today=given_today, public=args.public, port=port,
                     recheck=lambda r: _recheck(r, given_today), sources=sources)
    except UsageError:
        raise
    except BuildError as exc:
        print(t("cli_build_failed", error=exc), file=sys.stderr)
        print(t("cli_previous_kept"), file=sys.stderr)
        return DATA
    except AdalError as exc:
        print(t("cli_error", message=exc), file=sys.stderr)
        return DATA


def _recheck(root: Path, today: date | None = None) -> tuple[Project | None, list[str]]:
    """For adal serve: check again, print the problems, and return them for the page."""
    from generator.check.project import load_project

    report = Report(root)
    project = load_project(root, report, today=today)
    _print_report(report, strict=False, verbose=False)
    return project, [p.format() for p in report.sorted()]


def check_or_report(root: Path, strict: bool = False,
                    today: date | None = None) -> Project | None:
    from generator.check.project import load_project

    report = Report(root)
    project = load_project(root, report, today=today)
    if _print_report(report, strict, verbose=False) != OK:
        return None
    return project


def _print_report(report: Report, strict: bool, verbose: bool) -> int:
    for problem in report.sorted():
        print(problem.format(), file=sys.stderr)
    failed = report.failed(strict)
    if verbose or failed:
        print(t("check_failed" if failed else "check_ok", errors=Num(len(report.errors)),
                warnings=Num(len(report.warnings))), file=sys.stderr if failed else sys.stdout)
    return DATA if failed else OK


def _analysis(project: Project, wanted: str | None) -> Project:
    """`adal status --analysis ID`: the current analysis (by default, or by its year) or an
    earlier one by its folder under analyses/."""
    if wanted is None or wanted == project.label:
        return project
    if any(analysis.id == wanted for analysis in project.earlier):
        from generator.domain.trend import with_latest_measures

        return with_latest_measures([(a.id if not a.current else a.project.label, a.project)
                                     for a in project.analyses], wanted)
    known = [a.id for a in project.earlier] + [project.label or t("analysis_current")]
    raise UsageError(t("status_analysis_unknown", id=wanted, options=", ".join(known)))


def _measures_status(project: Project, today: date, lang: str, fmt: str) -> int:
    from generator.domain.views import measure_rows

    rows = measure_rows(project, today, project.languages)
    if fmt == "json":
        print(json.dumps([{
            "number": r.number, "risks": [f"{d}/{n}" for d, n in r.risks], "text": r.text[lang],
            "responsible": r.responsible[lang],
            "deadline": r.deadline.isoformat() if r.deadline else None,
            "completed": r.completed.isoformat() if r.completed else None,
            "status": r.status} for r in rows], ensure_ascii=False, indent=2))
        return OK
    if not rows:
        print(t("cli_no_measures"))
        return OK
    _print_table(today, "cli_col_measure",
                 [(r.number, r.text[lang], r.deadline, r.responsible[lang], r.status)
                  for r in rows])
    return OK


def _status(project: Project, today: date, lang: str, fmt: str) -> int:
    from generator.domain.views import item_rows

    strings = project.strings
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
            "deadline_form": r.deadline_form,
            "deadline_start": r.start.isoformat() if r.start else None,
            "deadline_text": r.deadline_text.get(lang),
            "occurrences": [{"due": due.isoformat(),
                             "completed": done.isoformat() if done else None,
                             "status": status} for due, done, status in r.occurrences],
            "columns": {cid: value[lang] for cid, value in r.columns.items()},
        } for r in rows]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    # A deadline as the plan writes it («I тоқсан», «ежемесячно»), with its due date under it.
    _print_table(today, "cli_col_work",
                 [(r.number, r.work[lang],
                   [r.deadline_text[lang], *r.deadline_detail[lang].split(" · ")]
                   if r.deadline_form and r.deadline_text[lang] != _ddmm(r.deadline) else
                   r.deadline, r.responsible[lang], r.status) for r in rows])
    return OK


def _ddmm(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "—"


def _print_table(today: date, text_column: str,
                 rows: list[tuple[int, str, date | list[str] | None, list[str], str]]) -> None:
    """Number, a wrapped text, deadline, people and status, as columns for a terminal; the
    headers and statuses in the run's language."""
    headers = [t("cli_col_number"), t(text_column), t("cli_col_deadline"),
               t("cli_col_responsible"), t("cli_col_status")]
    width = max(60, min(shutil.get_terminal_size((120, 24)).columns, 160))
    work_width = max(20, width - 4 - 11 - 22 - 22 - 8)
    table = []
    when_width = 10 if all(not isinstance(r[2], list) for r in rows) else 22
    for number, text, deadline, people, status in rows:
        table.append([
            str(number),
            textwrap.wrap(text, work_width),
            [line for part in deadline if part for line in textwrap.wrap(part, when_width)]
            if isinstance(deadline, list) else [_ddmm(deadline)],
            people,
            [t(_STATUS_WORDS[status])],
        ])
    widths = [4, work_width, when_width, 20, 22]
    print(t("cli_as_of", date=Words(today)))
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for number, work, deadline, people, status in table:
        height = max(len(work), len(people), len(deadline), 1)
        for k in range(height):
            cells = [number if k == 0 else "", work[k] if k < len(work) else "",
                     deadline[k] if k < len(deadline) else "",
                     people[k] if k < len(people) else "",
                     status[0] if k == 0 else ""]
            print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())


def _import(document: Path, target: Path, lang: str | None,
            report_lang: str | None = None) -> int:
    from generator.importing.run import REPORT, DocumentError, import_plan

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(t("init_not_empty", dir=target))
    if not document.is_file():
        raise UsageError(t("import_no_file", path=document))
    try:
        plan, lines = import_plan(document, target, lang,  # type: ignore[arg-type]
                                  report_lang)
    except DocumentError as exc:  # a refusal of the document's contents speaks its language
        before = language()
        set_language(exc.lang or before)
        print(t("cli_error", message=exc), file=sys.stderr)
        set_language(before)
        return DATA
    set_language(report_lang or plan.lang)  # the rest of the run speaks as the report does
    print("\n".join(lines))
    directions = {i.direction for i in plan.items if i.direction}
    people = sum(not p.group for p in plan.people.values())
    print(t("import_done", dir=target, items=Num(len(plan.items)),
            directions=Num(len(directions)), people=Num(people), report=target / REPORT))
    from generator.check.project import load_project

    report = Report(target)
    load_project(target, report)
    return _print_report(report, strict=False, verbose=True)


def _init(target: Path) -> int:
    if target.exists() and any(target.iterdir()):
        raise UsageError(t("init_not_empty", dir=target))
    from generator.scaffold import new_portal

    new_portal(target)
    print(t("init_done", dir=target))
    return OK
