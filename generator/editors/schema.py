"""`vinhdanh schema`: JSON Schema of profile, campaign and decision files, for editors'
autocompletion.

Generated from the pydantic models in `generator.source.documents`, so the schema and `check` cannot
disagree on shape; the Vietnamese field descriptions become the hover text in editors (VS Code
with the YAML extension reads the `# yaml-language-server: $schema=…` line `new` writes).
Award ids are listed from the taxonomy (with the site's own awards) so they complete as typed.
Cross-file rules (does this campaign exist, is this commune in that district) stay in `check`.
Output is deterministic: the same project gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.errors import Report
from generator.model.sourcefiles import load_config
from generator.reference.taxonomy import load_taxonomy
from generator.source.documents import Campaign, Cluster, Decision, Profile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_DIR = "schemas"

TITLES: dict[str, str] = {
    "profile": "Hồ sơ vinh danh (tệp profiles/…/<slug>.yml)",
    "campaign": "Phong trào thi đua (phần đầu YAML của content/campaigns/<slug>.md)",
    "decision": "Quyết định khen thưởng theo danh sách (tệp decisions/…/<slug>.yml)",
    "cluster": "Cụm, khối thi đua (tệp clusters/<slug>.yml)",
}
DESCRIPTIONS: dict[str, str] = {
    "decision": "Một quyết định khen thưởng nhiều người, tập thể, hộ gia đình cùng lúc: số, "
    "ngày, người ký, danh hiệu, năm, số lượng và danh sách như quyết định công bố. Kiểm tra "
    "đầy đủ bằng `vinhdanh check`.",
    "profile": "Một cá nhân, tập thể, mô hình hoặc hộ gia đình tiêu biểu. Kiểm tra đầy đủ bằng "
    "`vinhdanh check` (danh mục khen thưởng, địa danh, phong trào, đồng ý công bố).",
    "campaign": "Một phong trào thi đua: tên, cơ quan phát động, căn cứ, thời gian, tiêu chí, "
    "các mốc sơ kết, tổng kết.",
    "cluster": "Một cụm, khối thi đua: thành viên, từng năm cụm trưởng, cụm phó, giao ước thi "
    "đua và cờ thi đua được tặng. Kiểm tra đầy đủ bằng `vinhdanh check` (thành viên có hồ sơ, "
    "cờ chỉ tặng thành viên).",
}
# The models' docstrings are English (for developers); editors read these instead.
DEFINITIONS: dict[str, str] = {
    "AwardRecord": "Một khen thưởng hoặc danh hiệu theo một quyết định.",
    "Consent": "Cờ đồng ý công bố từng thông tin nhạy cảm; văn bản đồng ý lưu ngoài kho mã.",
    "Locality": "Địa phương như được ghi tại thời điểm đó: tỉnh (province, có thể kèm huyện, "
    "xã, mã); hoặc 'unknown: true' khi nguồn không ghi nơi nào (chưa rõ địa phương); hoặc "
    "'country' với người, tập thể nước ngoài.",
    "Name": "Tên cá nhân (họ, tên đệm, tên) hoặc tên đầy đủ của tập thể, mô hình.",
    "Photo": "Ảnh đặt cạnh tệp hồ sơ, kèm mô tả, tác giả và giấy phép.",
    "Proposal": "Đề nghị khen thưởng đang lấy ý kiến nhân dân (trước khi hội đồng xét).",
    "Revocation": (
        "Quyết định hủy bỏ khen thưởng hoặc tước danh hiệu (Điều 93 Luật Thi đua, khen thưởng)."
    ),
    "Source": "Nguồn đã công bố về thành tích (bài báo, trang chính thức).",
    "Withdrawal": "Ngày và lý do gỡ hồ sơ (giữ để chuyển hướng và đối chiếu).",
    "Milestone": "Một mốc của phong trào: phát động, sơ kết, tổng kết, hạn báo cáo.",
    "DecisionRecipient": "Một dòng của danh sách, đúng như quyết định công bố.",
    "MilestoneDecision": "Quyết định khen thưởng ban hành sau sơ kết, tổng kết.",
    "MilestoneFigure": "Một con số sơ kết, tổng kết báo cáo.",
    "ClusterMember": "Một đơn vị thành viên: slug hồ sơ tập thể, hoặc tên kèm địa phương.",
    "ClusterYear": "Một năm thi đua của cụm, khối.",
    "ClusterAgreement": "Giao ước thi đua các thành viên ký trong năm.",
    "ClusterFlag": "Cờ thi đua tặng một thành viên cuối năm.",
}
# Fields declared without a description in the models.
FIELD_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "profile": {
        "name": "Tên: cá nhân ghi family, middle, given; tập thể, mô hình ghi full; hộ gia "
        "đình ghi form và tên chủ hộ (family, middle, given).",
        "locality": "Địa phương: province, district (trước 2025-07-01), commune, code, as_of; "
        "hoặc unknown: true (chưa rõ địa phương); hoặc country (nước ngoài).",
        "awards": "Các khen thưởng, mỗi quyết định một mục.",
        "sources": "Nguồn đã công bố (bài báo, trang chính thức).",
        "photos": "Ảnh (chỉ hiển thị khi consent.photo: true).",
        "consent": "Cờ đồng ý công bố thông tin nhạy cảm.",
        "proposal": "Thông tin lấy ý kiến (bắt buộc khi status: proposed).",
        "withdrawal": "Ngày và lý do gỡ (bắt buộc khi status: withdrawn).",
    },
    "campaign": {
        "level": "Cấp phong trào: national, ministry, province, commune, organisation.",
        "start": "Ngày bắt đầu.",
        "end": "Ngày kết thúc (bỏ trống nếu chưa định).",
        "milestones": "Các mốc: phát động, sơ kết, tổng kết, hạn báo cáo.",
        "status": "planned (sắp triển khai), active (đang triển khai), completed (đã tổng kết).",
        "summary": "Tóm tắt (vài câu).",
    },
}
FIELD_DESCRIPTIONS["decision"] = {"sources": "Nguồn đã công bố (văn bản, cổng thông tin)."}
FIELD_DESCRIPTIONS["cluster"] = {"sources": "Nguồn đã công bố (văn bản, cổng thông tin)."}
MILESTONE_FIELDS: dict[str, str] = {
    "date": "Ngày của mốc.",
    "title": "Tên mốc (tùy chọn).",
    "note": "Ghi chú (tùy chọn).",
}


def _schema_of(model: type[BaseModel], kind: str, base_url: str | None) -> dict[str, Any]:
    body = model.model_json_schema(by_alias=True, mode="validation")
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    if base_url:
        schema["$id"] = f"{base_url.rstrip('/')}/{DEFAULT_DIR}/{kind}.schema.json"
    schema["title"] = TITLES[kind]
    schema["description"] = DESCRIPTIONS[kind]
    for key, value in body.items():
        if key not in ("title", "description"):
            schema[key] = value
    for name, text in FIELD_DESCRIPTIONS[kind].items():
        schema["properties"][name].setdefault("description", text)
    for name, definition in schema.get("$defs", {}).items():
        if name in DEFINITIONS:
            definition["description"] = DEFINITIONS[name]
        if name == "Milestone":
            for field_name, text in MILESTONE_FIELDS.items():
                definition["properties"][field_name].setdefault("description", text)
    return schema


def profile_schema(award_ids: list[str], base_url: str | None = None) -> dict[str, Any]:
    """The profile schema, with `award` limited to (and completing from) the given ids."""
    schema = _schema_of(Profile, "profile", base_url)
    definitions = schema["$defs"]
    definitions["AwardRecord"]["properties"]["award"]["enum"] = award_ids
    definitions["Proposal"]["properties"]["award"]["enum"] = award_ids
    _locality_forms(definitions)
    return schema


def _locality_forms(definitions: dict[str, Any]) -> None:
    # One of the three forms (documents.Locality checks the conflicts with line and column).
    definitions["Locality"]["anyOf"] = [
        {"required": ["province"]},
        {"required": ["unknown"], "properties": {"unknown": {"const": True}}},
        {"required": ["country"]},
    ]


def decision_schema(award_ids: list[str], base_url: str | None = None) -> dict[str, Any]:
    """The decision schema, with `award` limited to (and completing from) the given ids."""
    schema = _schema_of(Decision, "decision", base_url)
    schema["properties"]["award"]["enum"] = award_ids
    _locality_forms(schema["$defs"])
    return schema


def cluster_schema(award_ids: list[str], base_url: str | None = None) -> dict[str, Any]:
    """The cluster schema, with a flag's `award` limited to (and completing from) the ids."""
    schema = _schema_of(Cluster, "cluster", base_url)
    schema["$defs"]["ClusterFlag"]["properties"]["award"]["enum"] = award_ids
    _locality_forms(schema["$defs"])
    return schema


def campaign_schema(base_url: str | None = None) -> dict[str, Any]:
    """The campaign front-matter schema."""
    return _schema_of(Campaign, "campaign", base_url)


def render_schemas(root: Path) -> dict[str, str]:
    """File name -> JSON text of every schema, for the project at `root`."""
    loaded = load_config(root, Report())
    config = loaded[0] if loaded is not None else None
    taxonomy_ids = [award.id for award in load_taxonomy()]
    local_ids = [a.id for a in config.local_awards] if config is not None else []
    award_ids = sorted(set(taxonomy_ids) | set(local_ids))
    base_url = config.site_url if config is not None else None
    schemas = {
        "profile.schema.json": profile_schema(award_ids, base_url),
        "campaign.schema.json": campaign_schema(base_url),
        "decision.schema.json": decision_schema(award_ids, base_url),
        "cluster.schema.json": cluster_schema(award_ids, base_url),
    }
    return {
        name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
        for name, schema in schemas.items()
    }


def write_schemas(root: Path, out: Path) -> list[Path]:
    """Write the schemas into `out`; return the files whose bytes changed."""
    out.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in render_schemas(root).items():
        path = out / name
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
            changed.append(path)
    return changed
