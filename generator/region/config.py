"""region.yaml: the supervising body, its organizations and where each one's downloaded
open data is (docs/region.md). Read with the line of every key: every problem is
`region.yaml:line: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field

from generator.check.messages import parse_model
from generator.check.problems import Report
from generator.domain.schema import Id, NonEmpty, RiskLevels, Strict, Year
from generator.messages import t
from generator.source.files import SourceError
from generator.source.yamlload import Located

FILE = "region.yaml"
MAX_BYTES = 16 * 1024 * 1024  # 3,000 organizations take about 1 MB
Line = Annotated[str, Field(min_length=1, max_length=500)]
_HTTP = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[^\s\"'<>\\`]*)?$")


_UNKNOWN = {"kind": "region_unknown_kind", "district": "region_unknown_district"}


class Name(Strict):
    kk: Line
    ru: Line


class Organization(Strict):
    id: Id
    name: Name
    bin: Annotated[str, Field(pattern=r"^\d{12}$")] | None = None
    kind: Id
    district: Id
    data: NonEmpty
    site: Annotated[str, Field(max_length=500)] | None = None


class RegionRef(Strict):
    """A region (a regional body's published roll-up) as a member of a national one."""

    id: Id
    name: Name
    district: Id
    data: NonEmpty
    site: Annotated[str, Field(max_length=500)] | None = None


class RegionFile(Strict):
    name: Name
    year: Year | None = None
    stale_after_days: Annotated[int, Field(ge=1, le=3660, strict=True)] = 45
    risk_levels: RiskLevels = RiskLevels()
    kinds: dict[Id, Name]
    districts: dict[Id, Name]
    organizations: list[Organization] = []
    regions: list[RegionRef] = []


@dataclass(frozen=True)
class Member:
    """An organization as the region lists it, its data folder resolved, its site kept only
    when it is a web address (anything else would become a link that runs or misleads)."""

    org: Organization | RegionRef
    line: int
    folder: Path
    site: str | None

    @property
    def is_region(self) -> bool:
        """A region: its data is that region's published summary (region.json)."""
        return isinstance(self.org, RegionRef)


@dataclass(frozen=True)
class Region:
    path: Path
    spec: RegionFile
    members: tuple[Member, ...]


def http_site(value: str | None) -> str | None:
    """A site link only when it is an http(s) address with a plain host."""
    return value if value is not None and _HTTP.match(value) else None


def read_region_text(path: Path) -> str:
    """region.yaml as text, within its own size limit (larger than a portal file's)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, 1, t("file_unreadable", reason=exc.strerror)) from None
    if len(raw) > MAX_BYTES:
        raise SourceError(path, 1, t("region_file_too_big", limit=MAX_BYTES // (1024 * 1024)))
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(path, line, t("file_not_utf8", byte=f"{raw[exc.start]:02x}")) \
            from None


def load_region(path: Path, report: Report) -> Region | None:
    """The region, or None with every problem in `report` (warnings do not stop it)."""
    try:
        text = read_region_text(path)
    except SourceError as exc:
        report.error(exc.path, exc.line, exc.message)
        return None
    parsed = parse_model(RegionFile, text, path, report)
    if parsed is None:
        return None
    spec, located = parsed
    members = _members(spec, located, path, report)
    return None if report.errors else Region(path, spec, members)


def _members(spec: RegionFile, located: Located, path: Path,
             report: Report) -> tuple[Member, ...]:
    seen: dict[str, int] = {}
    bins: dict[str, int] = {}
    members = []
    if not spec.organizations and not spec.regions:
        report.error(path, 1, t("region_no_members"))
    listed: list[tuple[str, int, Organization | RegionRef]] = [
        ("organizations", i, o) for i, o in enumerate(spec.organizations)]
    listed += [("regions", i, r) for i, r in enumerate(spec.regions)]
    for group, index, org in listed:
        line = located.line_of((group, index))
        if org.id in seen:
            report.error(path, line, t("region_duplicate_id", id=org.id, line=seen[org.id]))
        seen.setdefault(org.id, line)
        if isinstance(org, Organization) and org.bin is not None:
            if org.bin in bins:
                report.error(path, located.line_of((group, index, "bin")),
                             t("region_duplicate_bin", bin=org.bin, line=bins[org.bin]))
            bins.setdefault(org.bin, line)
        checks = (("kind", spec.kinds), ("district", spec.districts)) \
            if isinstance(org, Organization) else (("district", spec.districts),)
        for key, table in checks:
            value = getattr(org, key)
            if value not in table:
                report.error(path, located.line_of((group, index, key)),
                             t(_UNKNOWN[key], value=value,
                               known=", ".join(sorted(table)) or "—"))
        site = http_site(org.site)
        if org.site is not None and site is None:
            report.warning(path, located.line_of((group, index, "site")),
                           t("region_site_not_http", id=org.id))
        folder = Path(org.data)
        members.append(Member(org, line, folder if folder.is_absolute()
                              else path.parent / folder, site))
    return tuple(members)
