"""Validated models share their fields sets (generator.source.validate.SharedFieldsSet): one
read-only set per distinct combination of names, whether a model was validated or rebuilt from
the check cache's pickle (issue #21, memory: ~3.7 KB a profile in each process otherwise)."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from benchmarks.synthetic import write_project
from generator.model import profilepickle
from generator.model.entries import Site
from generator.model.site import build_site
from generator.source import validate
from generator.source.documents import Profile
from generator.source.load import load_yaml_document
from generator.source.validate import SharedFieldsSet, validate_document


def models_in(value: object) -> list[BaseModel]:
    """Every pydantic model in `value`, its fields, lists and dicts, depth first."""
    if isinstance(value, BaseModel):
        return [value, *(m for item in value.__dict__.values() for m in models_in(item))]
    if isinstance(value, (list, tuple)):
        return [m for item in value for m in models_in(item)]
    if isinstance(value, dict):
        return [m for item in value.values() for m in models_in(item)]
    return []


@pytest.fixture(scope="module")
def roll(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    """A synthetic project of 200 profiles and its model, checked from scratch."""
    root = tmp_path_factory.mktemp("roll")
    write_project(root, 200, seed=21)
    site, _ = build_site(root)
    assert site is not None
    return root, site


def test_equal_fields_sets_are_one_object_across_a_roll(roll: tuple[Path, Site]) -> None:
    _, site = roll
    models = [m for entry in site.entries for m in models_in(entry.profile)]
    assert len(site.entries) == 200 and len(models) > 1000
    sets = [m.__pydantic_fields_set__ for m in models]
    assert all(type(names) is SharedFieldsSet for names in sets)
    distinct = {frozenset(names) for names in sets}
    # One object per combination: as many objects as combinations, and few of them.
    assert len({id(names) for names in sets}) == len(distinct) < len(models) // 10


def validated_again(root: Path, relpath: str) -> tuple[Profile, Profile]:
    """The profile at `relpath` validated as the build does, and by pydantic alone."""
    doc = load_yaml_document((root / relpath).read_bytes(), relpath)
    shared, problems = validate_document(doc, Profile)
    assert shared is not None and problems == []
    return shared, Profile.model_validate(doc.data)  # pydantic's own: a set per model


def test_a_shared_set_changes_no_model(roll: tuple[Path, Site]) -> None:
    root, site = roll
    entry = site.entries[0]
    shared, plain = validated_again(root, entry.doc.relpath)
    # What pydantic made, unchanged but for the sharing.
    assert shared == plain
    assert shared.model_dump() == plain.model_dump()
    assert shared.model_dump(exclude_unset=True) == plain.model_dump(exclude_unset=True)
    assert [m.model_fields_set for m in models_in(shared)] == [
        m.model_fields_set for m in models_in(plain)
    ]
    assert shared.__pydantic_fields_set__ is entry.profile.__pydantic_fields_set__
    # Pickled, it comes back with the shared set; a copy, deep or not, gets a plain set of its
    # own, which model_copy(update=...) then adds to.
    back = pickle.loads(pickle.dumps(shared))
    assert back == shared and back.__pydantic_fields_set__ is shared.__pydantic_fields_set__
    for twin in (copy.copy(shared), copy.deepcopy(shared), shared.model_copy(deep=True)):
        assert twin == shared
        assert type(twin.__pydantic_fields_set__) is set
        assert twin.model_fields_set == shared.model_fields_set


@pytest.mark.parametrize("change", ["assign", "in_place"])
def test_assigning_to_a_validated_model_fails_loudly(roll: tuple[Path, Site], change: str) -> None:
    # Pydantic adds the assigned name to the model's fields set: on a shared set that would
    # mark it set in every model with the same names, so it raises instead (nothing in the
    # generator assigns to a validated model). model_copy(update=...) is the way to a changed
    # model: the copy has a set of its own.
    root, site = roll
    profile, _ = validated_again(root, site.entries[0].doc.relpath)  # the roll's left as it is
    names = profile.__pydantic_fields_set__
    before = sorted(names)
    others = [e.profile for e in site.entries if e.profile.__pydantic_fields_set__ is names]
    assert len(others) > 1
    unset = next(name for name in Profile.model_fields if name not in names)
    with pytest.raises(TypeError, match="shared and read-only"):
        if change == "assign":
            setattr(profile, unset, None)
        else:
            names |= {unset}
    assert sorted(names) == before
    assert all(sorted(p.model_fields_set) == before for p in others)
    changed = profile.model_copy(update={unset: None})
    assert sorted(changed.model_fields_set) == sorted([*before, unset])
    assert sorted(names) == before
    assert all(sorted(p.model_fields_set) == before for p in others)


def test_models_rebuilt_from_the_pickle_share_the_validated_sets(
    roll: tuple[Path, Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, site = roll
    profiles: list[Any] = [entry.profile for entry in site.entries]
    data = profilepickle.dumps(profiles)
    asked: list[frozenset[str]] = []
    real = validate.shared_fields_set

    def counting(names: frozenset[str]) -> SharedFieldsSet:
        asked.append(names)
        return real(names)

    monkeypatch.setattr(validate, "shared_fields_set", counting)
    rebuilt, missing = profilepickle.loads(data)
    assert not missing
    # Each set is pickled once and looked up once, not once per model.
    distinct = {id(m.__pydantic_fields_set__) for p in profiles for m in models_in(p)}
    assert len(asked) == len(set(asked)) == len(distinct) < len(profiles)
    assert rebuilt == profiles
    for back, validated in zip(rebuilt, profiles, strict=True):
        pairs = zip(models_in(back), models_in(validated), strict=True)
        assert all(b.__pydantic_fields_set__ is v.__pydantic_fields_set__ for b, v in pairs)
        assert back.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
