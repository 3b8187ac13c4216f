"""The analytical reference as A4 PDF, printed by WeasyPrint from the built page.

WeasyPrint reads through `_SiteOnlyFetcher`: `data:` URLs and files inside the site being
built, nothing else (no network, no file elsewhere on the machine). Links and `rel`
attributes are removed before printing, so the PDF has no links and no attachments.

The PDF's stylesheet is the built site's `<lang>/assets/adal-print.css` (shipped in
site_templates/assets/, a portal may replace it), read from the site folder whether the build
is for a server or `--offline`; its font is one serif family with every Kazakh letter
(`document_family`): the plan's `document_font` when installed, else a metric-compatible free
one. A missing stylesheet or font fails the build: a PDF without them loses its signature lines.
"""

from __future__ import annotations

import logging
import re
import subprocess
from concurrent.futures import Executor
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.domain.dates import numeric
from generator.domain.measures_doc import MeasuresDocument, measures_document
from generator.domain.model import Project
from generator.domain.views import MeasureRow
from generator.errors import BuildError
from generator.messages import t
from generator.output.context import BuildContext

# Links would be written as absolute file:// URLs of the build folder (a machine path in the
# output); `rel="attachment"` would embed the linked file. A printed document needs neither.
_LINK_ATTR = re.compile(r"""\s(?:href|rel)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_A_TAG = re.compile(r"<a\b[^>]*>", re.I)
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_TEMPLATE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head>
<body><main class="md-typeset">{body}</main></body></html>"""
STYLESHEET = "adal-print.css"
# Serif families metric-compatible with Times New Roman, tried after the plan's own font.
SERIF_FALLBACKS = ("Times New Roman", "Liberation Serif", "PT Astra Serif")
KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
BLANK_DATE = "«____» ______________ 20____"  # a date to write by hand

# The font, and the marks every page carries in its top margin: a draft «ЖОБА» / «ПРОЕКТ»
# above everything, the intranet's restricted-use mark (texts from strings.yaml).
DOCUMENT_CSS = """* {{ font-family: "{font}" !important; }}
@page {{ @top-center {{ content: "{draft}"; font-family: "{font}"; font-size: 14pt;
  font-weight: bold; vertical-align: bottom; }}
  @top-right {{ content: "{mark}"; font-family: "{font}"; font-size: 10pt;
  vertical-align: bottom; }} }}"""


@cache
def document_family(preferred: str) -> str:
    """The first installed family of `preferred` and the serif fallbacks that has every
    Kazakh letter (fontconfig's `fc-list`); BuildError when none has."""
    charset = " ".join(f"{ord(c):x}" for c in KAZAKH_LETTERS)
    tried = list(dict.fromkeys((preferred, *SERIF_FALLBACKS)))
    for family in tried:
        try:
            found = subprocess.run(["fc-list", f":family={family}:charset={charset}", "family"],
                                   capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            raise BuildError(t("pdf_font_missing", fonts=", ".join(tried))) from exc
        if found.stdout.strip():
            return family
    raise BuildError(t("pdf_font_missing", fonts=", ".join(tried)))


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


# «8-бабының», «5-тармағы», «3-ө»: a number and its suffix are one word; a line may not
# break at their hyphen (the font has no non-breaking hyphen, so the word is kept whole).
_NUMBERED_WORD = re.compile(r"\d+-\w+")
_TEXT = re.compile(r">([^<]+)<")


def keep_numbered_words(html: str) -> str:
    """Wrap each «5-тармағы» of the text (not of tags) in a span that does not wrap."""
    def in_text(match: re.Match[str]) -> str:
        return ">" + _NUMBERED_WORD.sub(
            lambda m: f'<span class="adal-nowrap">{m.group(0)}</span>', match.group(1)) + "<"

    return _TEXT.sub(in_text, html)


def without_links(html: str) -> str:
    return _A_TAG.sub(lambda m: _LINK_ATTR.sub("", m.group(0)), html)


def site_only_fetcher(site: Path):  # noqa: ANN201 - WeasyPrint's URLFetcher subclass
    from weasyprint.urls import URLFetcher

    root = site.resolve()

    class _SiteOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None):  # noqa: ANN202
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if path.is_relative_to(root):
                    return super().fetch(url, headers)
            raise ValueError(f"not a file of this site: {url}")

    return _SiteOnlyFetcher(allowed_protocols={"file", "data"})


def write_reference_pdfs(site: Path, languages: tuple[str, ...], reference_url: str,
                         font: str, marks: dict[str, str] | None = None,
                         drafts: dict[str, str] | None = None,
                         pool: Executor | None = None, data: str = "data") -> None:
    """One PDF per language from the built reference page (`reference_url` under each
    language folder) into site/data/; in parallel in the worker pool when there is one.
    `font`: the family (`document_family`); `marks`: per language, the restricted-use mark
    every page carries (intranet); `drafts`: per language, the draft mark (not final yet)."""
    (site / data).mkdir(parents=True, exist_ok=True)  # an earlier analysis: '2024/data'
    jobs = [(site, lang, reference_url, font, (marks or {}).get(lang),
             (drafts or {}).get(lang), data) for lang in languages]
    if pool is None:
        for job in jobs:
            write_reference_pdf(*job)
        return
    for future in [pool.submit(write_reference_pdf, *job) for job in jobs]:
        future.result()


def write_reference_pdf(site: Path, lang: str, reference_url: str, font: str,
                        mark: str | None = None, draft: str | None = None,
                        data: str = "data") -> None:
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    page = site / lang / (reference_url if reference_url.endswith(".html")
                          else reference_url + "index.html")
    stylesheet = site / lang / "assets" / STYLESHEET
    if not stylesheet.is_file():
        raise BuildError(t("pdf_stylesheet_missing", path=f"{lang}/assets/{STYLESHEET}"))
    target = site / data / f"analytical-reference-{lang}.pdf"
    built = page.read_text("utf-8")
    article = _ARTICLE.search(built)
    title = re.search(r"<title>(.*?)</title>", built, re.S)
    html = _TEMPLATE.format(lang=lang, title=title.group(1) if title else "",
                            body=keep_numbered_words(
                                without_links(article.group(1) if article else built)))
    print_pdf(site, html, page, stylesheet, target, font, mark, draft)


def print_pdf(site: Path, html: str, page: Path, stylesheet: Path, target: Path, font: str,
              mark: str | None, draft: str | None) -> None:
    """`html` printed to `target` with the site's print stylesheet, the document's font and
    its marks (draft, restricted use) in every page's top margin; files of the site only."""
    from weasyprint import CSS, HTML

    own = DOCUMENT_CSS.format(font=_css_string(font), draft=_css_string(draft or ""),
                              mark=_css_string(mark or ""))
    fetcher = site_only_fetcher(site)
    HTML(string=html, base_url=page.as_uri(), url_fetcher=fetcher,
         media_type="print").write_pdf(
        str(target), stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher),
                                  CSS(string=own)], uncompressed_pdf=False)


def measures_pdfs(site: Path, project: Project, ctx: BuildContext, rows: list[MeasureRow],
                  font: str, marks: dict[str, str] | None = None,
                  pool: Executor | None = None, data: str = "data") -> None:
    """The plan of measures of `project` as this build shows it (`rows`: the measures page's
    rows) as a PDF per language; nothing when it shows no measure (the page lists none). A
    draft («ЖОБА» / «ПРОЕКТ») until the date of its approval is recorded."""
    document = measures_document(project, rows)
    if document is None:
        return
    plan = project.plan
    period = f"{numeric(plan.period.start)} — {numeric(plan.period.end)}" if plan.period \
        else None
    documents = {lang: (str(ctx.strings[lang]["measures_title"]),
                        measures_html(document, ctx.strings[lang], lang,
                                      plan.organization[lang], period, ctx.today))
                 for lang in ctx.languages}
    drafts = None if document.final else {
        lang: " ".join(str(ctx.strings[lang]["draft_mark"]).split()) for lang in ctx.languages}
    write_measures_pdfs(site, documents, font, marks, drafts, pool, data)


def write_measures_pdfs(site: Path, documents: dict[str, tuple[str, str]], font: str,
                        marks: dict[str, str] | None = None,
                        drafts: dict[str, str] | None = None,
                        pool: Executor | None = None, data: str = "data") -> None:
    """The plan of measures as an A4 PDF per language (`documents`: per language, its title
    and its HTML body, `measures_html`) into site/data/, in the reference's style: the same
    stylesheet, font, marks and page numbers."""
    (site / data).mkdir(parents=True, exist_ok=True)
    jobs = [(site, lang, title, body, font, (marks or {}).get(lang), (drafts or {}).get(lang),
             data) for lang, (title, body) in documents.items()]
    if pool is None:
        for job in jobs:
            write_measures_pdf(*job)
        return
    for future in [pool.submit(write_measures_pdf, *job) for job in jobs]:
        future.result()


def write_measures_pdf(site: Path, lang: str, title: str, body: str, font: str,
                       mark: str | None = None, draft: str | None = None,
                       data: str = "data") -> None:
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    stylesheet = site / lang / "assets" / STYLESHEET
    if not stylesheet.is_file():
        raise BuildError(t("pdf_stylesheet_missing", path=f"{lang}/assets/{STYLESHEET}"))
    html = _TEMPLATE.format(lang=lang, title=escape(title), body=keep_numbered_words(body))
    print_pdf(site, html, site / lang / "index.html", stylesheet,
              site / data / f"measures-plan-{lang}.pdf", font, mark, draft)


def measures_html(doc: MeasuresDocument, strings: dict[str, Any], lang: str,
                  organization: str, period: str | None, as_of: date) -> str:
    """The plan of measures as the HTML the PDF prints (every text escaped): the approval
    block, the organization, the title, the table of measures under the risks they answer,
    what the statuses are as of."""
    s = strings

    def e(text: object) -> str:
        return escape(str(text))

    approval = doc.approval
    position = approval.position[lang] if approval and approval.position else ""
    name = approval.person.name[lang] if approval and approval.person else ""
    when = numeric(approval.date) if approval and approval.date else BLANK_DATE
    parts = ['<div class="adal-doc-approval">',
             f'<p class="adal-doc-approval__title">{e(str(s["approved"]).upper())}</p>']
    parts.append(f'<p class="adal-doc-approval__position">{e(position)}</p>' if position
                 else '<p class="adal-sign__name--blank"></p>')
    parts.append('<p class="adal-doc-approval__sign"><span class="adal-doc-approval__line">'
                 f'</span> <span class="adal-doc-approval__name">{e(name) or "_" * 14}</span>'
                 '</p>')
    parts.append(f'<p class="adal-doc-approval__date">{e(when)}</p></div>')
    parts.append(f'<p class="adal-doc-org">{e(organization)}</p>')
    parts.append(f'<h1>{e(s["measures_title"])}</h1>')
    if period:
        parts.append(f'<p class="adal-doc-number">{e(s["period"])}: {e(period)}</p>')
    head = measures_head(s)
    parts.append('<table class="adal-doc-table adal-doc-table--measures"><thead><tr>'
                 + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>")
    for risk, rows in measure_groups(doc, s, lang):
        parts.append(f'<tr class="adal-doc-risk"><td colspan="{len(head)}">{e(risk)}</td></tr>')
        for cells in rows:
            parts.append("<tr>" + "".join(f"<td>{'<br>'.join(e(x) for x in cell)}</td>"
                                          for cell in cells) + "</tr>")
    parts.append("</tbody></table>")
    parts.append(f'<p class="adal-doc-note">{e(str(s["as_of"]).format(date=numeric(as_of)))}'
                 "</p>")
    if doc.withheld:
        parts.append(f'<p class="adal-doc-note">'
                     f'{e(str(s["measures_withheld"]).format(n=doc.withheld))}</p>')
    return "\n".join(parts)


def measures_head(s: dict[str, Any]) -> list[str]:
    """The columns of the table of measures (the PDF and the DOCX alike)."""
    return [s["col"]["number"], s["col_measure"], s["col"]["responsible"], s["col"]["deadline"],
            s["col_execution"]]


def measure_groups(doc: MeasuresDocument, s: dict[str, Any],
                   lang: str) -> list[tuple[str, list[list[list[str]]]]]:
    """The measures in their order, each run of measures answering the same risks under one
    line naming those risks (direction, indicator and its wording); each measure's cells a
    list of lines: №, the measure, who is responsible, the deadline, its execution."""
    groups: list[tuple[str, list[list[list[str]]]]] = []
    last: tuple[object, ...] | None = None
    for row in doc.rows:
        key = (tuple(row.risks), row.origin)
        if key != last:
            groups.append((risk_line(doc, row, s, lang), []))
            last = key
        groups[-1][1].append(measure_cells(row, s, lang))
    return groups


def risk_line(doc: MeasuresDocument, row: MeasureRow, s: dict[str, Any], lang: str) -> str:
    """«Тәуекел: 1. Персоналды басқару, 2) …» — the risks a measure answers."""
    risks = []
    for direction, number in row.risks:
        label = doc.risk(row, direction, number)
        if label is None:
            risks.append(f"{direction}/{number}")
            continue
        text = f" {label.text[lang]}" if label.text else ""
        risks.append(f"{label.direction_number}. {label.direction[lang]}, {number}){text}")
    carried = f" ({str(s['measure_carried_from']).format(origin=row.origin)})" \
        if row.origin else ""
    return f"{s['col_risk']}: {'; '.join(risks)}{carried}"


def measure_cells(row: MeasureRow, s: dict[str, Any], lang: str) -> list[list[str]]:
    """One measure's cells, each a list of lines (a name is kept on one line)."""
    measure = [row.text[lang] + (f" ({s['internal_tag']})" if not row.public else "")]
    if row.completed is not None:
        key = "measure_done_late_on" if row.status == "done-late" else "measure_done_on"
        done = [str(s[key]).format(date=numeric(row.completed))]
    else:
        done = [str(s["status"][row.status])]
    if row.evidence:
        done.append(f"{s['measure_evidence']}: {row.evidence[lang]}")
    names = ", ".join(name.replace(" ", "\u00a0") for name in row.responsible[lang])
    return [[str(row.number)], measure, [names or "—"],
            [numeric(row.deadline) if row.deadline else str(s["no_deadline"])], done]
