"""A portal's own mkdocs.yml (issue 11, item 6): the look it may choose reaches every language's
site, Adal's own keys and anything that could run code are refused with their line, and the
CI templates `adal init` writes run the same commands as here (item 9)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

import yaml

from tests.conftest import DEMO, REPO, copy_portal, run_adal

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")


def test_the_examples_site_url_makes_the_sitemap_absolute(demo_public: Path) -> None:
    for lang in ("kk", "ru"):
        sitemap = (demo_public / lang / "sitemap.xml").read_text("utf-8")
        locs = [line.strip() for line in sitemap.splitlines() if "<loc>" in line]
        assert locs, sitemap
        assert all(loc.startswith(f"<loc>https://example.org/ulgi/{lang}/") for loc in locs)
        page = (demo_public / lang / "index.html").read_text("utf-8")
        assert f'<link rel="canonical" href="https://example.org/ulgi/{lang}/">' in page
        assert "ойдан шығарылған мысал / вымышленный пример" in page  # the copyright line


def _portal(tmp_path: Path, site: str) -> Path:
    root = copy_portal(DEMO, tmp_path / "portal")
    (root / "mkdocs.yml").write_text(site, "utf-8")
    assets = root / "site_templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "logo.png").write_bytes(PNG)
    (assets / "ours.css").write_text(":root { --md-primary-fg-color: #00695c; }\n", "utf-8")
    return root


def test_colours_logo_stylesheet_and_an_escaped_copyright_reach_every_page(
        tmp_path: Path) -> None:
    root = _portal(tmp_path, """theme:
  name: material
  palette: {primary: teal, accent: amber}
  logo: assets/logo.png
  favicon: assets/logo.png
extra_css: [assets/ours.css]
copyright: '<script>alert(1)</script> «Үлгі» & Co'
markdown_extensions: [pymdownx.mark]
""")
    result = run_adal("build", "--project", str(root), "--no-pdf", "--today", "2025-01-15")
    assert result.returncode == 0, result.stderr
    for lang in ("kk", "ru"):
        page = (root / "site" / lang / "directions" / "budget" / "index.html").read_text("utf-8")
        assert 'data-md-color-primary="teal"' in page and 'data-md-color-accent="amber"' in page
        assert 'src="../../assets/logo.png"' in page
        assert 'href="../../assets/ours.css"' in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; «Үлгі» &amp; Co" in page
        assert "<script>alert(1)" not in page
        assert (root / "site" / lang / "assets" / "logo.png").read_bytes() == PNG


def test_what_a_portal_may_not_set_is_refused_with_its_line(tmp_path: Path) -> None:
    root = _portal(tmp_path, """theme:
  name: material
  logo: assets/missing.png
  custom_dir: overrides
extra_css: [assets/logo.png]
hooks: [evil.py]
markdown_extensions: [pymdownx.snippets]
site_url: javascript:alert(1)
extra:
  analytics: {provider: google}
copyright: !!python/name:os.system
""")
    result = run_adal("check", "--project", str(root))
    assert result.returncode == 1
    err = result.stderr
    assert "mkdocs.yml:11: the YAML tag '!!python/name:os.system' is not allowed" in err, err
    # The tag stops the file's reading; the same file without it shows every other problem.
    text = (root / "mkdocs.yml").read_text("utf-8").replace("!!python/name:os.system", "ok")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    err = run_adal("check", "--project", str(root)).stderr
    for expected in (
            "mkdocs.yml:4: Adal sets 'theme.custom_dir' itself",
            "mkdocs.yml:6: Adal sets 'hooks' itself",
            "mkdocs.yml:9: Adal sets 'extra' itself",
            "mkdocs.yml:7: markdown_extensions, entry 1: expected one of: abbr, def_list",
            "mkdocs.yml:8: site_url: expected an address starting with http:// or https://"):
        assert expected in err, err
    text = "\n".join(line for line in text.split("\n")
                     if not line.startswith(("hooks", "markdown", "site_url", "extra:", "  analytics",
                                             "  custom_dir")))
    (root / "mkdocs.yml").write_text(text, "utf-8")
    err = run_adal("check", "--project", str(root)).stderr
    assert "mkdocs.yml:3: 'assets/missing.png' not found: put the file at " \
           "site_templates/assets/missing.png" in err, err
    assert "mkdocs.yml:4: 'assets/logo.png' does not fit here: expected a .css file" in err, err


# ---- the CI templates of `adal init` (item 9) --------------------------------------------------

def _templates(tmp_path: Path) -> tuple[Path, dict, dict]:
    portal = tmp_path / "new"
    assert run_adal("init", str(portal)).returncode == 0
    github = yaml.safe_load((portal / ".github" / "workflows" / "publish.yml").read_text("utf-8"))
    gitlab = yaml.safe_load((portal / ".gitlab-ci.yml").read_text("utf-8"))
    return portal, github, gitlab


def test_the_ci_templates_run_on_push_and_nightly_and_publish_only_the_public_build(
        tmp_path: Path) -> None:
    _, github, gitlab = _templates(tmp_path)
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and triggers["schedule"][0]["cron"]
    build = github["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in build]
    assert "adal check --strict" in runs
    assert any('adal build --strict --public --out "$sites/public"' in run for run in runs)
    pages = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages"))
    assert pages["with"]["path"] == "public/"
    intranet = next(s for s in build if s.get("with", {}).get("name") == "intranet-site")
    assert intranet["with"]["path"] == "intranet/"
    assert "public/" in github["jobs"]["server"]["steps"][-1]["run"]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public/"]
    assert "rm -rf intranet" in gitlab["pages"]["script"]
    assert "public/" in gitlab["server"]["script"][-1]


def test_the_ci_templates_commands_work_here(tmp_path: Path) -> None:
    """The templates' own commands, from `adal check --strict` to the copies that are published,
    run on the example portal with this checkout's adal."""
    _, github, gitlab = _templates(tmp_path)
    portal = copy_portal(DEMO, tmp_path / "portal")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "adal"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(os.sys.executable)} -m generator "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(REPO)}
    github_runs = [s["run"] for s in github["jobs"]["build"]["steps"]
                   if "run" in s and "pip install" not in s["run"]]
    assert github_runs == ["adal check --strict", "\n".join(gitlab["build"]["script"]) + "\n"]
    for job in ("check", "build"):  # a job's lines run in one shell, as GitLab runs them
        command = "set -e\n" + "\n".join(gitlab[job]["script"])
        done = subprocess.run(["bash", "-c", command], cwd=portal, env=env, text=True,
                              capture_output=True, timeout=600, check=False)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
    assert (portal / "public" / "kk" / "index.html").is_file()
    assert not (portal / "public").is_symlink()
    assert (portal / "intranet" / "data" / "analytical-reference-kk.pdf").is_file()
    public_text = (portal / "public" / "data" / "plan.json").read_text("utf-8")
    intranet_text = (portal / "intranet" / "data" / "plan.json").read_text("utf-8")
    assert public_text != intranet_text  # the public copy is the public build
