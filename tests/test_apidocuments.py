"""The API's documents and published JSON Schemas never drift apart (opendata.apidocuments).

Every API document of the golden fixture and of the built demo is checked twice: against the
JSON Schema the site publishes for it, by a real validator (`jsonschema`, draft 2020-12 with
formats), and against its model read by pydantic, which names a key no model declares ("Extra
inputs are not permitted"): a field added to a builder must be added to its model (mypy says so
too, for the builders' dict literals).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest

from generator.commands.build import render_project
from generator.opendata.apidocuments import (
    DOCUMENTS,
    SCHEMA_DIALECT,
    adapter,
    api_schema,
    dump_json,
)
from tests.browser import ROOT

SCHEMAS = "api/v1/schemas/"
GOLDEN_TODAY = dt.date(2026, 1, 15)  # as tests/test_golden.py renders the fixture


def _schema_name(url: str) -> str:
    """The name of a published schema from its URL (…/api/v1/schemas/<name>.json)."""
    assert f"/{SCHEMAS}" in url and url.endswith(".json"), url
    return url.rsplit("/", 1)[1].removesuffix(".json")


def check_documents(files: dict[str, bytes]) -> dict[str, int]:
    """Validate every API document of `files` (site path -> bytes) against its published schema
    and its model; the number of documents checked per schema."""
    schemas = {
        rel.removeprefix(SCHEMAS).removesuffix(".json"): json.loads(data)
        for rel, data in files.items()
        if rel.startswith(SCHEMAS)
    }
    assert set(schemas) == set(DOCUMENTS)
    validators = {}
    for name, schema in schemas.items():
        cls = jsonschema.validators.validator_for(schema)
        assert cls is jsonschema.Draft202012Validator, name
        cls.check_schema(schema)
        validators[name] = cls(schema, format_checker=cls.FORMAT_CHECKER)
    checked = dict.fromkeys(schemas, 0)
    for rel, data in sorted(files.items()):
        if not rel.startswith("api/") or rel.startswith(SCHEMAS) or not rel.endswith(".json"):
            continue
        document = json.loads(data)
        name = _schema_name(document["$schema"])
        errors = [
            f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validators[name].iter_errors(document)
        ]
        assert not errors, f"{rel} does not match schemas/{name}.json:\n" + "\n".join(errors)
        try:
            read = adapter(name).validate_json(data)
        except pydantic.ValidationError as exc:
            pytest.fail(f"{rel} does not match its model {DOCUMENTS[name].__name__}:\n{exc}")
        # The model holds the whole document: written again, it is the same JSON.
        assert json.loads(dump_json(read)) == document, rel
        checked[name] += 1
    return checked


def test_every_api_document_of_the_golden_project_matches_its_schema_and_model(
    tmp_path: Path,
) -> None:
    root = tmp_path / "golden-project"
    shutil.copytree(ROOT / "tests" / "fixtures" / "golden-project", root)
    _result, rendered = render_project(root, today=GOLDEN_TODAY)
    assert rendered is not None
    checked = check_documents(rendered.files)
    profiles = [r for r in rendered.files if r.startswith("api/v1/profiles/")]
    assert checked["profile"] == len(profiles) - 1 > 0  # all but the index
    assert all(checked.values()), checked  # every schema describes a document of the fixture


def test_every_api_document_of_the_demo_matches_its_schema_and_model(demo_project: Path) -> None:
    site = demo_project / "site"
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.glob("api/**/*.json")}
    checked = check_documents(files)
    assert checked["profile"] == len(list(site.glob("api/v1/profiles/*.json"))) - 1 > 0


def _golden_profile() -> tuple[dict[str, Any], bytes]:
    path = ROOT / "tests/golden/golden-project/site/api/v1/profiles/dang-van-an.json"
    return json.loads(path.read_bytes()), path.read_bytes()


def test_a_field_no_model_declares_is_named_by_the_model_and_refused_by_the_schema() -> None:
    document, _data = _golden_profile()
    for broken in (
        {**document, "problem": "Rác thải ven sông"},
        {**document, "locality": {**document["locality"], "ward": "x"}},
        {**document, "awards": [{**document["awards"][0], "note": "x"}]},
    ):
        with pytest.raises(pydantic.ValidationError, match="Extra inputs are not permitted"):
            adapter("profile").validate_python(broken)
        assert list(jsonschema.Draft202012Validator(api_schema("profile")).iter_errors(broken))


def test_a_document_of_the_wrong_shape_is_refused() -> None:
    document, _data = _golden_profile()
    validator = jsonschema.Draft202012Validator(
        api_schema("profile"), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    broken = copy.deepcopy(document)
    broken["updated"] = "15/01/2026"  # dates are ISO
    broken["kind"] = "person"  # a closed vocabulary
    del broken["summary"]  # every field is present, null when unknown
    broken["consented_facts"] = {"phone": "0900 000 000"}  # never published
    paths = {"/".join(map(str, e.absolute_path)) for e in validator.iter_errors(broken)}
    assert {"updated", "kind", "consented_facts"} <= paths
    assert any("summary" in e.message for e in validator.iter_errors(broken))
    with pytest.raises(pydantic.ValidationError):
        adapter("profile").validate_python(broken)


def _objects(schema: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every object schema inside `schema`, with where it is."""
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            found.append((path, schema))
        for key, value in schema.items():
            found += _objects(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for n, value in enumerate(schema):
            found += _objects(value, f"{path}/{n}")
    return found


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_published_object_is_closed_and_complete(name: str) -> None:
    schema = api_schema(name)
    assert schema["$schema"] == SCHEMA_DIALECT
    assert schema["title"] and schema["description"]  # Vietnamese, from the model
    assert "$schema" in schema["required"]
    objects = _objects(schema)
    assert objects
    for path, obj in objects:
        assert obj.get("additionalProperties") is False, f"{name}{path} is open"
        if path.endswith("/ConsentedFacts"):  # only what the person agreed to publish
            assert "required" not in obj
        else:  # the same keys in every document, null when unknown
            assert sorted(obj["required"]) == sorted(obj["properties"]), f"{name}{path}"
        for key, prop in obj["properties"].items():
            assert "title" not in prop, f"{name}{path}/{key}: a title only repeats the key"
