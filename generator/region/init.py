"""`adal init --region DIR`: a new regional portal's files (region.yaml, the fetch script and
the CI templates), copied from generator/skeleton/region/."""

from __future__ import annotations

import shutil
from pathlib import Path

# shipped name (no leading dot: package data globs skip hidden files) → name in the folder
FILES = {"region.yaml": "region.yaml", "fetch.sh": "fetch.sh", "gitignore": ".gitignore",
         "github-region.yml": ".github/workflows/region.yml",
         "gitlab-ci.yml": ".gitlab-ci.yml"}
SKELETON = Path(__file__).resolve().parent.parent / "skeleton" / "region"


def new_region(target: Path) -> None:
    source = SKELETON
    for name, dest in FILES.items():
        path = target / dest
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, path)
