"""The JSON Schema agrees with the validator on shape."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from bodyscan.core.schema import build_schema
from tests.conftest import CORPUS, REPO

VALIDATOR = jsonschema.Draft202012Validator(build_schema())
BUNDLED = sorted((REPO / "scripts").glob("*.yaml"))
SHAPE_ERRORS = sorted(
    p
    for p in (CORPUS / "bad").glob("*.yaml")
    if "# schema: rejects" in p.read_text(errors="replace")
)


def test_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(build_schema())


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_scripts_pass_schema(path: Path) -> None:
    VALIDATOR.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_enough_shape_errors() -> None:
    assert len(SHAPE_ERRORS) >= 50


@pytest.mark.parametrize("path", SHAPE_ERRORS, ids=[p.stem for p in SHAPE_ERRORS])
def test_schema_rejects_shape_errors(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert not VALIDATOR.is_valid(data), f"{path.name} passed the schema"


@pytest.mark.parametrize("text", ["20s", "1m30s", "2m", "1.5s", "750ms", "1h2m3s4ms", "0s"])
def test_duration_pattern_accepts(text: str) -> None:
    assert re.match(
        build_schema()["properties"]["length"]["properties"]["min"]["oneOf"][1]["pattern"], text
    )


@pytest.mark.parametrize("text", ["", "20", "5sec", "30s1m", "1 m", "-5s", "ms"])
def test_duration_pattern_rejects(text: str) -> None:
    assert not re.match(
        build_schema()["properties"]["length"]["properties"]["min"]["oneOf"][1]["pattern"], text
    )
