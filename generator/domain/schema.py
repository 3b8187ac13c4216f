"""The one schema of a portal's files: plan.yaml, indicators/*.yaml and content front matter.

Pydantic checks shape and types; cross-file references are checked in `validate`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from generator.domain.dates import parse_date
from generator.messages import t

Lang = Literal["kk", "ru"]
LANGS: tuple[Lang, ...] = ("kk", "ru")
Day = Annotated[date, BeforeValidator(parse_date)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Visibility = Literal["public", "internal"]
Assessment = Literal["risk", "no-risk", "not-applicable", "not-assessed"]
# collect: information on a direction's indicators; reference: preparing the analytical
# reference; signing: the working group signs it; agreement: the commission agrees it;
# order: the head's order on the analysis (forming the working group); task: any other work
# (analysis of legal acts, publication, the plan of measures, monitoring…), titled as written.
ItemKind = Literal["collect", "reference", "signing", "agreement", "order", "task"]
# Kinds whose default title the portal's strings give; the others need a `title`.
TITLED_BY_DEFAULT: tuple[str, ...] = ("collect", "reference", "agreement")
Every = Literal["week", "month", "quarter", "half-year", "year"]
Year = Annotated[int, Field(ge=1990, le=2100, strict=True)]
Score = Annotated[int, Field(ge=1, le=5, strict=True)]
NonEmpty = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A human-readable text in both languages."""

    kk: NonEmpty
    ru: NonEmpty

    @field_validator("kk", "ru")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError(t("text_blank"))
        return v.strip()

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


# ---- site_templates/ of a portal ---------------------------------------------------------
# A portal may reword (strings.yaml), re-lay out pages (pages/*.md.j2, rendered in a sandbox)
# and restyle (static assets that cannot run). Theme templates and the engine's configuration
# run as code when the site is built, scripts and pages in readers' browsers: Adal ships them.
PORTAL_ASSET_SUFFIXES = (".css", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff",
                         ".woff2", ".ttf")


def portal_template_allowed(parts: tuple[str, ...]) -> bool:
    """May a portal's site_templates/ hold this file (path parts below site_templates/)?"""
    if parts in (("strings.yaml",), ("spelling", "kk.txt"), ("spelling", "ru.txt")):
        return True  # interface strings; words for the spelling check (check/spelling.py)
    if parts[0] == "pages":
        return len(parts) == 2 and parts[1].endswith(".md.j2")
    return parts[0] == "assets" and Path(parts[-1]).suffix.lower() in PORTAL_ASSET_SUFFIXES


# ---- plan.yaml -------------------------------------------------------------------------

# What `adal init` writes for the organization to replace (generator/skeleton/plan.yaml).
PLACEHOLDERS = frozenset({"Ұйымның атауы", "Наименование организации", "Басшының аты-жөні",
                          "ФИО руководителя"})

class RiskLevels(Strict):
    """Likelihood × impact (1–25) from which a risk is medium, and high; below: low."""

    medium: Annotated[int, Field(ge=2, le=25, strict=True)] = 5
    high: Annotated[int, Field(ge=2, le=25, strict=True)] = 12

    @field_validator("high")
    @classmethod
    def _above_medium(cls, v: int, info: ValidationInfo) -> int:
        if v <= info.data.get("medium", 0):
            raise ValueError(t("risk_threshold_order"))
        return v


class Settings(Strict):
    languages: list[Lang] = ["kk", "ru"]
    due_soon_days: Annotated[int, Field(ge=0, le=366, strict=True)] = 7
    timezone: str = "Asia/Almaty"
    # The public build says how many identified risks it does not publish (per direction);
    # false: it says only that a direction's results are not published.
    publish_withheld_counts: bool = True
    risk_levels: RiskLevels = RiskLevels()
    # The Word document of the reference: Times New Roman 14 is common for official papers.
    document_font: NonEmpty = "Times New Roman"
    document_font_size: Annotated[int, Field(ge=8, le=20, strict=True)] = 14

    @field_validator("languages")
    @classmethod
    def _each_once(cls, v: list[str]) -> list[str]:
        """The first is the site's default language (the root sends readers there); a single
        language builds that language only. Texts are still written in kk and ru."""
        if not v or len(set(v)) != len(v):
            raise ValueError(t("languages_invalid"))
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(t("timezone_unknown", value=repr(v))) from None
        return v


class Person(Strict):
    id: Id
    name: Text
    position: Text | None = None
    # Other spellings used in source documents (e.g. «Н.Рсалды»); references may use them.
    aliases: list[NonEmpty] = []


class Group(Strict):
    id: Id
    name: Text
    members: list[NonEmpty] = []


class Period(Strict):
    start: Day
    end: Day


class Order(Strict):
    """An order: its № and date (the head's order on the analysis, or the order approving
    the plan)."""

    number: NonEmpty
    date: Day


class Approval(Strict):
    """How the plan was approved, in one of two forms: a head's signature («Бекітемін» /
    «Утверждаю»: `person`, `position`, optional `date`), or an order («УТВЕРЖДЕН приказом
    руководителя … от 12.01.2026 № 4» / «… 2026 жылғы 12 қаңтардағы № 4 бұйрығымен
    бекітілген»: `by`, whose order as the plan writes it, and `order`, its № and date; no
    one signs, no name is asked for). `by` alone: the order is not issued yet."""

    person: NonEmpty | None = None
    position: Text | None = None
    date: Day | None = None
    # Whose order, in the words the plan uses after «приказом» / before «бұйрығымен»:
    # {kk: «…» ММ басшысының, ru: руководителя ГУ «…»}.
    by: Text | None = None
    order: Order | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_form(cls, value: object) -> object:
        # On the keys as written (one message for a wrong form, before its fields' own); an
        # approval already made (`adal check`'s stand-in for a failed one) is not looked at.
        if not isinstance(value, dict):
            return value
        keys = {k for k, v in value.items() if v is not None}
        if keys <= {"person", "position", "date", "by", "order"} and keys not in (
                {"person", "position"}, {"person", "position", "date"}, {"by", "order"},
                {"by"}):
            raise ValueError(t("approval_form", keys=sorted(keys) or "—"))
        return value

    @property
    def by_order(self) -> bool:
        """Approved by an order, not by a head's signature."""
        return self.by is not None

    @property
    def day(self) -> date | None:
        """When it was approved: the order's date, or the date of the signature."""
        return self.order.date if self.order else self.date


class Analysis(Strict):
    order: Order | None = None
    start: Day | None = None  # when the analysis was carried out
    end: Day | None = None


class ReferenceDoc(Strict):
    """The analytical reference as a document: its own № and date, when the working group
    signed it and when the commission agreed it (apart from when the plan items were
    completed). Once signed (and agreed, where the plan has an agreement), it is no draft."""

    number: NonEmpty | None = None
    date: Day | None = None
    signed: Day | None = None
    agreed: Day | None = None


class WorkingGroup(Strict):
    leader: NonEmpty  # a person
    members: list[NonEmpty] = []  # people or groups (a group stands for its members)


class Written(Strict):
    """A text as the plan writes it (a position, a unit, a group's own name, a cell of an
    extra column): in kk and ru, or in one language with the other marked `missing`. Pages
    in the missing language show the written one; nothing is translated by Adal."""

    kk: NonEmpty | None = None
    ru: NonEmpty | None = None
    missing: Lang | None = None
    # For a responsible entry: what the plan names (information only; shown as written).
    kind: Literal["position", "unit", "group"] | None = None

    @model_validator(mode="after")
    def _languages(self) -> Written:
        given = [lang for lang in LANGS if getattr(self, lang) is not None]
        for lang in given:
            if not getattr(self, lang).strip():
                raise ValueError(t("text_blank"))
        wanted = [lang for lang in LANGS if lang != self.missing]
        if given != wanted:
            raise ValueError(t("written_languages", missing=self.missing or "—"))
        return self

    def __getitem__(self, lang: str) -> str:
        text = getattr(self, lang) if lang in LANGS else None
        return (text or getattr(self, "ru" if lang == "kk" else "kk") or "").strip()


class AsWritten(Strict):
    """The plan's own wording of a deadline, in the languages it gives (one is enough); a
    language without it shows Adal's wording of the same deadline."""

    kk: NonEmpty | None = None
    ru: NonEmpty | None = None

    @model_validator(mode="after")
    def _one(self) -> AsWritten:
        if self.get("kk") is None and self.get("ru") is None:
            raise ValueError(t("as_written_empty"))
        return self

    def get(self, lang: str) -> str | None:
        text = getattr(self, lang, None) if lang in LANGS else None
        return text.strip() if text and text.strip() else None


# The forms of a deadline, by the keys that give it (docs/formats.md › Deadlines).
DEADLINE_FORMS = ("date", "period", "quarter", "half", "month", "year", "recurring", "words")


class Deadline(Strict):
    """When an item is due, as plans write it: a date (written plainly, `deadline:
    06.01.2025`, or `{date: …}`), a period `{start, end}` (due at its end), a quarter, a
    half-year or a month of a year, `{throughout: 2025}` («жыл бойы» / «в течение года», due at
    the year's end), or recurring `{every: week|month|quarter|half-year|year}` over a `year`, a
    `start`–`end`, or given `dates` (one due date per occurrence); or only in words,
    `{as_written: …}` («в течение 10 рабочих дней после получения», «постоянно»,
    «күн сайын»): a deadline the plan sets without a date (status `as-written`)."""

    date: Day | None = None
    start: Day | None = None
    end: Day | None = None
    quarter: Annotated[int, Field(ge=1, le=4, strict=True)] | None = None
    half: Annotated[int, Field(ge=1, le=2, strict=True)] | None = None
    month: Annotated[int, Field(ge=1, le=12, strict=True)] | None = None
    year: Year | None = None
    throughout: Year | None = None
    every: Every | None = None
    dates: list[Day] = []
    as_written: AsWritten | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_date(cls, value: object) -> object:
        """`deadline: 06.01.2025` is `{date: 06.01.2025}` (a wrong date reported at `deadline`)."""
        if isinstance(value, (str, date)):
            return {"date": parse_date(value)}
        if not isinstance(value, dict):  # `deadline: 2025`: say which forms there are
            raise ValueError(t("deadline_form", keys=repr(value)))
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Deadline:
        keys = {k for k in ("date", "start", "end", "quarter", "half", "month", "year",
                            "throughout", "every") if getattr(self, k) is not None}
        if self.dates:
            keys.add("dates")
        allowed = ({"date"}, {"start", "end"}, {"quarter", "year"}, {"half", "year"},
                   {"month", "year"}, {"throughout"}, {"every", "year"},
                   {"every", "start", "end"}, {"every", "dates"})
        if not keys and self.as_written is not None:
            return self  # only in words: the plan sets it without a date
        if keys not in allowed:
            raise ValueError(t("deadline_form", keys=sorted(keys) or "—"))
        if self.start and self.end and self.end < self.start:
            raise ValueError(t("deadline_period_reversed"))
        if self.dates and sorted(set(self.dates)) != list(self.dates):
            raise ValueError(t("deadline_dates_order"))
        return self

    @property
    def form(self) -> str:
        if self.words_only:
            return "words"
        if self.every is not None:
            return "recurring"
        for key in ("date", "quarter", "half", "month"):
            if getattr(self, key) is not None:
                return key
        return "year" if self.throughout is not None else "period"

    @property
    def words_only(self) -> bool:
        """Given only in words, with no date Adal could count from."""
        return self.start is None and self.end is None and not self.dates and all(
            getattr(self, k) is None for k in ("date", "quarter", "half", "month", "year",
                                               "throughout", "every"))


class Column(Strict):
    """An extra column of the plan's table («Аяқтау нысаны» / «Форма завершения», «Ескерту» /
    «Примечание», a completion mark): internal unless marked public."""

    id: Id
    title: Text
    visibility: Visibility = "internal"


def _title_form(value: object) -> str:
    return "Written" if isinstance(value, dict) and "missing" in value else "Text"


def _responsible_form(value: object) -> str:
    return "Written" if isinstance(value, dict) else "Text"


# One form is tried, so a wrong entry gets one message. The tags are schema model names, which
# messages leave out of the place they name (check/messages.py).
Responsible = Annotated[Annotated[NonEmpty, Tag("Text")] | Annotated[Written, Tag("Written")],
                        Discriminator(_responsible_form)]


# An item's number as written: «2.3», «1.1», «II.1», «1)» (digits or letters, joined by «.»).
LABEL_PATTERN = r"^[0-9A-Za-zІіА-Яа-я]+([.\-][0-9A-Za-zІіА-Яа-я]+)*[.)]?$"
Label = Annotated[str, Field(min_length=1, max_length=20, pattern=LABEL_PATTERN)]
# In both languages, or as written in one with the other `missing` (an imported plan): one
# form is tried (by the `missing` key), so a text lacking a language gets one message.
PlanText = Annotated[Annotated[Text, Tag("Text")] | Annotated[Written, Tag("Written")],
                     Discriminator(_title_form)]


class Item(Strict):
    number: Annotated[int, Field(ge=1, strict=True)]
    # The item's number as the plan writes it («2.3», «1.1»), when it is not `number`: pages
    # show it; `number` stays the item's place in the portal (links, references, checks).
    label: Label | None = None
    # The section row of the plan's table the item stands under («I. Организационные
    # мероприятия»): pages show it once, above its first item.
    section: PlanText | None = None
    kind: ItemKind
    direction: Id | None = None
    title: PlanText | None = None
    deadline: Deadline | None = None
    completed: Day | None = None
    # A recurring deadline: when each occurrence was done, in order (the first N of them).
    completed_occurrences: list[Day] = []
    # People or groups (id, name or alias), or a text as the plan writes it (a position, a
    # unit, a group under the document's own name): `{kk: …, ru: …}`.
    responsible: Annotated[list[Responsible], Field(min_length=1)]
    columns: dict[Id, Written] = {}  # values of the plan's extra columns, by column id
    note: Text | None = None  # internal, never published


class Plan(Strict):
    organization: Text
    title: Text
    approval: Approval
    period: Period | None = None
    legal_basis: list[Text] = []
    commission: Id | None = None
    analysis: Analysis | None = None
    reference: ReferenceDoc | None = None
    working_group: WorkingGroup | None = None
    # What the approved plan does not state (the analysed period, the order forming the
    # working group, who is in the working group): said so, `adal check` does not ask for it.
    not_stated: list[Literal["period", "order", "working_group"]] = []
    settings: Settings = Settings()
    people: list[Person]
    groups: list[Group] = []
    columns: list[Column] = []  # extra columns of the plan's table
    items: Annotated[list[Item], Field(min_length=1)]


# ---- indicators/<direction>.yaml ---------------------------------------------------------

class Change(Strict):
    """One correction of the approved wording (Kazakh, the plan's language).

    typo: a spelling fix, applied to the text shown; completion: text the approved plan lacks
    (a clause cut off), applied, with a reason; wording: a change of meaning, *not* applied —
    the approved wording is shown, this change beside it as proposed, with a reason."""

    was: NonEmpty
    now: str
    kind: Literal["typo", "completion", "wording"] = "typo"
    reason: Text | None = None


class Indicator(Strict):
    number: Annotated[int, Field(ge=1, strict=True)]
    text: Text
    # False where the approved plan listed the indicator without a number of its own.
    numbered_in_plan: bool = True
    # The approved plan's wording, exactly, when `text.kk` differs from it or a change is
    # proposed; `changes` turn it into `text.kk` (typo, completion) and propose the rest.
    approved: NonEmpty | None = None
    changes: list[Change] = []
    # With a `wording` change: `text.ru` translates the approved wording (what `text.kk`
    # says), and this is the Russian of the proposed correction shown beside it.
    proposed_ru: NonEmpty | None = None


class Direction(Strict):
    number: Annotated[int, Field(ge=1, strict=True)]
    title: Text
    kind: Literal["indicators", "areas"] = "indicators"
    description: Text | None = None
    # The approved plan's wording of the description, exactly, when `description.kk` corrects
    # it; `description_changes` (typo fixes, as an indicator's) turn it into `description.kk`.
    description_approved: NonEmpty | None = None
    description_changes: list[Change] = []
    # "working" marks a translation to be replaced by the official text.
    # "missing": the texts in that language are not written yet (an import found no
    # translation); until then they repeat the other language's, and the pages say so.
    translation: dict[Lang, Literal["official", "working", "missing"]] = {}
    indicators: Annotated[list[Indicator], Field(min_length=1)]


# ---- content/ front matter --------------------------------------------------------------

class Finding(Strict):
    indicator: Annotated[int, Field(ge=1, strict=True)]
    assessment: Assessment
    evidence: Text | None = None
    causes: Text | None = None
    recommendation: Text | None = None
    likelihood: Score | None = None
    impact: Score | None = None
    # Who is to carry out the recommendation, and by when (people or groups).
    responsible: list[NonEmpty] = []
    deadline: Day | None = None
    visibility: Visibility | None = None  # default: the file's
    note: Text | None = None  # internal, never published

    @property
    def score(self) -> int | None:
        """Likelihood × impact, when both are given."""
        return self.likelihood * self.impact if self.likelihood and self.impact else None


class FindingsMeta(Strict):
    direction: Id
    visibility: Visibility = "internal"
    assessed: Day | None = None
    findings: list[Finding] = []


class PageMeta(Strict):
    title: Text
    visibility: Visibility = "internal"
    order: int = 100


class ReferenceMeta(Strict):
    visibility: Visibility = "internal"


# ---- mkdocs.yml of a portal: the site's look ----------------------------------------------
# A portal decides its colours, logo, favicon, stylesheets, copyright line, public address and
# a few Markdown extensions; everything else of the engine's configuration is Adal's (it could
# run code). Adal merges these keys into each language's configuration.
PRIMARY_COLORS = ("red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan",
                  "teal", "green", "light green", "lime", "yellow", "amber", "orange",
                  "deep orange", "brown", "grey", "blue grey", "black", "white")
ACCENT_COLORS = tuple(c for c in PRIMARY_COLORS
                      if c not in ("brown", "grey", "blue grey", "black", "white"))
# Extensions whose output the sanitiser keeps (footnotes are not here: they need ids).
MARKDOWN_EXTENSIONS = ("abbr", "def_list", "pymdownx.betterem", "pymdownx.caret",
                       "pymdownx.mark", "pymdownx.smartsymbols", "pymdownx.tilde")
# Keys of an MkDocs configuration that Adal writes itself (or that could run code or break
# the site): a portal's mkdocs.yml may not set them.
ADAL_SITE_KEYS = ("site_dir", "nav", "extra", "extra_javascript", "hooks", "use_directory_urls",
                  "validation", "strict", "INHERIT", "theme.custom_dir", "theme.language",
                  "theme.features", "theme.font", "dev_addr", "watch", "exclude_docs",
                  "not_in_nav", "edit_uri", "repo_url")
AssetPath = Annotated[str, Field(pattern=r"^assets/[A-Za-z0-9_][A-Za-z0-9_.-]*$", max_length=120)]
SiteUrl = Annotated[str, Field(pattern=r"^https?://[^\s\"'<>]+$", max_length=300)]


class Palette(Strict):
    primary: Literal[PRIMARY_COLORS] = "indigo"  # type: ignore[valid-type]
    accent: Literal[ACCENT_COLORS] = "indigo"  # type: ignore[valid-type]
    scheme: Literal["default", "slate"] = "default"


class SiteTheme(Strict):
    name: Literal["material"] = "material"  # the engine's theme (Adal's choice)
    palette: Palette = Palette()
    logo: AssetPath | None = None  # site_templates/assets/<image>
    favicon: AssetPath | None = None


class SiteConfig(Strict):
    """The portal's own mkdocs.yml (see docs/formats.md)."""

    site_url: SiteUrl | None = None
    copyright: NonEmpty | None = None
    theme: SiteTheme = SiteTheme()
    extra_css: list[AssetPath] = []
    markdown_extensions: list[Literal[MARKDOWN_EXTENSIONS]] = []  # type: ignore[valid-type]
    # What `adal init` writes so that a plain `mkdocs build` here explains itself; the site's
    # name on its pages is the organization's, from plan.yaml.
    site_name: NonEmpty | None = None
    docs_dir: Literal["content"] | None = None
    plugins: list[Literal["adal"]] = []


# ---- measures.yaml: the plan of measures to remove the identified risks --------------------
RiskRef = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*/[1-9][0-9]*$", max_length=80)]


class Measure(Strict):
    number: Annotated[int, Field(ge=1, strict=True)]
    # The identified risks it addresses: "<direction>/<indicator>", e.g. "personnel/2".
    risks: Annotated[list[RiskRef], Field(min_length=1)]
    text: Text
    responsible: Annotated[list[NonEmpty], Field(min_length=1)]
    deadline: Day | None = None
    completed: Day | None = None
    evidence: Text | None = None  # what shows it was done (published with the measure)
    note: Text | None = None  # internal, never published
    visibility: Visibility = "internal"
    # Carried over from an earlier analysis (adal next-analysis): its id (analyses/<id>/),
    # whose identified risks `risks` names.
    origin: Annotated[str, Field(pattern=r"^(19|20)\d\d(-[1-9])?$")] | None = None


class MeasuresApproval(Strict):
    """Who approved the plan of measures («Бекітемін» / «Утверждаю») and when, as the signed
    document writes it. Each part optional: `adal check` warns about a missing one (a draft
    until the date is recorded), nothing is filled in for it."""

    position: Text | None = None  # the approver's position, as written in the document
    person: NonEmpty | None = None  # a person of plan.yaml (id, name or alias), or the name
    date: Day | None = None  # as written («Н. Рсалды») when not one of them


class MeasuresPlan(Strict):
    approval: MeasuresApproval | None = None
    measures: list[Measure] = []
