"""`adal init` works from a regular (non-editable) install, as a new organization gets it
(issue 11, item 1): install into a fresh venv, start a portal, check it, build it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_init_check_and_build_from_an_installed_copy(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a clean copy: no build/ or egg-info of the checkout
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", "site", ".site.*", "build", "*.egg-info", "__pycache__", "tests", "bench"))
    venv = tmp_path / "venv"
    # The venv sees the already-installed dependencies; Adal itself is installed into it.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps",
           str(source)]
    subprocess.run(pip, check=True, capture_output=True, timeout=300)
    adal = str(venv / "bin" / "adal")
    portal = tmp_path / "new-org"
    run = {"capture_output": True, "text": True, "timeout": 300, "cwd": tmp_path}
    assert subprocess.run([adal, "init", str(portal)], **run).returncode == 0
    assert len(list((portal / "indicators").glob("*.yaml"))) == 9
    check = subprocess.run([adal, "check", "--project", str(portal)], **run)
    assert check.returncode == 0, check.stderr
    for placeholder in ("Ұйымның атауы", "Наименование организации", "ФИО руководителя",
                        "no item has a deadline"):
        assert placeholder in check.stderr  # what the organization still has to fill in
    strict = subprocess.run([adal, "check", "--strict", "--project", str(portal)], **run)
    assert strict.returncode == 1
    built = subprocess.run([adal, "build", "--project", str(portal), "--no-pdf"], **run)
    assert built.returncode == 0, built.stderr
    assert (portal / "site" / "kk" / "index.html").is_file()
    # adal import from the installed copy: the seed's Word plan becomes a portal that checks.
    from tests.plan_docx import seed_docx

    imported = subprocess.run([adal, "import", str(seed_docx(tmp_path)), "--into",
                               str(tmp_path / "imported")], **run)
    assert imported.returncode == 0 and "adal check: ok" in imported.stderr + imported.stdout, \
        imported.stderr
    # The portal's own mkdocs.yml: a plain `mkdocs build` there says what to run instead.
    plain = subprocess.run([str(venv / "bin" / "python"), "-m", "mkdocs", "build"],
                           capture_output=True, text=True, timeout=300, cwd=portal)
    assert plain.returncode == 1
    assert "build the site with 'adal build'" in plain.stderr, plain.stderr
    assert "Traceback" not in plain.stderr
    assert (portal / ".github" / "workflows" / "publish.yml").is_file()
    assert (portal / ".gitlab-ci.yml").is_file()
    ignored = (portal / ".gitignore").read_text("utf-8").split()
    assert {"/site", "/public-site", "/site-offline"} <= set(ignored)  # builds stay out of git
