"""The shipped award taxonomy: data integrity, precedence, legal regimes, local additions."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.reference.awardsfile import SLUG_RE, parse_award, parse_taxonomy, read_taxonomy_text
from generator.reference.taxonomy import (
    CLASS_NAMES,
    DISTRICT_ABOLISHED,
    Award,
    Taxonomy,
    load_taxonomy,
)

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "awards-2022.yml"
LAW_2022_IN_FORCE = dt.date(2024, 1, 1)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def _award(taxonomy: Taxonomy, award_id: str) -> Award:
    award = taxonomy.get(award_id)
    assert award is not None, award_id
    return award


def _raw_entries() -> list[dict[str, Any]]:
    data = yaml.safe_load(read_taxonomy_text())
    entries: list[dict[str, Any]] = data["awards"]
    return entries


def _reference_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every award of the reference file: emulation titles, and each form's items (or the form)."""
    items: list[dict[str, Any]] = []
    for group in data["emulation_titles"].values():
        items.extend(group)
    for form in data["commendation_forms"]:
        items.extend(form.get("items") or [form])
    return items


# --- the data file ----------------------------------------------------------------------------


def test_data_file_parses(taxonomy: Taxonomy) -> None:
    assert len(taxonomy) >= 50
    assert load_taxonomy() is taxonomy  # cached


def test_ids_unique_and_slug_shaped() -> None:
    ids = [entry["id"] for entry in _raw_entries()]
    assert len(ids) == len(set(ids))
    for award_id in ids:
        assert SLUG_RE.match(award_id), award_id


def test_names_are_nfc_and_forms_known(taxonomy: Taxonomy) -> None:
    for award in taxonomy:
        for name in award.names():
            assert unicodedata.normalize("NFC", name) == name, award.id
        assert award.form in taxonomy.forms, award.id
        assert award.level in taxonomy.levels, award.id
        assert award.recipients and award.conferred_by, award.id


def test_unverified_facts_say_so(taxonomy: Taxonomy) -> None:
    for award in taxonomy:
        assert award.basis, award.id
        if "NOT_VERIFIED" in award.basis:
            assert not award.verified, award.id


def test_every_reference_item_present_with_same_name(taxonomy: Taxonomy) -> None:
    if not REFERENCE.is_file():
        pytest.skip(f"reference file not found: {REFERENCE}")
    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    items = _reference_items(data)
    assert len(items) >= 40
    for item in items:
        award = _award(taxonomy, item["id"])
        # The reference gives the names of the 2022 law, i.e. those in force when it took effect.
        assert award.name_on(LAW_2022_IN_FORCE) == item["vi"], item["id"]
        if item.get("vi_from_2025_07"):
            # The legal review found the 2025 rename still a draft amendment in 12/2025: it is
            # kept as a pending rename (not displayed) until the amending law is in force.
            renamed = award.name_on(dt.date(2025, 7, 1)) == item["vi_from_2025_07"]
            assert renamed or award.pending_rename == item["vi_from_2025_07"], item["id"]
        assert award.in_force(LAW_2022_IN_FORCE), item["id"]
        expected_classes = {"Nhất": "nhat", "Nhì": "nhi", "Ba": "ba"}
        classes = tuple(expected_classes[c] for c in item.get("classes") or [])
        assert award.classes == classes, item["id"]


def test_huy_hieu_is_the_one_removed_form(taxonomy: Taxonomy) -> None:
    assert _award(taxonomy, "huy-hieu").form == "huy-hieu"
    in_2022 = {a.form for a in taxonomy if a.in_force(LAW_2022_IN_FORCE)}
    assert "huy-hieu" not in in_2022


# --- precedence -------------------------------------------------------------------------------


def test_sao_vang_first(taxonomy: Taxonomy) -> None:
    assert next(iter(taxonomy)).id == "huan-chuong-sao-vang"
    ranked = sorted(taxonomy, key=lambda a: taxonomy.sort_key(a.id, None))
    assert ranked[0].id == "huan-chuong-sao-vang"


def test_classes_sort_nhat_nhi_ba(taxonomy: Taxonomy) -> None:
    key = taxonomy.sort_key
    assert key("huan-chuong-lao-dong", "nhat") < key("huan-chuong-lao-dong", "nhi")
    assert key("huan-chuong-lao-dong", "nhi") < key("huan-chuong-lao-dong", "ba")
    assert key("huan-chuong-doc-lap", "ba") < key("huan-chuong-lao-dong", "nhat")


def test_orders_above_every_bang_khen(taxonomy: Taxonomy) -> None:
    orders = [a for a in taxonomy if a.kind == "order"]
    certificates = [a for a in taxonomy if a.form == "bang-khen"]
    assert orders and len(certificates) == 2
    assert max(a.precedence for a in orders) < min(a.precedence for a in certificates)


def test_bang_khen_thu_tuong_above_tinh(taxonomy: Taxonomy) -> None:
    assert taxonomy.sort_key("bang-khen-thu-tuong", None) < taxonomy.sort_key(
        "bang-khen-bo-ban-nganh-tinh", None
    )


def test_emulation_titles_above_certificates_of_their_band(taxonomy: Taxonomy) -> None:
    def rank(award_id: str) -> float:
        return _award(taxonomy, award_id).precedence

    assert rank("chien-si-thi-dua-toan-quoc") < rank("bang-khen-thu-tuong")
    assert rank("bang-khen-thu-tuong") < rank("chien-si-thi-dua-bo-ban-nganh-tinh")
    assert rank("chien-si-thi-dua-bo-ban-nganh-tinh") < rank("bang-khen-bo-ban-nganh-tinh")
    assert rank("bang-khen-bo-ban-nganh-tinh") < rank("chien-si-thi-dua-co-so")
    assert rank("chien-si-thi-dua-co-so") < rank("giay-khen")
    assert rank("nha-giao-nhan-dan") < rank("nha-giao-uu-tu")


def test_decree_98_order_orders_titles_prizes_medals(taxonomy: Taxonomy) -> None:
    """Decree 98/2023 lists state awards: orders, honorary titles, prizes, then medals."""
    band = {"order": 0, "title": 1, "prize": 2, "medal": 3}
    state = [a for a in taxonomy if a.level == "state" and a.form != "ky-niem-chuong"]
    ranks = [band[a.kind] for a in state if a.kind in band]
    assert ranks == sorted(ranks), [a.id for a in state]
    rank = taxonomy.sort_key
    assert rank("anh-hung-lao-dong", None) < rank("huy-chuong-quan-ky-quyet-thang", None)
    assert rank("giai-thuong-ho-chi-minh", None) < rank("huy-chuong-chien-si-ve-vang", "nhat")
    assert rank("huy-chuong-huu-nghi", None) < rank("chien-si-thi-dua-toan-quoc", None)


def test_a_recipient_is_cited_by_the_honorary_title_first(taxonomy: Taxonomy) -> None:
    """ "Anh hùng Lao động Ngô Văn Khải", never "HCLĐ hạng Nhất Ngô Văn Khải"."""
    rank = taxonomy.rank_key
    assert rank("anh-hung-lao-dong", None) < rank("huan-chuong-lao-dong", "nhat")
    assert rank("nha-giao-uu-tu", None) < rank("huan-chuong-sao-vang", None)
    # Among the rest the decree's order holds.
    assert rank("huan-chuong-lao-dong", "ba") < rank("huy-chuong-chien-si-ve-vang", "nhat")
    assert rank("bang-khen-thu-tuong", None) < rank("giay-khen", None)


def test_youth_volunteer_medal_listed(taxonomy: Taxonomy) -> None:
    """Law 06/2022 Art. 96(2) still confers Huy chương Thanh niên xung phong vẻ vang."""
    medal = _award(taxonomy, "huy-chuong-thanh-nien-xung-phong-ve-vang")
    assert medal.kind == "medal" and medal.recipients == {"individual"}
    assert medal.in_force(dt.date(2026, 1, 7)) and "96(2)" in medal.law
    assert not medal.verified  # its origin is not confirmed: an earlier date only warns


def test_unknown_ids_sort_last(taxonomy: Taxonomy) -> None:
    assert taxonomy.sort_key("giay-khen", None) < taxonomy.sort_key("khong-co", None)


# --- regimes ----------------------------------------------------------------------------------


def test_anh_hung_lao_dong_given_in_1952(taxonomy: Taxonomy) -> None:
    assert _award(taxonomy, "anh-hung-lao-dong").in_force(dt.date(1952, 6, 1))


def test_huy_hieu_ends_with_the_2003_law(taxonomy: Taxonomy) -> None:
    badge = _award(taxonomy, "huy-hieu")
    assert badge.in_force(dt.date(2015, 6, 1))
    assert badge.in_force(dt.date(2023, 12, 31))
    assert not badge.in_force(dt.date(2024, 1, 1))
    assert not badge.in_force(dt.date(2024, 6, 1))
    assert badge.period_text() == "2004-07-01 – 2023-12-31"


def test_old_orders_judged_by_their_dates(taxonomy: Taxonomy) -> None:
    assert _award(taxonomy, "huan-chuong-lao-dong").period_text() == "1950-05-01 – nay"
    assert not _award(taxonomy, "huan-chuong-lao-dong").in_force(dt.date(1949, 12, 31))
    resistance = _award(taxonomy, "huan-chuong-khang-chien")
    assert resistance.in_force(dt.date(1950, 1, 1))
    assert resistance.classes == ("nhat", "nhi", "ba")
    # Law 06/2022 Art. 96(1) keeps resistance awards open: the end is "now", not unknown.
    assert resistance.period_text() == "1948-08-20 – nay"
    assert "Art. 96(1)" in resistance.law
    assert resistance.in_force(dt.date(2026, 5, 1))
    assert not _award(taxonomy, "huan-chuong-chien-si-ve-vang").in_force(dt.date(2010, 1, 1))
    assert not _award(taxonomy, "tinh-anh-hung").in_force(dt.date(2000, 1, 1))


def test_renamed_title_display(taxonomy: Taxonomy) -> None:
    award = _award(taxonomy, "xa-phuong-thi-tran-tieu-bieu")
    assert award.name_on(dt.date(2025, 6, 30)) == "Xã, phường, thị trấn tiêu biểu"
    assert award.name_on(dt.date(2025, 7, 1)) == "Xã, phường, thị trấn tiêu biểu"
    assert award.pending_rename == "Xã, phường, đặc khu tiêu biểu"  # not in force (review)
    assert award.display(None, dt.date(2024, 5, 1)) == "Xã, phường, thị trấn tiêu biểu"
    heroes = _award(taxonomy, "anh-hung-luc-luong-vu-trang-nhan-dan")
    assert heroes.name_on(dt.date(1958, 7, 7)) == "Anh hùng Quân đội"
    assert heroes.name_on(None) == "Anh hùng Lực lượng vũ trang nhân dân"


def test_classes_of_huan_chuong_lao_dong(taxonomy: Taxonomy) -> None:
    award = _award(taxonomy, "huan-chuong-lao-dong")
    assert award.classes == ("nhat", "nhi", "ba")
    assert award.display("ba") == "Huân chương Lao động hạng Ba"
    assert award.display("nhat", dt.date(1960, 1, 1)) == "Huân chương Lao động hạng Nhất"
    assert _award(taxonomy, "huan-chuong-sao-vang").classes == ()
    with pytest.raises(ValueError):
        award.display("tu")


def test_classes_changed_over_time(taxonomy: Taxonomy) -> None:
    medal = _award(taxonomy, "huy-chuong-chien-si-ve-vang")
    assert medal.classes_on(dt.date(1970, 1, 1)) == ()
    assert medal.classes_on(dt.date(2010, 1, 1)) == ("nhat", "nhi", "ba")
    assert medal.classes_on(None) == medal.classes


def test_districts_cannot_issue_after_the_reform(taxonomy: Taxonomy) -> None:
    rule = taxonomy.issuer_rules["district"]
    assert rule.valid_to == DISTRICT_ABOLISHED - dt.timedelta(days=1)
    assert taxonomy.issuer_in_force("district", dt.date(2025, 6, 30))
    assert not taxonomy.issuer_in_force("district", DISTRICT_ABOLISHED)
    assert taxonomy.issuer_in_force("commune", dt.date(2026, 1, 1))


def test_class_names() -> None:
    assert CLASS_NAMES == {"nhat": "hạng Nhất", "nhi": "hạng Nhì", "ba": "hạng Ba"}


# --- lookup and local additions ---------------------------------------------------------------


def test_get_contains_suggest(taxonomy: Taxonomy) -> None:
    assert "huan-chuong-lao-dong" in taxonomy
    assert "khong-co" not in taxonomy
    assert taxonomy.get("khong-co") is None
    assert taxonomy.suggest("huan-chuong-lao-dng")[0] == "huan-chuong-lao-dong"
    assert taxonomy.suggest("Huân chương Lao động")[0] == "huan-chuong-lao-dong"
    assert taxonomy.suggest("anh-hung-quan-doi")[0] == "anh-hung-luc-luong-vu-trang-nhan-dan"
    assert len(taxonomy.suggest("huan-chuong", n=2)) <= 2


def _local(award_id: str) -> Award:
    return Award(
        id=award_id, vi="Công dân Thủ đô ưu tú", en="Outstanding Citizen of the Capital",
        form="dia-phuong", kind="title", level="ministry_province", classes=(),
        recipients=frozenset({"individual"}), conferred_by=frozenset({"province"}),
        precedence=605, valid_from=dt.date(2010, 1, 1), valid_to=None, renamed=(), local=True,
    )  # fmt: skip


def test_with_local_adds_without_changing_the_original(taxonomy: Taxonomy) -> None:
    extended = taxonomy.with_local([_local("cong-dan-thu-do-uu-tu")])
    assert len(extended) == len(taxonomy) + 1
    assert "cong-dan-thu-do-uu-tu" not in taxonomy
    added = _award(extended, "cong-dan-thu-do-uu-tu")
    assert added.local
    assert extended.issuer_rules.keys() == taxonomy.issuer_rules.keys()
    ranked = [a.id for a in extended]
    assert ranked.index("chien-si-thi-dua-bo-ban-nganh-tinh") < ranked.index(added.id)


def test_with_local_clash_raises(taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError, match="anh-hung-lao-dong"):
        taxonomy.with_local([_local("anh-hung-lao-dong")])
    with pytest.raises(ValueError):
        taxonomy.with_local([_local("giai-thuong-tinh"), _local("giai-thuong-tinh")])


# --- the parser rejects malformed data --------------------------------------------------------


def _entry(**changes: Any) -> dict[str, Any]:
    entry = dict(_raw_entries()[0])
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "Huân chương"},
        {"kind": "decoration"},
        {"level": "national"},
        {"classes": ["tu"]},
        {"recipients": []},
        {"conferred_by": ["king"]},
        {"precedence": "first"},
        {"valid_from": "1947-13-01"},
        {"valid_to": dt.date(1900, 1, 1)},
        {"renamed": [{"from": None, "vi": "X"}]},
        {"colour": "gold"},
    ],
)
def test_parse_award_rejects(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        parse_award(_entry(**changes))


def test_parse_taxonomy_rejects_duplicates() -> None:
    data = yaml.safe_load(read_taxonomy_text())
    data["awards"].append(data["awards"][0])
    with pytest.raises(ValueError, match="duplicate"):
        parse_taxonomy(data)
