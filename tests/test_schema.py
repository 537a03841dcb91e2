"""`vinhdanh schema`: the committed JSON Schemas are current, valid and fit the demo content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from editors_project import run, write_project

from generator.editors.schema import render_schemas
from generator.source.load import load_front_matter_document, load_yaml_document, read_source
from generator.source.names import iter_source_files

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schemas_are_up_to_date() -> None:
    """If this fails, run `vinhdanh schema` and commit schemas/."""
    for name, text in render_schemas(ROOT).items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, name


def test_schemas_describe_fields_in_vietnamese() -> None:
    schema = json.loads((SCHEMAS / "profile.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://vinhdanh.example.vn/schemas/profile.schema.json"
    assert schema["properties"]["slug"]["description"].startswith("Định danh cố định")
    award = schema["$defs"]["AwardRecord"]["properties"]["award"]
    assert "huan-chuong-lao-dong" in award["enum"]
    assert "cong-dan-thu-do-uu-tu" in award["enum"]  # the site's own award, from site_config
    assert schema["additionalProperties"] is False


def test_demo_profiles_and_campaigns_validate() -> None:
    profiles = validator("profile.schema.json")
    checked = 0
    for path in iter_source_files(ROOT / "profiles", (".yml", ".yaml")):
        doc = load_yaml_document(read_source(path, ROOT), path.name)
        errors = [e.message for e in profiles.iter_errors(doc.data)]
        assert not errors, (path, errors)
        checked += 1
    assert checked > 50
    campaigns = validator("campaign.schema.json")
    for path in iter_source_files(ROOT / "content" / "campaigns", (".md",)):
        doc = load_front_matter_document(read_source(path, ROOT), path.name)
        assert not list(campaigns.iter_errors(doc.data)), path
    decisions = validator("decision.schema.json")
    found = 0
    for path in iter_source_files(ROOT / "decisions", (".yml", ".yaml")):
        doc = load_yaml_document(read_source(path, ROOT), path.name)
        assert not list(decisions.iter_errors(doc.data)), path
        found += 1
    assert found >= 1
    clusters = validator("cluster.schema.json")
    found = 0
    for path in iter_source_files(ROOT / "clusters", (".yml", ".yaml")):
        doc = load_yaml_document(read_source(path, ROOT), path.name)
        assert not list(clusters.iter_errors(doc.data)), path
        found += 1
    assert found >= 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"positon": "Nông dân"},
            "Additional properties are not allowed ('positon' was unexpected)",
        ),
        ({"kind": "person"}, "'person' is not one of ['individual', 'collective', 'model', "),
        (
            {"awards": [{"award": "huan-chuong-lao-dong-x", "year": 2019}]},
            "'huan-chuong-lao-dong-x' is not one of",
        ),
    ],
)
def test_schema_rejects_what_check_rejects(change: dict[str, Any], message: str) -> None:
    profile = {
        "slug": "nguyen-van-an",
        "kind": "individual",
        "name": {"family": "Nguyễn", "given": "An"},
        "locality": {"province": "Quảng Trị"},
    }
    errors = [e.message for e in validator("profile.schema.json").iter_errors(profile | change)]
    assert any(e.startswith(message) for e in errors), errors


def test_schema_command_is_deterministic(tmp_path: Path) -> None:
    root = write_project(tmp_path / "site")
    code, output = run("schema", "--root", str(root), "--lang", "en")
    assert code == 0
    assert output.splitlines() == [
        f"Wrote {root / 'schemas' / 'profile.schema.json'}",
        f"Wrote {root / 'schemas' / 'campaign.schema.json'}",
        f"Wrote {root / 'schemas' / 'decision.schema.json'}",
        f"Wrote {root / 'schemas' / 'cluster.schema.json'}",
    ]
    first = (root / "schemas" / "profile.schema.json").read_bytes()
    code, output = run("schema", "--root", str(root), "--lang", "en")
    assert output == f"The schemas in {root / 'schemas'} are up to date.\n"
    assert (root / "schemas" / "profile.schema.json").read_bytes() == first
    code, output = run("schema", "--root", str(root), "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "profile.schema.json").read_bytes() == first
