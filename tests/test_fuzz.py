"""Property tests: whatever the bytes, the checker answers with problems, never a crash."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.problems import Report
from generator.check.project import load_project
from tests.conftest import DEMO, copy_portal

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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text)
def test_arbitrary_plan_yaml_never_raises(text: str) -> None:
    _check("plan.yaml", text.encode("utf-8"))


@settings(max_examples=100, deadline=None)
@given(values)
def test_arbitrary_structures_in_plan_never_raise(value: object) -> None:
    import yaml

    _check("plan.yaml", yaml.safe_dump({"organization": value, "items": value}).encode())


@settings(max_examples=150, deadline=None)
@given(yaml_text, st.text(max_size=60))
def test_arbitrary_front_matter_and_body_never_raise(meta: str, body: str) -> None:
    _check("content/findings/personnel.md", f"---\n{meta}\n---\n{body}".encode())


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _check("indicators/other.yaml", data)
