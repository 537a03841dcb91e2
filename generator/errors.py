"""Problems found in the sources: where they are, what they are, in Vietnamese or English.

Every stage reports problems the same way: a `Problem` names the file (relative to the
project root), the line and column, the field path and a message code with its parameters.
Messages are rendered late, in the reader's language, so a bot (`--format json`) and a
person get the same facts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]
Lang = Literal["vi", "en"]

# code -> (Vietnamese template, English template). Parameters are str.format fields.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- reading files -------------------------------------------------------------------
    "file.too_large": (
        "tệp quá lớn ({size} byte, tối đa {limit} byte)",
        "file too large ({size} bytes, at most {limit})",
    ),
    "file.unreadable": ("không đọc được tệp: {reason}", "cannot read file: {reason}"),
    "file.invalid_utf8": (
        "không phải UTF-8 hợp lệ (byte {byte} ở vị trí này); hãy lưu tệp với mã hóa UTF-8",
        "not valid UTF-8 (byte {byte} here); save the file as UTF-8",
    ),
    "file.nul": ("tệp chứa ký tự NUL", "file contains a NUL character"),
    "yaml.syntax": ("lỗi cú pháp YAML: {reason}", "YAML syntax error: {reason}"),
    "yaml.alias": (
        "không được dùng tham chiếu YAML (alias *{name}); hãy viết đầy đủ giá trị",
        "YAML aliases (*{name}) are not allowed; write the value out",
    ),
    "yaml.anchor": (
        "không được dùng neo YAML (&{name})",
        "YAML anchors (&{name}) are not allowed",
    ),
    "yaml.tag": (
        "không được dùng thẻ YAML {tag}",
        "YAML tag {tag} is not allowed",
    ),
    "yaml.duplicate_key": (
        "khóa '{key}' bị lặp (đã có ở dòng {first_line})",
        "duplicate key '{key}' (first at line {first_line})",
    ),
    "yaml.complex_key": (
        "khóa phải là một chuỗi đơn giản",
        "keys must be plain strings",
    ),
    "yaml.multiple_documents": (
        "tệp chỉ được chứa một tài liệu YAML",
        "the file must hold a single YAML document",
    ),
    "yaml.not_mapping": (
        "nội dung phải là một bảng khóa: giá trị",
        "the content must be a mapping of keys to values",
    ),
    "yaml.too_deep": (
        "cấu trúc lồng nhau quá sâu (tối đa {limit} cấp)",
        "nesting too deep (at most {limit} levels)",
    ),
    "yaml.too_many_nodes": (
        "quá nhiều phần tử (tối đa {limit})",
        "too many elements (at most {limit})",
    ),
    "frontmatter.missing": (
        "thiếu phần đầu YAML: tệp phải bắt đầu bằng dòng '---'",
        "missing YAML front matter: the file must start with a '---' line",
    ),
    "frontmatter.unclosed": (
        "phần đầu YAML chưa được đóng bằng dòng '---'",
        "YAML front matter is not closed by a '---' line",
    ),
    # --- schema --------------------------------------------------------------------------
    "schema.missing": ("thiếu trường bắt buộc", "required field missing"),
    "schema.extra": (
        "trường không được hỗ trợ '{key}'{hint}",
        "unknown field '{key}'{hint}",
    ),
    "schema.choice": (
        "giá trị '{value}' không hợp lệ; chọn một trong: {choices}",
        "invalid value '{value}'; choose one of: {choices}",
    ),
    "schema.string": (
        "phải là văn bản, nhận được {value}",
        "expected text, got {value}",
    ),
    "schema.int": (
        "phải là số nguyên, nhận được '{value}'",
        "expected a whole number, got '{value}'",
    ),
    "schema.bool": (
        "phải là true hoặc false, nhận được '{value}'",
        "expected true or false, got '{value}'",
    ),
    "schema.date": (
        "phải là ngày dạng NNNN-TT-NN (ví dụ 2019-05-01), nhận được '{value}'",
        "expected a date like 2019-05-01, got '{value}'",
    ),
    "schema.range": (
        "giá trị '{value}' ngoài khoảng cho phép ({bound})",
        "value '{value}' out of range ({bound})",
    ),
    "schema.list": ("phải là danh sách (các dòng '- …')", "expected a list ('- …' lines)"),
    "schema.mapping": ("phải là bảng khóa: giá trị", "expected a mapping of keys to values"),
    "schema.slug": (
        "'{value}' không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu gạch nối",
        "'{value}' is invalid: use lower-case ASCII letters, digits and hyphens",
    ),
    "schema.code": (
        "'{value}' không phải mã đơn vị hành chính (2–5 chữ số)",
        "'{value}' is not an administrative unit code (2–5 digits)",
    ),
    "schema.empty": ("không được để trống", "must not be empty"),
    "schema.too_long": (
        "quá dài (tối đa {limit} ký tự)",
        "too long (at most {limit} characters)",
    ),
    "schema.other": ("giá trị không hợp lệ: {detail}", "invalid value: {detail}"),
    # --- cross references ----------------------------------------------------------------
    "slug.filename": (
        "slug '{slug}' phải trùng tên tệp ('{stem}.yml')",
        "slug '{slug}' must match the file name ('{stem}.yml')",
    ),
    "slug.duplicate": (
        "slug '{slug}' đã được dùng ở {other}",
        "slug '{slug}' is already used by {other}",
    ),
    "slug.former_taken": (
        "slug cũ '{slug}' trùng với hồ sơ đang dùng ở {other}",
        "former slug '{slug}' clashes with a profile in {other}",
    ),
    "award.unknown": (
        "không có danh hiệu/hình thức khen thưởng '{award}' trong danh mục{hint}",
        "unknown award id '{award}'{hint}",
    ),
    "award.class_required": (
        "'{award}' có các hạng {classes}: phải ghi hạng",
        "'{award}' has classes {classes}: give the class",
    ),
    "award.class_not_allowed": (
        "'{award}' không có hạng '{klass}' (các hạng: {classes})",
        "'{award}' has no class '{klass}' (classes: {classes})",
    ),
    "award.no_classes": (
        "'{award}' không chia hạng: bỏ 'class'",
        "'{award}' has no classes: remove 'class'",
    ),
    "award.period_unverified": (
        "'{award}' có thể chưa tồn tại vào ngày {date} (thời gian hiệu lực {period} "
        "chưa được xác minh)",
        "'{award}' may not have existed on {date} (its period {period} is not verified)",
    ),
    "award.recipient": (
        "'{award}' không tặng cho {recipient} (chỉ cho: {allowed})",
        "'{award}' is not given to a {recipient} (only to: {allowed})",
    ),
    "award.not_in_force": (
        "'{award}' không tồn tại vào ngày {date} (có hiệu lực {period})",
        "'{award}' did not exist on {date} (in force {period})",
    ),
    "award.issuer_level": (
        "cấp '{level}' không có thẩm quyền tặng '{award}' (cấp có thẩm quyền: {allowed})",
        "level '{level}' cannot confer '{award}' (conferred by: {allowed})",
    ),
    "award.issuer_abolished": (
        "cấp huyện không còn tồn tại từ 2025-07-01, không thể ra quyết định ngày {date}",
        "district-level authorities ceased on 2025-07-01; no decision can be dated {date}",
    ),
    "award.revoked_no_decision": (
        "khen thưởng bị thu hồi phải có quyết định thu hồi (revocation: number, date)",
        "a revoked award needs the revoking decision (revocation: number, date)",
    ),
    "award.revocation_not_revoked": (
        "có quyết định thu hồi nhưng trạng thái không phải 'revoked'",
        "a revocation is given but the status is not 'revoked'",
    ),
    "award.revocation_before": (
        "quyết định thu hồi ({revoked}) trước ngày khen thưởng ({date})",
        "the revocation ({revoked}) predates the award ({date})",
    ),
    "award.posthumous_collective": (
        "chỉ cá nhân mới được truy tặng",
        "only individuals can be honoured posthumously",
    ),
    "campaign.unknown": (
        "không có phong trào thi đua '{campaign}'{hint}",
        "unknown campaign '{campaign}'{hint}",
    ),
    "campaign.duplicate": (
        "mã phong trào '{campaign}' đã được dùng ở {other}",
        "campaign id '{campaign}' is already used by {other}",
    ),
    "campaign.period": (
        "ngày kết thúc {end} trước ngày bắt đầu {start}",
        "end date {end} is before start date {start}",
    ),
    "campaign.milestone_outside": (
        "mốc '{milestone}' ngày {date} nằm ngoài thời gian phong trào ({start} – {end})",
        "milestone '{milestone}' on {date} is outside the campaign period ({start} – {end})",
    ),
    "profile.featured_unknown": (
        "hồ sơ nổi bật '{slug}' không tồn tại hoặc chưa công bố",
        "featured profile '{slug}' does not exist or is not published",
    ),
    "photo.missing": ("không tìm thấy tệp ảnh '{file}'", "photo file '{file}' not found"),
    "photo.outside": (
        "đường dẫn ảnh '{file}' nằm ngoài thư mục dự án",
        "photo path '{file}' points outside the project",
    ),
    "photo.symlink": (
        "ảnh '{file}' là liên kết tượng trưng; hãy thêm tệp ảnh thật",
        "photo '{file}' is a symbolic link; add the real file",
    ),
    "photo.extension": (
        "ảnh '{file}' phải là .jpg, .jpeg, .png hoặc .webp",
        "photo '{file}' must be .jpg, .jpeg, .png or .webp",
    ),
    "photo.no_consent": (
        "hồ sơ có ảnh nhưng không có đồng ý công bố ảnh (consent.photo: true); "
        "ảnh sẽ không hiển thị",
        "the profile has photos but no consent to publish them (consent.photo: true); "
        "they will not be shown",
    ),
    "consent.missing": (
        "trường nhạy cảm '{key}' cần cờ đồng ý consent.{flag}: true",
        "sensitive field '{key}' needs the consent flag consent.{flag}: true",
    ),
    "consent.refused": (
        "trường '{key}' có giá trị nhưng consent.{flag} là false: sẽ không được công bố; "
        "nên xóa khỏi kho (lịch sử git là vĩnh viễn)",
        "field '{key}' has a value but consent.{flag} is false: it will not be published; "
        "remove it from the repository (git history is permanent)",
    ),
    "proposal.missing": (
        "hồ sơ 'proposed' phải có mục proposal với thời gian lấy ý kiến",
        "a 'proposed' profile needs a proposal block with its comment window",
    ),
    "proposal.not_proposed": (
        "có mục proposal nhưng trạng thái không phải 'proposed'",
        "a proposal block is given but the status is not 'proposed'",
    ),
    "proposal.window": (
        "thời gian lấy ý kiến phải kết thúc sau khi bắt đầu ({start} – {end})",
        "the comment window must end after it starts ({start} – {end})",
    ),
    "proposal.window_short": (
        "thời gian lấy ý kiến chỉ có {days} ngày làm việc (tối thiểu 10)",
        "the comment window has only {days} working days (at least 10)",
    ),
    "withdrawn.missing": (
        "hồ sơ 'withdrawn' phải ghi withdrawal: date, reason",
        "a 'withdrawn' profile needs withdrawal: date, reason",
    ),
    "name.individual": (
        "cá nhân phải có name.family và name.given (không dùng name.full)",
        "an individual needs name.family and name.given (not name.full)",
    ),
    "name.collective": (
        "tập thể/mô hình phải có name.full (không dùng family/middle/given)",
        "a collective or model needs name.full (not family/middle/given)",
    ),
    "locality.unknown_province": (
        "không có tỉnh/thành phố '{name}'{era}{hint}",
        "unknown province '{name}'{era}{hint}",
    ),
    "locality.unknown_district": (
        "không có huyện/quận '{name}' thuộc {parent}{era}{hint}",
        "unknown district '{name}' in {parent}{era}{hint}",
    ),
    "locality.unknown_commune": (
        "không có xã/phường '{name}' thuộc {parent}{era}{hint}",
        "unknown commune '{name}' in {parent}{era}{hint}",
    ),
    "locality.district_after_reform": (
        "từ 2025-07-01 không còn cấp huyện: bỏ 'district' hoặc ghi as_of trước ngày đó",
        "districts were abolished on 2025-07-01: drop 'district' or set as_of before that date",
    ),
    "locality.code_unknown": (
        "không có mã đơn vị hành chính '{code}'{era}",
        "unknown administrative unit code '{code}'{era}",
    ),
    "locality.code_mismatch": (
        "mã '{code}' là {actual}, không khớp với '{given}'",
        "code '{code}' is {actual}, which does not match '{given}'",
    ),
    "duplicate.probable": (
        "có thể trùng người với {other} (cùng tên, cùng xã)",
        "probably the same person as {other} (same name, same commune)",
    ),
    "config.local_award_clash": (
        "mã danh hiệu địa phương '{award}' trùng với danh mục quốc gia",
        "local award id '{award}' clashes with the national taxonomy",
    ),
    # --- fragments used as parameters ("@code") --------------------------------------------
    "era.old": (" (danh mục trước 2025-07-01)", " (list before 2025-07-01)"),
    "era.new": (" (danh mục từ 2025-07-01)", " (list from 2025-07-01)"),
    "era.any": ("", ""),
    "recipient.individual": ("cá nhân", "individual"),
    "recipient.collective": ("tập thể", "collective"),
    "recipient.household": ("hộ gia đình", "household"),
    "text.unsafe_url": (
        "địa chỉ '{url}' không an toàn: chỉ chấp nhận http:// hoặc https://",
        "address '{url}' is unsafe: only http:// or https:// are accepted",
    ),
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one source file, sortable by path, line and column."""

    path: str
    line: int
    col: int
    field: str
    code: str
    params: tuple[tuple[str, str], ...] = ()
    severity: Severity = "error"

    def message(self, lang: Lang = "vi") -> str:
        """The human message in the given language."""
        vi, en = MESSAGES[self.code]
        return (vi if lang == "vi" else en).format(**self._params(lang))

    def _params(self, lang: Lang) -> dict[str, str]:
        """Parameters, with "@code" values (and "@a, @b" lists) rendered in `lang`."""
        out = {}
        for key, value in self.params:
            if value.startswith("@"):
                parts = [
                    MESSAGES[p.strip()[1:]][0 if lang == "vi" else 1] for p in value.split(",")
                ]
                value = ", ".join(parts)
            out[key] = value
        return out

    def format(self, lang: Lang = "vi") -> str:
        """`path:line:col: field: message` (with `cảnh báo`/`warning` for warnings)."""
        where = f"{self.path}:{self.line}:{self.col}"
        prefix = ""
        if self.severity == "warning":
            prefix = "cảnh báo: " if lang == "vi" else "warning: "
        fld = f"{self.field}: " if self.field else ""
        return f"{where}: {prefix}{fld}{self.message(lang)}"

    def as_dict(self, lang: Lang = "vi") -> dict[str, object]:
        """A JSON-ready dictionary for bots."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "params": self._params(lang),
            "message": self.message(lang),
        }


def make_problem(
    path: str,
    line: int,
    col: int,
    field: str,
    code: str,
    severity: Severity = "error",
    /,
    **params: object,
) -> Problem:
    """Build a Problem, checking the code exists (a typo here is a programming error)."""
    if code not in MESSAGES:
        raise KeyError(f"unknown message code {code!r}")
    return Problem(
        path=path,
        line=line,
        col=col,
        field=field,
        code=code,
        params=tuple((k, str(v)) for k, v in params.items()),
        severity=severity,
    )


@dataclass
class Report:
    """All problems found in one run, collected rather than raised, shown sorted at the end."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Record one problem."""
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several problems."""
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(set(self.problems)))

    @property
    def errors(self) -> list[Problem]:
        """Problems of severity error, sorted."""
        return [p for p in self if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems of severity warning, sorted."""
        return [p for p in self if p.severity == "warning"]

    def to_json(self, lang: Lang = "vi") -> str:
        """The whole report as a JSON document."""
        return json.dumps(
            {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.as_dict(lang) for p in self],
            },
            ensure_ascii=False,
            indent=2,
        )


class SourceError(Exception):
    """Raised where a stage cannot go on; carries the problems that stopped it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format("en") for p in self.problems))


def params_of(mapping: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Freeze a parameter mapping into the hashable form Problem stores."""
    return tuple((k, str(v)) for k, v in mapping.items())
