"""The loader: safe YAML with positions, refusing what untrusted files must not do."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import SourceError
from generator.source.load import load_front_matter_document, load_yaml_document, read_source
from generator.source.yamlevents import MAX_DEPTH, parse_yaml


def problems_of(raw: bytes, front_matter: bool = False) -> list[str]:
    loader = load_front_matter_document if front_matter else load_yaml_document
    with pytest.raises(SourceError) as caught:
        loader(raw, "profiles/a.yml")
    return [p.format("en") for p in caught.value.problems]


def test_plain_scalars_have_no_typing_surprises() -> None:
    raw = (
        b"a: no\nb: 0912345678\nc: 2019-05-01\nd: 12\ne: yes\nf: true\ng: ~\nh: '12'\n"
        b"i: 1.5\nj: on\nk: 0o17\nl: -3\nm:\n"
    )
    data = load_yaml_document(raw, "p.yml").data
    assert data == {
        "a": "no",
        "b": "0912345678",
        "c": "2019-05-01",
        "d": 12,
        "e": "yes",
        "f": True,
        "g": None,
        "h": "12",
        "i": "1.5",
        "j": "on",
        "k": "0o17",
        "l": -3,
        "m": None,
    }


def test_every_key_keeps_its_line_and_column() -> None:
    raw = b"slug: a\nawards:\n  - award: x\n    year: 2019\n  - award: y\n"
    doc = load_yaml_document(raw, "p.yml")
    assert doc.positions[("slug",)] == (1, 1)
    assert doc.positions[("awards", 0, "year")] == (4, 5)
    assert doc.positions[("awards", 1)] == (5, 5)
    assert doc.pos(("awards", 1, "missing")) == (5, 5)
    assert doc.pos(("nowhere",)) == (1, 1)


def test_bom_crlf_and_nfd_are_accepted_and_normalised() -> None:
    nfd = unicodedata.normalize("NFD", "name: Nguyễn Thị Hoà\r\ngiven: Đường\r\n")
    doc = load_yaml_document(b"\xef\xbb\xbf" + nfd.encode(), "p.yml")
    assert doc.data == {"name": "Nguyễn Thị Hoà", "given": "Đường"}
    assert unicodedata.is_normalized("NFC", doc.data["name"])
    assert doc.positions[("given",)] == (2, 1)


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    raw = ("\n".join(lines) + "\n").encode()
    start = time.perf_counter()
    assert problems_of(raw) == ["profiles/a.yml:1:5: YAML anchors (&a0) are not allowed"]
    # Expanded, the bomb is 3.5 billion items (minutes and gigabytes): 5 s tells a refusal from
    # an expansion even under CI's load, where 0.5 s need not.
    assert time.perf_counter() - start < 5


def test_alias_without_anchor_is_refused() -> None:
    # An alias to an unknown anchor is a parse error in libyaml; either way: refused, located.
    raw = b"a: 1\nb: *x\n"
    (message,) = problems_of(raw)
    assert message.startswith("profiles/a.yml:2:4: ")


def test_duplicate_key() -> None:
    assert problems_of(b"slug: a\nkind: individual\nslug: b\n") == [
        "profiles/a.yml:3:1: duplicate key 'slug' (first at line 1)"
    ]


def test_nested_duplicate_key() -> None:
    raw = b"awards:\n  - award: x\n    year: 1\n    year: 2\n"
    assert problems_of(raw) == ["profiles/a.yml:4:5: duplicate key 'year' (first at line 3)"]


def test_python_tag_is_refused() -> None:
    assert problems_of(b"a: !!python/object/apply:os.system ['id']\n") == [
        "profiles/a.yml:1:4: YAML tag tag:yaml.org,2002:python/object/apply:os.system "
        "is not allowed"
    ]


def test_invalid_utf8_names_line_and_column() -> None:
    assert problems_of(b"a: 1\nname: Nguy\xe1\xbb\n") == [
        "profiles/a.yml:2:11: not valid UTF-8 (byte 0xE1 here); save the file as UTF-8"
    ]


def test_windows_1258_file_is_reported_not_crashed() -> None:
    assert problems_of("name: Đà\n".encode("cp1258")) == [
        "profiles/a.yml:1:7: not valid UTF-8 (byte 0xD0 here); save the file as UTF-8"
    ]


def test_syntax_error_position() -> None:
    # Reported where the list opens, in plain words (tests/test_yaml_syntax.py has more).
    assert problems_of(b"a: [1, 2\nb: 3\n") == [
        "profiles/a.yml:1:4: YAML syntax error: a list opened with '[' is not closed with ']'; "
        "the line: «a: [1, 2»"
    ]


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    with pytest.raises(SourceError) as caught:
        read_source(path, tmp_path, limit=1024)
    assert caught.value.problems[0].format("en") == (
        "big.yml:1:1: file too large (2004 bytes, at most 1024)"
    )
    assert problems_of(b"a: " + b"x" * (600 * 1024)) == [
        "profiles/a.yml:1:1: file too large (614403 bytes, at most 524288)"
    ]


def test_symlinked_source_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "real.yml"
    target.write_text("a: 1\n")
    link = tmp_path / "link.yml"
    link.symlink_to(target)
    with pytest.raises(SourceError) as caught:
        read_source(link, tmp_path)
    assert caught.value.problems[0].format("en") == (
        "link.yml:1:1: cannot read file: symbolic link"
    )


def test_top_level_must_be_mapping_and_single_document() -> None:
    assert problems_of(b"- a\n- b\n") == [
        "profiles/a.yml:1:1: the content must be a mapping of keys to values"
    ]
    assert problems_of(b"a: 1\n---\nb: 2\n") == [
        "profiles/a.yml:2:1: the file must hold a single YAML document"
    ]
    assert load_yaml_document(b"", "p.yml").data == {}


def test_nesting_depth_is_capped() -> None:
    raw = ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n").encode()
    (message,) = problems_of(raw)
    assert message.endswith(f"nesting too deep (at most {MAX_DEPTH} levels)")


def test_complex_keys_are_refused() -> None:
    assert problems_of(b"? [a, b]\n: 1\n") == ["profiles/a.yml:1:3: keys must be plain strings"]


def test_front_matter_lines_count_from_file_start() -> None:
    raw = "---\nslug: a\ntitle: Dân vận khéo\nmilestones:\n  - kind: so-ket\n---\n# Nội dung\n"
    doc = load_front_matter_document(raw.encode(), "content/campaigns/a.md")
    assert doc.data["title"] == "Dân vận khéo"
    assert doc.positions[("slug",)] == (2, 1)
    assert doc.positions[("milestones", 0, "kind")] == (5, 5)
    assert doc.body == "# Nội dung\n"
    assert doc.body_line == 7
    bad = "---\nslug: a\nslug: b\n---\n"
    assert problems_of(bad.encode(), front_matter=True) == [
        "profiles/a.yml:3:1: duplicate key 'slug' (first at line 2)"
    ]


def test_front_matter_missing_or_unclosed() -> None:
    assert problems_of(b"# title\n", front_matter=True) == [
        "profiles/a.yml:1:1: missing YAML front matter: the file must start with a '---' line"
    ]
    assert problems_of(b"---\na: 1\n", front_matter=True) == [
        "profiles/a.yml:1:1: YAML front matter is not closed by a '---' line"
    ]


def test_vietnamese_message_by_default() -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml_document(b"a: 1\na: 2\n", "p.yml")
    assert caught.value.problems[0].format() == "p.yml:2:1: khóa 'a' bị lặp (đã có ở dòng 1)"


# --- property-based: random and mutated YAML either loads or raises SourceError -----------

SEED_DOCUMENTS = [
    b"slug: nguyen-van-a\nkind: individual\nname:\n  family: Nguy\xe1\xbb\x85n\n  given: A\n",
    b"awards:\n  - award: huan-chuong-lao-dong\n    class: ba\n    year: 2019\n",
    b"a: &x [1, 2]\nb: *x\n",
    b"---\ntitle: 'x'\n---\nbody\n",
    b"k: {a: 1, b: [x, y, {c: d}]}\n",
    b"text: |\n  line one\n  line two\n",
]

_mutation = st.tuples(st.integers(min_value=0, max_value=400), st.binary(max_size=4))


@st.composite
def mutated_yaml(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(SEED_DOCUMENTS)))
    for pos, chunk in draw(st.lists(_mutation, max_size=6)):
        at = pos % (len(raw) + 1)
        if draw(st.booleans()) and at < len(raw):
            raw[at : at + len(chunk)] = chunk
        else:
            raw[at:at] = chunk
    return bytes(raw)


YAML_ALPHABET = st.sampled_from(list(":-[]{},&*!|>'\"#?% \n\tabcxyz019ếđ\\@`~"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        mutated_yaml(),
        st.binary(max_size=200),
        st.text(YAML_ALPHABET, max_size=120).map(lambda s: s.encode()),
    )
)
def test_loader_loads_or_raises_source_error(raw: bytes) -> None:
    for loader in (load_yaml_document, load_front_matter_document):
        try:
            doc = loader(raw, "fuzz.yml")
        except SourceError as exc:
            assert exc.problems and all(p.path == "fuzz.yml" for p in exc.problems)
            for problem in exc.problems:
                problem.format("vi")
                problem.format("en")
        else:
            assert isinstance(doc.data, dict)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20)),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
        ),
        max_leaves=20,
    )
)
def test_round_trip_of_safe_dump(value: object) -> None:
    import yaml

    text = yaml.safe_dump({"root": value}, allow_unicode=True)
    try:
        data, _ = parse_yaml(unicodedata.normalize("NFC", text), "rt.yml")
    except SourceError:
        return  # e.g. keys the safe dumper writes as complex keys
    assert isinstance(data, dict) and "root" in data


# --- photo headers ----------------------------------------------------------------------------


def test_photo_header_is_read_without_decoding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import ImageFile
    from test_images import camera_jpeg, png_claiming

    from generator.source.load import PhotoRefused, check_photo_header, read_photo_header

    def no_decoding(self: object) -> None:
        raise AssertionError("the load stage decoded pixels")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    photo = tmp_path / "an.jpg"
    photo.write_bytes(camera_jpeg())  # 1600×1200 stored, EXIF says turn it upright
    header = read_photo_header(photo, max_bytes=15 * 1024 * 1024)
    assert (header.format, header.width, header.height) == ("JPEG", 1200, 1600)
    assert header.stored == (1600, 1200)
    size = photo.stat().st_size
    assert check_photo_header(photo, 1000, min_width=320) == [
        ("image.too_large", "error", {"size": str(size), "limit": "1000"})
    ]
    bomb = tmp_path / "bom.png"
    bomb.write_bytes(png_claiming(50_000, 50_000))
    with pytest.raises(PhotoRefused) as refused:
        read_photo_header(bomb, max_bytes=15 * 1024 * 1024)
    assert (refused.value.code, refused.value.params) == ("image.bomb", {"limit": "40000000"})
    assert check_photo_header(bomb, 15 * 1024 * 1024, min_width=320)[0][0] == "image.bomb"
    # The check proper decodes the photos it passes (photo rules: decodability).
    monkeypatch.undo()
    assert check_photo_header(photo, 15 * 1024 * 1024, min_width=1500) == [
        ("image.too_small", "warning", {"width": "1200", "limit": "1500"})
    ]
