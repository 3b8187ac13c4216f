"""Files committed to the portal's repository under the name of a folder a build writes: the
sites the README and the CI templates build (`site/`, `public-site/`, `public/`, …) and Adal's
working folders beside them (`.site.builds/`). A build refuses what it did not write there,
and a CI job could publish the committed copy instead of its build, so `adal check` names
each. A warning, not an error: the build itself stays safe (it refuses, exit 2, and names the
path), the intranet build and the preview go on, and `--strict`, which the CI templates use,
stops before anything is published."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from generator.check.problems import Report
from generator.messages import t
from generator.source.history import git

SHADOWED = ("site", "site-offline", "public-site", "public", "intranet-site", "intranet")
_BUILDS = re.compile(r"^\..+\.builds$")


def shadowing(tracked: Iterable[str]) -> list[str]:
    """The top-level names among tracked paths (relative to the portal) that a build folder
    has."""
    names = {path.split("/", 1)[0] for path in tracked}
    return sorted(name for name in names if name in SHADOWED or _BUILDS.match(name))


def tracked(root: Path) -> list[str]:
    """The portal's paths git tracks under those names; none outside a git repository."""
    specs = [*SHADOWED, ":(glob).*.builds", ":(glob).*.builds/**"]
    out = git(root, "ls-files", "-z", "--", *specs)
    return [p for p in out.decode("utf-8", "replace").split("\0") if p] if out else []


def check_outputs(root: Path, report: Report) -> None:
    for name in shadowing(tracked(root)):
        report.warning(root / name, 1, t("shadow_build_folder", name=name))
