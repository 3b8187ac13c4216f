"""A new portal's files, as `adal init` and `adal import` write them: the plan skeleton, the
site's look (mkdocs.yml), CI templates, the standard indicator catalog, empty content folders
and a .gitignore. A bottom-level module (like resources.py)."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from generator.resources import catalog_dir

# (file in the skeleton, name in the portal). Hidden names are kept plain in the package
# (package data leaves dot-files out).
SKELETON = (("plan.yaml", "plan.yaml"), ("mkdocs.yml", "mkdocs.yml"),
            ("ci/github-publish.yml", ".github/workflows/publish.yml"),
            ("ci/gitlab-ci.yml", ".gitlab-ci.yml"))
BUILDS = ("site", "public-site", "site-offline")  # the builds the README names


# What only the bundled portal's approved plan records (its wording, typos and corrections):
# a new organization's catalog has the standard texts alone (issue 17).
_BUNDLED_ONLY = ("approved", "changes", "proposed_ru", "description_approved",
                 "description_changes")


def catalog_text(path: Path) -> str:
    """A standard catalog file as a new portal gets it: without the bundled plan's records."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in _BUNDLED_ONLY:
        data.pop(key, None)
    for indicator in data.get("indicators", []):
        for key in _BUNDLED_ONLY:
            indicator.pop(key, None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def new_portal(target: Path, catalog: bool = True) -> None:
    """Write a new portal into `target` (which must not exist or be empty)."""
    skeleton = Path(str(resources.files("generator.skeleton")))
    target.mkdir(parents=True, exist_ok=True)
    for source, name in SKELETON:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(skeleton / source, target / name)
    (target / "indicators").mkdir()
    if catalog:
        for path in sorted(catalog_dir().glob("*.yaml")):
            (target / "indicators" / path.name).write_text(catalog_text(path), encoding="utf-8")
    for folder in ("findings", "pages", "reference"):
        (target / "content" / folder).mkdir(parents=True)
    # None of the builds belongs in the portal's repository.
    (target / ".gitignore").write_text("".join(f"/{name}\n/.{name}.*\n" for name in BUILDS),
                                       encoding="utf-8")
