"""Property tests: whatever the bytes, the checker answers with problems, never a crash.

CI runs a bounded number of examples; a longer run is
`ADAL_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py tests/test_leak_corpus.py`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.problems import Report
from generator.check.project import load_project
from tests.conftest import DEMO, copy_portal

SCALE = max(1, int(os.environ.get("ADAL_FUZZ_EXAMPLES", "150")) // 150)
_BASE = Path(tempfile.mkdtemp(prefix="adal-fuzz-"))
_PORTAL = copy_portal(DEMO, _BASE / "portal")

yaml_chars = st.sampled_from(list(":-[]{}#&*!|>'\"%@`,?\n\t ") + list("abcкқәі01.") +
                             ["---", "...", "- ", ": ", "\n  ", "kk: ", "ru: ", "items:"])
yaml_text = st.lists(yaml_chars, max_size=80).map("".join)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | st.floats(allow_nan=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=3),
    max_leaves=10)


def _check(relative: str, data: bytes) -> None:
    path = _PORTAL / relative
    original = path.read_bytes()
    try:
        path.write_bytes(data)
        report = Report(_PORTAL)
        load_project(_PORTAL, report)  # must not raise
        assert all(p.line >= 1 and p.message for p in report.problems)
    finally:
        path.write_bytes(original)


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text)
def test_arbitrary_plan_yaml_never_raises(text: str) -> None:
    _check("plan.yaml", text.encode("utf-8"))


@settings(max_examples=100 * SCALE, deadline=None)
@given(values)
def test_arbitrary_structures_in_plan_never_raise(value: object) -> None:
    import yaml

    _check("plan.yaml", yaml.safe_dump({"organization": value, "items": value}).encode())


@settings(max_examples=150 * SCALE, deadline=None)
@given(yaml_text, st.text(max_size=60))
def test_arbitrary_front_matter_and_body_never_raise(meta: str, body: str) -> None:
    _check("content/findings/personnel.md", f"---\n{meta}\n---\n{body}".encode())


@settings(max_examples=50 * SCALE, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _check("indicators/other.yaml", data)


# ---- mutations of real files: structure, front matter and bodies ---------------------------

REAL = ["plan.yaml", "indicators/contracts.yaml", "content/findings/contracts.md",
        "content/pages/protocol.md"]
ORIGINALS = {name: (_PORTAL / name).read_text("utf-8") for name in REAL}
FRAGMENTS = ["", "- ", "  ", "::: internal", ":::", "::: kk", "---", "kk:", "ru: x",
             "[", "{", "&a", "*a", "!!python/object:os.system", "2025-13-45", "06.01.2025.",
             "- {number: 1}", "<!--", "-->", "null", "~", "'", '"', "\t", "Id:", "Groups:",
             "visibility: public", "visibility: internal", "indicator: 99", "\u0000"]
mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 200)),
    st.tuples(st.just("duplicate"), st.integers(0, 200)),
    st.tuples(st.just("swap"), st.integers(0, 200), st.integers(0, 200)),
    st.tuples(st.just("indent"), st.integers(0, 200), st.sampled_from([-4, -2, 2, 4])),
    st.tuples(st.just("insert"), st.integers(0, 200), st.sampled_from(FRAGMENTS)),
    st.tuples(st.just("value"), st.integers(0, 200), st.sampled_from(FRAGMENTS)),
)


def mutate(text: str, edits: list[tuple]) -> str:
    lines = text.split("\n")
    for edit in edits:
        at = edit[1] % len(lines)
        if edit[0] == "delete" and len(lines) > 1:
            del lines[at]
        elif edit[0] == "duplicate":
            lines.insert(at, lines[at])
        elif edit[0] == "swap":
            other = edit[2] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif edit[0] == "indent":
            line = lines[at]
            lines[at] = " " * edit[2] + line if edit[2] > 0 else line[-edit[2]:]
        elif edit[0] == "insert":
            lines.insert(at, edit[2])
        elif edit[0] == "value" and ": " in lines[at]:
            lines[at] = lines[at].split(": ", 1)[0] + ": " + edit[2]
    return "\n".join(lines)


@settings(max_examples=150 * SCALE, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(REAL), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_real_files_never_raise(name: str, edits: list[tuple]) -> None:
    _check(name, mutate(ORIGINALS[name], edits).encode("utf-8"))
