"""Problems found in the sources: where they are, what they are, in Vietnamese or English.

Every stage reports problems the same way: a `Problem` names the file (relative to the
project root), the line and column, the field path and a message code with its parameters.
Messages are rendered late, in the reader's language, so a bot (`--format json`) and a
person get the same facts.
"""

from __future__ import annotations

import json
import string
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
    "file.folder_symlink": (
        "thư mục này là liên kết tượng trưng (symbolic link), có thể trỏ ra ngoài kho: không "
        "đọc tệp nào trong đó; hãy đặt thư mục thật vào kho",
        "this folder is a symbolic link, which may point outside the repository: none of its "
        "files is read; put the real folder in the repository",
    ),
    "file.invalid_utf8": (
        "không phải UTF-8 hợp lệ (byte {byte} ở vị trí này); hãy lưu tệp với mã hóa UTF-8",
        "not valid UTF-8 (byte {byte} here); save the file as UTF-8",
    ),
    "file.nul": ("tệp chứa ký tự NUL", "file contains a NUL character"),
    "yaml.syntax": ("lỗi cú pháp YAML: {reason}", "YAML syntax error: {reason}"),
    # PyYAML's errors in plain words, the line quoted, a hint read from it
    # (generator.source.yamlsyntax)
    "yaml.syntax_at": (
        "lỗi cú pháp YAML: {reason}; dòng: {text}",
        "YAML syntax error: {reason}; the line: {text}",
    ),
    "yaml.syntax_hint": (
        "lỗi cú pháp YAML: {reason}; dòng: {text}; gợi ý: {hint}",
        "YAML syntax error: {reason}; the line: {text}; hint: {hint}",
    ),
    "yaml.why.tab": ("có ký tự Tab ở phần thụt lề", "a tab character in the indentation"),
    "yaml.why.bad_char": (
        "có ký tự không được đứng đầu một giá trị (như @ ` %)",
        "a character that cannot start a value (such as @ ` %)",
    ),
    "yaml.why.no_colon": (
        "thiếu dấu ':' giữa tên khóa và giá trị",
        "a ':' is missing between a key and its value",
    ),
    "yaml.why.colon_here": (
        "có dấu ':' ở chỗ không được có",
        "a ':' where none is allowed",
    ),
    "yaml.why.unclosed_quote": (
        "dấu nháy mở ở dòng này không được đóng",
        "the quote opened on this line is never closed",
    ),
    "yaml.why.indent_key": (
        "dòng này không thẳng cột với các khóa phía trên",
        "this line is not aligned with the keys above it",
    ),
    "yaml.why.indent_list": (
        "dòng này không thẳng cột với danh sách phía trên (các mục bắt đầu bằng '- ')",
        "this line is not aligned with the list above it (items start with '- ')",
    ),
    "yaml.why.flow_seq": (
        "danh sách mở bằng '[' chưa được đóng bằng ']'",
        "a list opened with '[' is not closed with ']'",
    ),
    "yaml.why.flow_map": (
        "bảng mở bằng '{' chưa được đóng bằng '}'",  # a parameter: not formatted
        "a mapping opened with '{' is not closed with '}'",
    ),
    "yaml.why.escape": (
        "sau dấu '\\' trong chuỗi nháy kép là một ký tự không hợp lệ",
        "an invalid character after '\\' in a double-quoted text",
    ),
    "yaml.hint.tab": (
        "thụt lề bằng dấu cách, không dùng phím Tab (⇥ là ký tự Tab)",
        "indent with spaces, never with the Tab key (⇥ is a tab)",
    ),
    "yaml.hint.space": (
        "thêm một dấu cách sau dấu ':' (viết 'khóa: giá trị', không viết 'khóa:giá trị')",
        "put a space after the ':' (write 'key: value', not 'key:value')",
    ),
    "yaml.hint.colon": (
        "giá trị có dấu ':' phải đặt trong dấu nháy, ví dụ summary: \"Nội dung: …\"",
        "a value holding ': ' must be quoted, e.g. summary: \"Text: …\"",
    ),
    "yaml.hint.quote": (
        "đóng dấu nháy ở cuối giá trị (mở bằng \" thì đóng bằng \", mở bằng ' thì đóng bằng ')",
        "close the quote at the end of the value (\" with \", ' with ')",
    ),
    "yaml.hint.quote_value": (
        'đặt cả giá trị trong dấu nháy, ví dụ name: "@abc"',
        'quote the whole value, e.g. name: "@abc"',
    ),
    "yaml.hint.indent": (
        "kiểm tra thụt lề: các khóa cùng cấp phải thẳng cột, mỗi cấp lùi vào 2 dấu cách",
        "check the indentation: keys of one level line up, each level is 2 spaces further in",
    ),
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
    "schema.country_code": (
        "'{value}' không phải mã nước ISO 3166-1 (hai chữ in hoa, ví dụ 'RU')",
        "'{value}' is not an ISO 3166-1 country code (two capital letters, e.g. 'RU')",
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
    "slug.reserved": (
        "slug '{slug}' trùng tên một tệp của dữ liệu mở ({file}); hãy chọn slug khác",
        "slug '{slug}' is the name of an open-data file ({file}); choose another slug",
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
        "'{award}' chia hạng: {classes}; phải ghi hạng, ví dụ class: {example}",
        "'{award}' comes in classes: {classes}; give the class, e.g. class: {example}",
    ),
    "award.class_not_allowed": (
        "'{award}' không có {klass}; chỉ có {classes}",
        "'{award}' has no {klass}; only {classes}",
    ),
    # Class names in messages (errors.class_codes); the ids are what editors type in `class:`.
    "class.nhat": ("hạng Nhất (nhat)", "First Class (nhat)"),
    "class.nhi": ("hạng Nhì (nhi)", "Second Class (nhi)"),
    "class.ba": ("hạng Ba (ba)", "Third Class (ba)"),
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
    "award.issuer_power": (
        "{issuer} không có thẩm quyền tặng '{award}' ngày {date}: theo {law} (áp dụng "
        "{period}), cấp này chỉ tặng {allowed}",
        "{issuer} could not confer '{award}' on {date}: under {law} (in force {period}) "
        "this level confers only {allowed}",
    ),
    "award.issuer_power_unverified": (
        "{issuer} có thể không có thẩm quyền tặng '{award}' ngày {date}: theo {law} (áp dụng "
        "{period}, chưa xác minh), cấp này chỉ tặng {allowed}",
        "{issuer} may not have been able to confer '{award}' on {date}: under {law} (in force "
        "{period}, not verified) this level confers only {allowed}",
    ),
    "award.issuer_abolished": (
        "cấp huyện không còn tồn tại từ 2025-07-01, không thể ra quyết định ngày {date}",
        "district-level authorities ceased on 2025-07-01; no decision can be dated {date}",
    ),
    "award.revoked_no_decision": (
        "khen thưởng có quyết định bị hủy bỏ phải ghi quyết định hủy bỏ (revocation: number, date)",
        "an annulled award needs the annulling decision (revocation: number, date)",
    ),
    "award.stripped_no_decision": (
        "danh hiệu bị tước phải ghi quyết định tước danh hiệu (revocation: number, date)",
        "a stripped title needs the decision that stripped it (revocation: number, date)",
    ),
    "award.revocation_not_revoked": (
        "có quyết định hủy bỏ (revocation) nhưng trạng thái không phải 'revoked' hay 'stripped'",
        "a revocation is given but the status is neither 'revoked' nor 'stripped'",
    ),
    "award.revocation_before": (
        "quyết định hủy bỏ, tước danh hiệu ({revoked}) trước ngày khen thưởng ({date})",
        "the annulment or stripping ({revoked}) predates the award ({date})",
    ),
    "award.ground_unknown": (
        "không có căn cứ '{ground}' (các căn cứ theo Điều 93 Luật Thi đua, khen thưởng: {known})",
        "unknown ground '{ground}' (grounds of Art. 93 of the Law on Emulation and "
        "Commendation: {known})",
    ),
    "award.ground_not_revoked": (
        "căn cứ '{ground}' ({law}) là căn cứ tước danh hiệu, không phải hủy bỏ quyết định: "
        "dùng 'status: stripped'",
        "the ground '{ground}' ({law}) strips a title, it does not annul a decision: use "
        "'status: stripped'",
    ),
    "award.ground_not_stripped": (
        "căn cứ '{ground}' ({law}) là căn cứ hủy bỏ quyết định, không phải tước danh hiệu: "
        "dùng 'status: revoked'",
        "the ground '{ground}' ({law}) annuls a decision, it does not strip a title: use "
        "'status: revoked'",
    ),
    "award.ground_period": (
        "căn cứ '{ground}' ({law}) chỉ áp dụng từ {since}, quyết định ngày {date} theo quy định "
        "trước đó: bỏ 'ground', ghi căn cứ vào 'reason'",
        "the ground '{ground}' ({law}) applies from {since}; a decision of {date} falls under "
        "the earlier rules: remove 'ground' and state the basis in 'reason'",
    ),
    "award.local_name": (
        "'{award}' không ghi được tên '{recorded}'; tên quyết định có thể dùng: {allowed}",
        "'{award}' cannot be recorded as '{recorded}'; the names a decision may use: {allowed}",
    ),
    "award.no_local_names": (
        "(không có: danh hiệu này chỉ có tên trong danh mục, bỏ 'recorded_name')",
        "(none: this award has only its catalogue name; remove 'recorded_name')",
    ),
    "award.strip_not_title": (
        "chỉ danh hiệu vinh dự nhà nước mới bị tước (khoản 3 Điều 93 Luật Thi đua, khen "
        "thưởng); '{award}' thì hủy bỏ quyết định: dùng 'status: revoked'",
        "only state honorary titles are stripped (Art. 93(3) of the Law on Emulation and "
        "Commendation); for '{award}' the decision is annulled: use 'status: revoked'",
    ),
    "award.posthumous_form": (
        "'{award}' thường không truy tặng ({law} chỉ nêu huân chương, huy chương, danh hiệu vinh "
        "dự nhà nước): kiểm tra lại quyết định",
        "'{award}' is not usually conferred posthumously ({law} names orders, medals and state "
        "honorary titles): check the decision",
    ),
    "award.posthumous_no_death": (
        "truy tặng nhưng hồ sơ không ghi năm mất (death_year)",
        "posthumous, but the profile gives no death_year",
    ),
    "award.posthumous_before_death": (
        "truy tặng năm {year}, trước năm mất {death}: kiểm tra năm khen thưởng hoặc năm mất",
        "posthumous in {year}, before the death year {death}: check either year",
    ),
    "award.foreign_type_domestic": (
        "doi-ngoai (khen thưởng đối ngoại, Điều 8) dành cho cá nhân, tập thể nước ngoài, nhưng "
        "hồ sơ ghi địa phương trong nước: kiểm tra loại khen thưởng",
        "doi-ngoai (commendation of foreigners, Art. 8) is for foreign people and collectives, "
        "but the profile gives a place in Viet Nam: check the commendation type",
    ),
    # A model's structured fields (documents.ModelPractice, model._check_practice).
    "model.not_model": (
        "khối 'model' (việc khó, cách làm, kết quả, nhân rộng) chỉ dùng cho hồ sơ 'kind: model'; "
        "hồ sơ này là {kind}",
        "the 'model' block (problem, method, results, replication) is for 'kind: model' "
        "profiles; this profile is {kind}",
    ),
    "model.contact_phone_mobile": (
        "'{phone}' là số di động: số di động thường là số riêng của một người, không được công "
        "bố (Luật Bảo vệ dữ liệu cá nhân 2025). Chỉ ghi số tổng đài, số máy bàn của cơ quan "
        "(02x…) hoặc đường dây nóng 1800/1900, kèm 'switchboard: true'; hoặc ghi thư điện tử, "
        "địa chỉ của cơ quan",
        "'{phone}' is a mobile number: a mobile line is usually one person's own and is not "
        "published (personal data law 2025). Give only the organisation's switchboard or office "
        "line (02x…) or a 1800/1900 hotline, with 'switchboard: true'; or the organisation's "
        "e-mail or address",
    ),
    "model.contact_phone_shape": (
        "'{phone}' không phải số máy bàn (02x, 11 chữ số) hay đường dây nóng 1800/1900 của cơ "
        "quan: chỉ công bố số tổng đài của tổ chức",
        "'{phone}' is neither an office line (02x, 11 digits) nor a 1800/1900 hotline: only an "
        "organisation's switchboard is published",
    ),
    "model.contact_phone_unmarked": (
        "số điện thoại '{phone}' chỉ được công bố khi là số tổng đài, số máy bàn của cơ quan: "
        "kiểm tra rồi ghi thêm 'switchboard: true' ngay dưới, hoặc xóa số này (không công bố "
        "số riêng của cá nhân)",
        "the phone number '{phone}' is published only if it is the organisation's switchboard "
        "or office line: check it, then add 'switchboard: true' below it, or remove it (a "
        "person's own number is never published)",
    ),
    "model.contact_email_shape": (
        "'{email}' không phải địa chỉ thư điện tử",
        "'{email}' is not an e-mail address",
    ),
    "model.contact_email_personal": (
        "hộp thư ở {domain} là hộp thư cá nhân: ghi thư điện tử của cơ quan (tên miền của cơ "
        "quan, ví dụ …@cantho.gov.vn)",
        "a mailbox at {domain} is a person's: give the organisation's address (its own domain, "
        "e.g. …@cantho.gov.vn)",
    ),
    "model.number_shape": (
        "'{value}' không phải một số: ghi số như 142, 98,5 hoặc 1.8",
        "'{value}' is not a number: write it as 142, 98,5 or 1.8",
    ),
    "model.number_grouping": (
        "'{value}' đọc được hai cách (hàng nghìn hoặc số thập phân): không dùng dấu phân cách "
        "hàng nghìn (ghi 1200), số thập phân ghi dấu phẩy (1,2)",
        "'{value}' may be thousands or a decimal: write thousands without a separator (1200) "
        "and decimals with a comma (1,2)",
    ),
    "model.baseline_year_alone": (
        "có năm của số trước khi làm (baseline_year) mà không có số (baseline)",
        "baseline_year is given without a baseline",
    ),
    "model.baseline_after": (
        "năm của số trước khi làm ({baseline_year}) sau năm đo kết quả ({year})",
        "the baseline year ({baseline_year}) is after the result's year ({year})",
    ),
    "model.replication_unknown_profile": (
        "không có hồ sơ '{slug}'{hint}: ghi slug của hồ sơ ở nơi nhân rộng, hoặc bỏ 'profile' "
        "nếu nơi đó chưa có hồ sơ",
        "no profile '{slug}'{hint}: give the slug of the profile at the replicating place, or "
        "remove 'profile' if that place has none",
    ),
    "model.replication_unpublished": (
        "hồ sơ '{slug}' chưa công bố ({status}): trang không thể dẫn tới đó",
        "profile '{slug}' is not published ({status}): the page cannot link to it",
    ),
    "model.replication_self": (
        "nơi nhân rộng dẫn tới chính hồ sơ này",
        "the replication links to this very profile",
    ),
    "model.replication_home": (
        "nơi nhân rộng trùng địa phương của chính mô hình ({place}): nhân rộng là ở nơi khác",
        "the replicating place is the model's own ({place}): replication is elsewhere",
    ),
    "model.replication_elsewhere": (
        "hồ sơ '{slug}' ở {other}, không phải {place}: kiểm tra địa phương hoặc slug",
        "profile '{slug}' is in {other}, not {place}: check the place or the slug",
    ),
    "model.decision_unknown": (
        "không có quyết định '{slug}' trong decisions/{hint}",
        "no decision '{slug}' in decisions/{hint}",
    ),
    "profile.scale_not_collective": (
        "quy mô (scale) chỉ dùng cho tập thể, mô hình; hồ sơ này là {kind}: bỏ trường scale",
        "scale is for collectives and models; this profile is {kind}: remove scale",
    ),
    "award.same_achievement": (
        "cùng năm {year} và cùng trích yếu thành tích với khen thưởng thứ {other} của hồ sơ: "
        "một thành tích không được khen thưởng nhiều lần, nhiều hình thức (Điều 5 Luật Thi "
        "đua, khen thưởng); kiểm tra lại hai quyết định",
        "same year {year} and same achievement wording as award {other} of this profile: one "
        "achievement is not rewarded several times or by several forms (Art. 5 of the Law on "
        "Emulation and Commendation); check both decisions",
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
    # Emulation clusters and blocks (clusters/*.yml).
    "cluster.member_form": (
        "mỗi thành viên ghi hoặc 'profile' (slug hồ sơ tập thể), hoặc 'name' kèm 'locality' "
        "(đơn vị chưa có hồ sơ), không ghi cả hai",
        "each member gives either 'profile' (a collective profile's slug) or 'name' with "
        "'locality' (a unit without a profile), not both",
    ),
    "cluster.member_unknown": (
        "không có hồ sơ '{slug}'{hint}; đơn vị chưa có hồ sơ thì ghi 'name' và 'locality'",
        "no profile '{slug}'{hint}; for a unit without a profile give 'name' and 'locality'",
    ),
    "cluster.member_kind": (
        "hồ sơ '{slug}' không phải tập thể: thành viên cụm, khối thi đua là tập thể, đơn vị",
        "profile '{slug}' is not a collective: members of a cluster or block are collectives",
    ),
    "cluster.member_place": (
        "thành viên '{name}' chưa có hồ sơ: ghi thêm 'locality' (địa phương của đơn vị)",
        "member '{name}' has no profile: add its 'locality'",
    ),
    "cluster.member_twice": (
        "thành viên '{name}' được ghi hai lần",
        "member '{name}' is listed twice",
    ),
    "cluster.year_twice": ("năm {year} được ghi hai lần", "year {year} is listed twice"),
    "cluster.not_member": (
        "'{ref}' không có trong danh sách thành viên (members) của {cluster}; ghi đúng slug "
        "hồ sơ hoặc tên như ở members",
        "'{ref}' is not among the members of {cluster}; use a member's profile slug or name "
        "as written under members",
    ),
    "cluster.flag_not_member": (
        "cờ thi đua tặng '{ref}', không phải thành viên của {cluster}: cờ thi đua của cụm, "
        "khối chỉ tặng tập thể dẫn đầu trong các thành viên (Điều 25, 26 Luật Thi đua, khen "
        "thưởng); thêm đơn vị vào members, hoặc ghi cờ ở hồ sơ của đơn vị",
        "a flag given to '{ref}', who is not a member of {cluster}: a cluster's flags go to "
        "its leading members (Law 06/2022 Art. 25, 26); add the unit to members, or record "
        "the flag on the unit's profile instead",
    ),
    "cluster.flag_not_flag": (
        "'{award}' không phải cờ thi đua; mục flags ghi các cờ thi đua tặng cuối năm",
        "'{award}' is not an emulation flag; flags records the flags awarded at the year's end",
    ),
    "cluster.flag_not_on_profile": (
        "hồ sơ '{slug}' chưa ghi {award} năm {year}: trang cụm vẫn hiện cờ, nhưng danh sách "
        "và thống kê khen thưởng chỉ tính khen thưởng ghi trong hồ sơ",
        "profile '{slug}' does not record {award} for {year}: the cluster page shows the "
        "flag, but the rolls and statistics count only awards recorded on profiles",
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
        "thời gian lấy ý kiến chỉ có {days} ngày làm việc, không tính ngày lễ, Tết (tối thiểu "
        "{minimum} theo {law}){approx}",
        "the comment window has only {days} working {days:day|days}, public holidays excluded "
        "(at least {minimum} under {law}){approx}",
    ),
    "proposal.window_short_unverified": (
        "thời gian lấy ý kiến chỉ có {days} ngày làm việc, không tính ngày lễ, Tết (có thể "
        "phải tối thiểu {minimum} theo {law}, chưa xác minh){approx}",
        "the comment window has only {days} working {days:day|days}, public holidays excluded "
        "(perhaps at least {minimum} under {law}, not verified){approx}",
    ),
    "proposal.holidays_unknown": (
        "; năm này chưa có trong bảng ngày lễ generator/data/holidays.yml nên số ngày có thể "
        "nhiều hơn thực tế",
        "; that year is not in the holiday table generator/data/holidays.yml, so the count may "
        "be too high",
    ),
    "proposal.council_before_end": (
        "Hội đồng họp ngày {council}, không sau khi hết hạn lấy ý kiến ({end}): ý kiến nhân dân "
        "phải có trước khi họp",
        "the council meets on {council}, not after the comment window ends ({end}): comments "
        "must be in before the meeting",
    ),
    "proposal.not_shown": (
        "hồ sơ '{status}' không công bố đề nghị nào: đề nghị chỉ đăng với hồ sơ 'published' hoặc "
        "'proposed'",
        "a '{status}' profile publishes no proposal: proposals are shown only with 'published' "
        "or 'proposed' profiles",
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
    "decision.no_recipients": (
        "quyết định phải có danh sách recipients hoặc số lượng count",
        "a decision needs a recipients list or a count",
    ),
    "decision.count_below_list": (
        "count {count} nhỏ hơn số dòng của danh sách ({lines})",
        "count {count} is smaller than the list ({lines} {lines:line|lines})",
    ),
    "decision.recipient_twice": (
        "tên này đã có ở dòng {line} của danh sách (cùng đơn vị, xã): kiểm tra lại",
        "this name is already on line {line} of the list (same unit and commune): check it",
    ),
    "name.household": (
        "hộ gia đình phải có name.form (ho-ong, ho-ba, gia-dinh-ong, gia-dinh-ba) và tên chủ "
        "hộ ở name.family, name.given (không dùng name.full)",
        "a household needs name.form (ho-ong, ho-ba, gia-dinh-ong, gia-dinh-ba) and the head's "
        "name in name.family, name.given (not name.full)",
    ),
    "name.form_not_household": (
        "name.form chỉ dùng cho hộ gia đình (kind: household)",
        "name.form is for households only (kind: household)",
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
    "locality.missing": (
        "thiếu tỉnh/thành phố 'province'; nếu quyết định, danh sách gốc không ghi nơi nào, "
        "ghi 'unknown: true' (chưa rõ địa phương); người, tập thể nước ngoài: ghi 'country'",
        "no 'province'; if the decision or list gives no place, write 'unknown: true' (place "
        "unknown); for a foreign recipient, write 'country'",
    ),
    "locality.unknown_with_place": (
        "đã ghi 'unknown: true' (chưa rõ địa phương) nhưng lại ghi {keys}: biết nơi thì bỏ "
        "'unknown', không thì bỏ {keys}",
        "'unknown: true' (place unknown) is given together with {keys}: if the place is known, "
        "remove 'unknown', otherwise remove {keys}",
    ),
    "locality.unknown_and_country": (
        "không thể vừa 'unknown: true' (chưa rõ địa phương) vừa ghi nước 'country': người "
        "nước ngoài chỉ ghi 'country'",
        "'unknown: true' (place unknown) and 'country' exclude each other: a foreign recipient "
        "has only 'country'",
    ),
    "locality.foreign_with_place": (
        "người, tập thể nước ngoài ('country: {country}') không có đơn vị hành chính Việt "
        "Nam: bỏ {keys}",
        "a foreign recipient ('country: {country}') has no Vietnamese administrative unit: "
        "remove {keys}",
    ),
    "locality.country_vietnam": (
        "'country' chỉ dùng cho nước ngoài: người, tập thể ở Việt Nam ghi tỉnh/thành phố vào "
        "'province' (không rõ nơi: 'unknown: true')",
        "'country' is for foreign recipients only: for Viet Nam, give the 'province' (or "
        "'unknown: true' when the place is not known)",
    ),
    "locality.country_code_alone": (
        "'country_code' chỉ ghi kèm tên nước 'country'",
        "'country_code' goes with the country's name in 'country'",
    ),
    "duplicate.probable": (
        "có thể trùng người với {other} (cùng tên, cùng xã)",
        "probably the same person as {other} (same name, same commune)",
    ),
    "config.local_award_clash": (
        "mã danh hiệu địa phương '{award}' trùng với danh mục quốc gia",
        "local award id '{award}' clashes with the national taxonomy",
    ),
    "config.area_code_unknown": (
        "không có xã mã '{code}'{era}: mã này bị bỏ qua khi thống kê theo địa bàn",
        "no commune with code '{code}'{era}: the code is ignored in the area statistics",
    ),
    # --- fragments used as parameters ("@code") --------------------------------------------
    "era.old": (" (danh mục trước 2025-07-01)", " (list before 2025-07-01)"),
    "era.new": (" (danh mục từ 2025-07-01)", " (list from 2025-07-01)"),
    "era.any": ("", ""),
    "recipient.individual": ("cá nhân", "individual"),
    "recipient.collective": ("tập thể", "collective"),
    "recipient.household": ("hộ gia đình", "household"),
    # Who signs for an issuer level (taxonomy issuer ids), as a message's subject.
    "issuer.state": ("Chủ tịch nước", "The President"),
    "issuer.government": ("Thủ tướng Chính phủ", "The Prime Minister"),
    "issuer.ministry": ("Bộ trưởng, thủ trưởng cơ quan trung ương", "A minister or central body"),
    "issuer.province": ("Chủ tịch UBND cấp tỉnh", "A provincial People's Committee chair"),
    "issuer.district": ("Chủ tịch UBND cấp huyện", "A district People's Committee chair"),
    "issuer.commune": ("Chủ tịch UBND cấp xã", "A commune People's Committee chair"),
    "issuer.organisation": (
        "Thủ trưởng cơ quan, tổ chức, đơn vị, doanh nghiệp",
        "The head of an agency, unit or enterprise",
    ),
    "profile.no_award": (
        "hồ sơ đã công bố ('published') phải có ít nhất một khen thưởng; chưa có quyết định "
        "thì để 'draft' (bản nháp) hoặc 'proposed' (đang lấy ý kiến)",
        "a published profile needs at least one award; without a decision, use 'draft' or "
        "'proposed'",
    ),
    "award.year_mismatch": (
        "năm khen thưởng {year} không khớp với ngày quyết định {date} (năm phải là năm của "
        "quyết định, hoặc năm trước đó với danh hiệu xét theo năm)",
        "the award year {year} does not match the decision date {date} (the year must be the "
        "decision's, or the year before for a year's titles)",
    ),
    "date.future": (
        "{what} ngày {date} sau ngày dựng trang {today}: trang không được ghi việc chưa xảy ra",
        "{what} is dated {date}, after the build date {today}: a page cannot state what has "
        "not happened yet",
    ),
    "date.decision": ("quyết định khen thưởng", "the award decision"),
    "date.revocation": ("quyết định hủy bỏ", "the revoking decision"),
    "date.withdrawal": ("việc gỡ hồ sơ", "the withdrawal"),
    "privacy.free_text": (
        "có thể là {what} trong văn bản công khai: '{text}' (Luật Bảo vệ dữ liệu cá nhân "
        "2025): xóa, hoặc nếu đã xem xét là không phải dữ liệu của người được vinh danh, ghi "
        "vào personal_data_reviewed trong site_config.yml",
        "this may be {what} in public text: '{text}' (personal data law 2025): remove it, or, "
        "once reviewed as not the honouree's data, list it under personal_data_reviewed in "
        "site_config.yml",
    ),
    "privacy.phone": ("số điện thoại", "a phone number"),
    "privacy.id_number": ("số căn cước, chứng minh nhân dân", "a citizen ID number"),
    "privacy.religion": (
        "thông tin tôn giáo (chưa có consent.religion)",
        "a religion (no consent.religion)",
    ),
    "privacy.health": (
        "thông tin sức khỏe (chưa có consent.health)",
        "health information (no consent.health)",
    ),
    "privacy.ethnicity": (
        "thông tin dân tộc (chưa có consent.ethnicity)",
        "an ethnicity (no consent.ethnicity)",
    ),
    # English fields (`en:` blocks, generator.model.englishfields).
    "english.no_original": (
        "có tiếng Anh nhưng chưa có tiếng Việt '{original}': trang tiếng Việt sẽ thiếu nội "
        "dung này; hãy ghi bản tiếng Việt (bản gốc) hoặc bỏ bản tiếng Anh",
        "English without its Vietnamese '{original}': the Vietnamese page would lack it; "
        "write the Vietnamese original or remove the English",
    ),
    "english.looks_vietnamese": (
        "trường tiếng Anh nhưng {share}% số từ mang dấu tiếng Việt ('{text}'): có thể đã dán "
        "nhầm bản tiếng Việt",
        "an English field, but {share}% of its words carry Vietnamese diacritics ('{text}'): "
        "the Vietnamese text was probably pasted by mistake",
    ),
    "english.count_differs": (
        "tiếng Anh có {english} dòng, tiếng Việt '{original}' có {vietnamese}: mỗi dòng dịch "
        "một dòng, cùng thứ tự",
        "the English has {english} lines, the Vietnamese '{original}' {vietnamese}: translate "
        "line by line, in the same order",
    ),
    "consent.guardian_missing": (
        "người sinh năm {born} chưa đủ 16 tuổi vào ngày {today}: cần sự đồng ý của cha, mẹ "
        "hoặc người giám hộ (consent.guardian: true; từ 7 tuổi cần cả sự đồng ý của trẻ)",
        "born in {born}, under 16 on {today}: a parent's or guardian's consent is needed "
        "(consent.guardian: true; from age 7 the child's consent too)",
    ),
    "config.privacy_missing": (
        "chưa có thông báo xử lý dữ liệu cá nhân (privacy: controller, purposes, legal_basis, "
        "retention, requests_to, response_days): trang công bố dữ liệu cá nhân cần có",
        "no privacy notice (privacy: controller, purposes, legal_basis, retention, requests_to, "
        "response_days): a site publishing personal data needs one",
    ),
    "text.lookalike": (
        "chữ '{letter}' ({point}) trông giống '{fixed}' nhưng là chữ khác (tìm kiếm, sắp xếp sẽ "
        "sai): đã đọc thành '{fixed}', hãy sửa lại trong tệp",
        "the letter '{letter}' ({point}) looks like '{fixed}' but is another letter (search and "
        "sorting would go wrong): read as '{fixed}'; fix it in the file",
    ),
    "markdown.too_complex": (
        "Markdown quá phức tạp để chuyển thành trang (ước tính {work} đơn vị, tối đa {limit}): "
        "ngoặc '[', '(' hoặc dấu '`', '<' không đóng từ đây; hãy đóng ngoặc, chia đoạn bằng "
        "dòng trống hoặc viết '\\[' cho ngoặc là chữ",
        "Markdown too complex to convert ({work} units estimated, at most {limit}): an "
        "unclosed '[', '(', '`' or '<' from here; close it, split the paragraph with a blank "
        "line or write '\\[' for a literal bracket",
    ),
    "markdown.too_complex_in": (
        "Markdown quá phức tạp để chuyển thành trang (ước tính {work} đơn vị, tối đa {limit}): "
        "ngoặc '[', '(' hoặc dấu '`', '<' không đóng từ dòng {line}, cột {col} của văn bản; "
        "hãy đóng ngoặc, chia đoạn bằng dòng trống hoặc viết '\\[' cho ngoặc là chữ",
        "Markdown too complex to convert ({work} units estimated, at most {limit}): an "
        "unclosed '[', '(', '`' or '<' from line {line}, column {col} of the text; close it, "
        "split the paragraph with a blank line or write '\\[' for a literal bracket",
    ),
    "text.bidi_control": (
        "ký tự điều khiển hướng viết {point} ({name}) làm chữ hiện ra khác với nội dung thật "
        "(tên đọc ngược, hai mục giống hệt nhau mà khác): hãy xóa nó",
        "the direction control {point} ({name}) makes text display differently from what it "
        "is (a name read backwards, two entries that look the same but differ): delete it",
    ),
    "text.invisible": (
        "ký tự vô hình {point} ({name}) đã được bỏ đi khi đọc (tên có nó trông giống tên khác "
        "nhưng không khớp khi tìm, sắp xếp): hãy xóa trong tệp",
        "the invisible character {point} ({name}) was removed on reading (a name with it looks "
        "like another but does not match in search or sorting): delete it in the file",
    ),
    "name.confusable": (
        "tên '{name}' trông giống hệt tên '{other_name}' của {other} nhưng khác ký tự "
        "(chữ toàn khoảng, chữ hoa/thường, ký tự tương thích): hãy viết cùng một cách",
        "the name '{name}' looks the same as '{other_name}' of {other} but differs in its "
        "characters (full-width, case, compatibility forms): write them the same way",
    ),
    "slug.confusable": (
        "định danh '{slug}' dễ nhầm với '{other_slug}' của {other} (0/o, 1/l, rn/m)",
        "the slug '{slug}' is easily mistaken for '{other_slug}' of {other} (0/o, 1/l, rn/m)",
    ),
    "text.unsafe_url": (
        "địa chỉ '{url}' không an toàn: chỉ chấp nhận http:// hoặc https://",
        "address '{url}' is unsafe: only http:// or https:// are accepted",
    ),
    # --- editors' tools ------------------------------------------------------------------
    # vinhdanh import: reading the file
    "import.format": (
        "không đọc được tệp '{suffix}': chỉ nhận .xlsx, .xls hoặc .csv",
        "cannot read '{suffix}' files: use .xlsx, .xls or .csv",
    ),
    "import.unreadable": ("không đọc được tệp: {reason}", "cannot read the file: {reason}"),
    "import.too_large": (
        "tệp quá lớn ({size} byte, tối đa {limit} byte); hãy tách thành nhiều tệp",
        "file too large ({size} bytes, at most {limit}); split it into several files",
    ),
    "import.too_many_rows": (
        "quá nhiều dòng (tối đa {limit}); hãy tách thành nhiều tệp",
        "too many rows (at most {limit}); split it into several files",
    ),
    "import.xlsx_members": (
        "tệp .xlsx có {count} phần (tối đa {limit}): không phải bảng tính thường; hãy lưu lại "
        "trong Excel",
        "the .xlsx file has {count} {count:part|parts} (at most {limit}): not an ordinary "
        "workbook; save it again in Excel",
    ),
    "import.xlsx_part_too_large": (
        "phần '{part}' của tệp .xlsx giải nén ra {size} byte (tối đa {limit}): tệp hỏng hoặc "
        "'bom nén'; hãy lưu lại trong Excel hoặc tách thành nhiều tệp",
        "part '{part}' of the .xlsx file inflates to {size} bytes (at most {limit}): a damaged "
        "file or a zip bomb; save it again in Excel or split it into several files",
    ),
    "import.xlsx_too_large": (
        "tệp .xlsx giải nén ra {size} byte (tối đa {limit}); hãy tách thành nhiều tệp",
        "the .xlsx file inflates to {size} bytes (at most {limit}); split it into several files",
    ),
    "import.too_many_columns": (
        "dòng {row} có ô ở quá xa bên phải (tối đa {limit} cột); hãy xóa các cột thừa",
        "row {row} has cells too far right (at most {limit} columns); delete the extra columns",
    ),
    "import.too_many_cells": (
        "bảng tính có quá nhiều ô (tối đa {limit}, kể cả ô trống đã định dạng); hãy xóa các "
        "dòng, cột thừa hoặc tách thành nhiều tệp",
        "the workbook has too many cells (at most {limit}, formatted empty ones included); "
        "delete the extra rows and columns or split it into several files",
    ),
    "import.too_many_strings": (
        "bảng tính có quá nhiều chuỗi chữ (tối đa {limit}); hãy tách thành nhiều tệp",
        "the workbook has too many distinct texts (at most {limit}); split it into several files",
    ),
    "import.cell_too_long": (
        "một ô ở dòng {row} dài quá {limit} ký tự (giới hạn của Excel)",
        "a cell in row {row} is longer than {limit} characters (Excel's own limit)",
    ),
    "import.sheet_unknown": (
        "không có trang tính '{sheet}' (các trang: {sheets})",
        "no sheet named '{sheet}' (sheets: {sheets})",
    ),
    "import.encoding": (
        "không nhận ra bảng mã của tệp CSV; hãy lưu lại dạng 'CSV UTF-8'",
        "cannot tell the CSV file's encoding; save it again as 'CSV UTF-8'",
    ),
    "import.encoding_guess": (
        "tệp CSV không phải UTF-8: đã đọc theo bảng mã {encoding}; hãy kiểm tra dấu tiếng "
        "Việt trong kết quả (tốt nhất lưu lại tệp dạng 'CSV UTF-8')",
        "the CSV file is not UTF-8: read as {encoding}; check the Vietnamese diacritics in "
        "the result (better: save the file as 'CSV UTF-8')",
    ),
    "import.no_header": (
        "không tìm thấy dòng tiêu đề có cột họ tên trong {rows} dòng đầu (thấy: {seen}); "
        "đặt tên cột như 'Họ và tên', 'Hình thức khen thưởng' hoặc dùng --mapping",
        "no header row with a name column in the first {rows} {rows:row|rows} (seen: {seen}); "
        "title the columns like 'Họ và tên', 'Hình thức khen thưởng' or use --mapping",
    ),
    # vinhdanh import: one row
    "import.name_empty": (
        "dòng có dữ liệu nhưng không có họ tên",
        "the row has data but no name",
    ),
    "import.name_incomplete": (
        "'{name}' thiếu họ hoặc tên (cần ít nhất hai chữ)",
        "'{name}' lacks a family or given name (at least two words needed)",
    ),
    "import.kind_unknown": (
        "không hiểu loại '{value}' (cá nhân, tập thể hoặc mô hình)",
        "unknown kind '{value}' (cá nhân, tập thể or mô hình)",
    ),
    "import.award_missing": (
        "không ghi hình thức khen thưởng hoặc danh hiệu",
        "no award or title given",
    ),
    # vinhdanh import --decision: one sheet, one decision
    "import.decision_differs": (
        "dòng này ghi {field} “{value}”, khác dòng {first} (“{other}”): một bảng chỉ nhập được "
        "một quyết định (--decision); tách bảng theo quyết định",
        "this row gives {field} “{value}”, unlike row {first} (“{other}”): --decision imports "
        "one decision per sheet; split the sheet by decision",
    ),
    "import.decision_missing": (
        "không thấy {field} của quyết định: ghi vào một cột, hoặc dòng “Kèm theo Quyết định số "
        "… ngày …” trên dòng tiêu đề, hoặc mục defaults của tệp ánh xạ (--mapping)",
        "the decision's {field} is not given: put it in a column, in a line “Kèm theo Quyết "
        "định số … ngày …” above the header, or in the defaults of a mapping file (--mapping)",
    ),
    "import.decision_issuer_missing": (
        "không xác định được người ký, cấp của quyết định “{issuer}”: dùng --issuer "
        "(ví dụ “Chủ tịch UBND xã …”) và --issuer-level (commune, district, province, ministry, "
        "government, state, organisation)",
        "cannot tell who signed the decision, or at what level (“{issuer}”): use --issuer "
        "(e.g. “Chủ tịch UBND xã …”) and --issuer-level (commune, district, province, ministry, "
        "government, state, organisation)",
    ),
    "import.decision_place_unknown": (
        "không xác định được địa phương của cơ quan ra quyết định (các dòng không cùng một "
        "tỉnh): ghi locality: {{unknown: true}}; dùng --province nếu biết",
        "cannot tell where the issuing authority is (the rows do not share one province): "
        "written as locality: {{unknown: true}}; use --province if known",
    ),
    "import.decision_field.decision_number": ("số quyết định", "number"),
    "import.decision_field.decision_date": ("ngày quyết định", "date"),
    "import.decision_field.award": ("khen thưởng", "award"),
    "import.decision_field.year": ("năm", "year"),
    "import.decision_field.issuer": ("người ký", "issuer"),
    "import.decision_exists": (
        "quyết định này đã có trong tệp; {count} tên trong bảng chưa có trong danh sách (dòng "
        "{rows}): thêm bằng tay, tệp không bị ghi đè",
        "this decision is already in the file; {count} {count:name|names} of the sheet "
        "{count:is|are} not in its list (rows {rows}): add {count:it|them} by hand, the file is "
        "not overwritten",
    ),
    "import.year_invalid": (
        "năm '{value}' không hợp lệ",
        "'{value}' is not a valid year",
    ),
    "import.year_missing": (
        "không có năm khen thưởng (cột Năm hoặc ngày quyết định)",
        "no year (a Năm column or a decision date)",
    ),
    "import.date_unreadable": (
        "không đọc được ngày '{value}' (ghi dạng ngày/tháng/năm, ví dụ 20/8/2019): bỏ qua ngày",
        "cannot read the date '{value}' (write day/month/year, e.g. 20/8/2019): date left out",
    ),
    "import.date_swapped": (
        "'{value}' được hiểu là tháng/ngày/năm: {date}; hãy kiểm tra",
        "'{value}' read as month/day/year: {date}; please check",
    ),
    "import.row_skipped": (
        "dòng không có số thứ tự và khen thưởng, có lẽ không phải dữ liệu ('{text}'): bỏ qua",
        "a row without number or award, probably not data ('{text}'): skipped",
    ),
    "import.duplicate_award": (
        "trùng khen thưởng với dòng {other} (cùng người, danh hiệu, hạng, năm): bỏ qua",
        "the same award as row {other} (same person, award, class, year): skipped",
    ),
    "import.update_manual": (
        "không tự thêm được khen thưởng vào tệp này (danh sách awards viết dạng [...]); "
        "hãy thêm tay {count} khen thưởng từ dòng {rows}",
        "cannot add awards to this file automatically (its awards list is written [...]); "
        "add the {count} {count:award|awards} from rows {rows} by hand",
    ),
    # vinhdanh import / new: awards and places typed by people
    "match.award_unknown": (
        "không nhận ra khen thưởng '{text}'{hint}; sửa cách ghi hoặc thêm vào mục awards "
        "của tệp ánh xạ (--mapping)",
        "award '{text}' not recognised{hint}; fix the spelling or add it to the awards "
        "section of a mapping file (--mapping)",
    ),
    "match.award_class_missing": (
        "'{text}': {award} chia hạng: {classes}; phải ghi hạng (ví dụ 'hạng Ba')",
        "'{text}': {award} comes in classes: {classes}; give the class (e.g. 'hạng Ba')",
    ),
    "match.award_unsure": (
        "'{text}' được hiểu là '{award}' (độ tin cậy {score}{others}): hãy kiểm tra",
        "'{text}' read as '{award}' (confidence {score}{others}): please check",
    ),
    "place.province_missing": (
        "không có tỉnh/thành phố (cột Tỉnh, cột Địa chỉ hoặc --province)",
        "no province (a Tỉnh or Địa chỉ column, or --province)",
    ),
    "place.province_unknown": (
        "không có tỉnh/thành phố '{name}'{hint}",
        "unknown province '{name}'{hint}",
    ),
    "place.district_unknown": (
        "không có huyện/quận '{name}' thuộc {parent}{hint}",
        "unknown district '{name}' in {parent}{hint}",
    ),
    "place.commune_unknown": (
        "không có xã/phường '{name}' thuộc {parent}{hint}",
        "unknown commune '{name}' in {parent}{hint}",
    ),
    "place.commune_ambiguous": (
        "có nhiều xã/phường tên '{name}': {options}; hãy ghi rõ huyện",
        "several communes are named '{name}': {options}; give the district",
    ),
    "place.district_after_reform": (
        "'{name}': từ 2025-07-01 không còn cấp huyện; bỏ huyện hoặc ghi ngày trước 2025-07-01",
        "'{name}': districts were abolished on 2025-07-01; drop it or give an earlier date",
    ),
    "place.inferred": (
        "không ghi tỉnh/thành phố: suy ra {province} từ {source} “{text}” (“{found}” là "
        "{unit} theo {list}); hãy kiểm tra",
        "no province given: {province} inferred from {source} “{text}” (“{found}” is {unit} "
        "in {list}); please check",
    ),
    "place.inferred_older": (
        "không ghi tỉnh/thành phố: suy ra {province} từ {source} “{text}” (“{found}” là "
        "{unit} theo {list}; chương trình không có danh mục của năm {year}, địa giới khi đó "
        "có thể khác); hãy kiểm tra",
        "no province given: {province} inferred from {source} “{text}” (“{found}” is {unit} "
        "in {list}; there is no list of {year} in the data, and boundaries may have differed "
        "then); please check",
    ),
    "place.inferred_other": (
        "không ghi tỉnh/thành phố: suy ra {province} từ {source} “{text}” (“{found}” là "
        "{unit} theo {list}, không phải danh mục của năm {year} ghi ở dòng); hãy kiểm tra",
        "no province given: {province} inferred from {source} “{text}” (“{found}” is {unit} "
        "in {list}, not in the list of the row's year {year}); please check",
    ),
    "place.inferred_ambiguous": (
        "không ghi tỉnh/thành phố, và {sources} nêu tên nhiều nơi ({names}): không đoán; nhập "
        "với địa phương chưa rõ (locality: unknown: true), hãy ghi tỉnh vào hồ sơ",
        "no province given, and {sources} name several places ({names}): not guessed; "
        "imported with the place unknown (locality: unknown: true), give the province in the "
        "profile",
    ),
    "place.unknown_imported": (
        "không ghi tỉnh/thành phố, và {sources} không nêu tên tỉnh, thành phố nào: nhập với "
        "địa phương chưa rõ (locality: unknown: true), hiển thị và thống kê là “Chưa rõ địa "
        "phương”; biết nơi thì sửa hồ sơ",
        "no province given, and {sources} name no province or city: imported with the place "
        "unknown (locality: unknown: true), shown and counted as “Chưa rõ địa phương”; fix "
        "the profile if the place is known",
    ),
    "place.country_and_place": (
        "dòng ghi nước '{country}' (người, tập thể nước ngoài) và cả địa danh Việt Nam "
        "'{place}': chỉ giữ một trong hai",
        "the row gives the country '{country}' (a foreign recipient) and a Vietnamese place "
        "'{place}': keep one of them",
    ),
    "place.source.unit": ("cột đơn vị", "the unit column"),
    "place.source.position": ("cột chức vụ", "the position column"),
    "place.source.address": ("cột địa chỉ", "the address column"),
    "place.source.name": ("tên tập thể", "the collective's name"),
    "place.source.none": (
        "dòng (không có đơn vị, chức vụ hay địa chỉ)",
        "the row (no unit, position or address)",
    ),
    "place.list.2025-03": (
        "danh mục đơn vị hành chính ngày 01/03/2025 (63 tỉnh, trước sắp xếp)",
        "the administrative-unit list of 2025-03-01 (63 provinces, before the reform)",
    ),
    "place.list.2025-07": (
        "danh mục đơn vị hành chính từ ngày 01/07/2025 (34 tỉnh)",
        "the administrative-unit list from 2025-07-01 (34 provinces)",
    ),
    # vinhdanh import: the report
    "import.ui.sheet": (", trang tính “{sheet}”", ", sheet “{sheet}”"),
    "import.ui.read": (
        "Đọc {source}{where}: dòng tiêu đề {row}, {rows} dòng dữ liệu.",
        "Read {source}{where}: header row {row}, {rows} data {rows:row|rows}.",
    ),
    "import.ui.columns": ("Cột nhận ra: {columns}", "Columns recognised: {columns}"),
    "import.ui.unused": ("Cột không dùng: {columns}", "Columns not used: {columns}"),
    "import.ui.col_action": ("việc", "action"),
    "import.ui.col_file": ("tệp", "file"),
    "import.ui.col_name": ("tên", "name"),
    "import.ui.col_awards": ("khen thưởng", "awards"),
    "import.ui.col_rows": ("dòng", "rows"),
    "import.action.new": ("tạo mới", "new"),
    "import.action.update": ("thêm khen thưởng", "awards added"),
    "import.action.unchanged": ("không đổi", "unchanged"),
    "import.action.exists": ("đã có, bỏ qua", "exists, skipped"),
    "import.action.blocked": ("không ghi (có lỗi)", "not written (errors)"),
    "import.action.manual": ("cần thêm tay", "add by hand"),
    "import.ui.summary": (
        "Kết quả: {new} tệp mới, {update} tệp thêm khen thưởng, {unchanged} không đổi, "
        "{exists} đã có, {blocked} không ghi; {imported} dòng nhập được, {failed} dòng có lỗi "
        "không nhập.",
        "Result: {new} new {new:file|files}, {update} with awards added, {unchanged} unchanged, "
        "{exists} existing, {blocked} not written; {imported} {imported:row|rows} imported, "
        "{failed} {failed:row|rows} with errors not imported.",
    ),
    "import.ui.hint_update": (
        "Hồ sơ đã có không bị ghi đè; dùng --update để thêm khen thưởng mới vào các hồ sơ đó.",
        "Existing profiles are never overwritten; use --update to add new awards to them.",
    ),
    "import.ui.dry_run": (
        "Chạy thử (--dry-run): chưa ghi tệp nào.",
        "Dry run (--dry-run): no file written.",
    ),
    "import.ui.project_errors": (
        "Lưu ý: vinhdanh check còn {errors} lỗi trong dự án (kể cả ở tệp khác).",
        "Note: vinhdanh check reports {errors} {errors:error|errors} in the project (other files "
        "included).",
    ),
    "import.ui.failed": ("Không nhập được tệp này.", "Nothing imported from this file."),
    # vinhdanh import: what offices have (issue #18 point 5): .xls, legacy fonts, unknown
    # awards, the unit list of each row, the summary table and the dry run of large files
    "import.html_table": (
        "tệp '{suffix}' này thực ra là một trang HTML (bảng xuất từ phần mềm hoặc trang web): "
        "hãy mở bằng Excel hoặc LibreOffice rồi lưu lại dạng .xlsx",
        "this '{suffix}' file is really an HTML page (a table exported by software or a web "
        "site): open it in Excel or LibreOffice and save it as .xlsx",
    ),
    "import.legacy_converted": (
        "{count} ô gõ bằng phông chữ cũ đã chuyển từ mã {encoding} sang Unicode (theo cột: "
        "{columns}); hãy kiểm tra dấu tiếng Việt trong kết quả",
        "{count} {count:cell|cells} typed with a legacy font converted from {encoding} to "
        "Unicode (by "
        "column: {columns}); check the Vietnamese diacritics in the result",
    ),
    "match.award_unknown_words": (
        "không nhận ra khen thưởng '{text}': không có khen thưởng nào trong danh mục mang "
        "“{words}”; không đoán (gần nhất: {candidates}); sửa cách ghi hoặc thêm vào mục awards "
        "của tệp ánh xạ (--mapping)",
        "award '{text}' not recognised: no award in the list has “{words}” in its name; not "
        "guessed (closest: {candidates}); fix the spelling or add it to the awards section of "
        "a mapping file (--mapping)",
    ),
    "place.other_list": (
        "“{name}” không có trong {expected} (chọn theo {basis}{when}) nhưng có trong {used}: "
        "đã dùng {found}; hãy kiểm tra tên địa phương, hoặc ghi ngày quyết định / --as-of",
        "“{name}” is not in {expected} (chosen by {basis}{when}) but is in {used}: {found} "
        "used; check the place name, or give the decision date / --as-of",
    ),
    "place.basis.as_of": ("ngày ghi nhận --as-of", "the --as-of date"),
    "place.basis.date": ("ngày quyết định", "the decision date"),
    "place.basis.year": ("năm ghi ở dòng", "the row's year"),
    "place.basis.district": (
        "cột huyện, chỉ có trước 01/07/2025",
        "the district column; districts exist only before 2025-07-01",
    ),
    "import.ui.eras": (
        "Danh mục đơn vị hành chính, chọn theo ngày quyết định (không có thì năm) của từng "
        "dòng: {old} dòng theo danh mục 01/03/2025 (có cấp huyện), {new} dòng theo danh mục "
        "từ 01/07/2025.",
        "Administrative-unit list, chosen by each row's decision date (else its year): {old} "
        "{old:row|rows} by the list of 2025-03-01 (with districts), {new} {new:row|rows} by the "
        "list from "
        "2025-07-01.",
    ),
    "import.ui.summary_title": ("Tổng kết", "Summary"),
    "import.ui.summary_read": ("dòng dữ liệu đã đọc", "data rows read"),
    "import.ui.summary_imported": ("dòng nhập được", "rows imported"),
    "import.ui.summary_new": ("  vào hồ sơ mới", "  into new profiles"),
    "import.ui.summary_update": ("  thêm vào hồ sơ đã có", "  added to existing profiles"),
    "import.ui.summary_unchanged": ("  đã có sẵn, không đổi", "  already there, unchanged"),
    "import.ui.summary_blocked": (
        "  chưa ghi (lỗi khi kiểm tra, hoặc cần thêm tay)",
        "  not written (errors in the check, or to add by hand)",
    ),
    "import.ui.summary_inferred": (
        "dòng có giá trị suy ra (tỉnh, chuyển mã chữ)",
        "rows with inferred values (province, converted text)",
    ),
    "import.ui.summary_warned": ("dòng có cảnh báo cần xem lại", "rows with warnings to review"),
    "import.ui.summary_refused": ("dòng không nhập (có lỗi)", "rows refused (errors)"),
    "import.ui.dry_run_large": (
        "Chạy thử: bảng có {rows} dòng dữ liệu, nhiều hơn {limit}, nên mặc định chưa ghi tệp "
        "nào. Xem lại kết quả trên, rồi chạy lại với --write để ghi.",
        "Dry run: the table has {rows} data {rows:row|rows}, more than {limit}, so nothing was "
        "written by default. Review the result above, then run again with --write to write.",
    ),
    # vinhdanh new
    "new.created": (
        "Đã tạo {path} (slug {slug}). Mở tệp, bổ sung thông tin, rồi chạy: vinhdanh check",
        "Created {path} (slug {slug}). Open it, fill it in, then run: vinhdanh check",
    ),
    "new.exists": ("tệp {path} đã có: không ghi đè", "{path} already exists: not overwritten"),
    "new.slug_taken": (
        "slug '{slug}' đã được dùng (hoặc là slug cũ của một hồ sơ)",
        "slug '{slug}' is taken (or is a former slug of a profile)",
    ),
    "new.missing": (
        "thiếu {option} (chạy không có --yes để được hỏi từng mục)",
        "{option} is missing (run without --yes to be asked)",
    ),
    "new.understood": ("'{text}' → {award}", "'{text}' → {award}"),
    "new.check_ok": ("vinhdanh check: tệp mới không có lỗi.", "vinhdanh check: no errors."),
    "new.check_problems": (
        "vinhdanh check báo cho tệp mới:",
        "vinhdanh check reports for the new file:",
    ),
    "new.duplicate": (
        "{path}: đã có hồ sơ “{name}” {why}: không tạo tệp thứ hai. Sửa tệp đó (thêm khen "
        "thưởng vào awards:), hoặc nếu là người/tập thể khác trùng tên thì chạy lại với "
        "--allow-duplicate.",
        "{path}: “{name}” already has a profile {why}: no second file made. Edit that file (add "
        "the award to its awards:), or if this is another person or collective of the same "
        "name, run again with --allow-duplicate.",
    ),
    "new.duplicate.place": ("cùng tên, cùng xã/phường", "with the same name and commune"),
    "new.duplicate.decision": (
        "cùng tên, cùng số và ngày quyết định",
        "with the same name and decision (number and date)",
    ),
    "new.ask.duplicate": (
        "Vẫn tạo hồ sơ mới cho một người/tập thể khác trùng tên?",
        "Make a new profile anyway, for another person or collective of the same name?",
    ),
    "new.duplicate_stopped": (
        "Không tạo tệp mới; sửa hồ sơ đã có.",
        "No new file made; edit the existing profile.",
    ),
    "new.draft": (
        "Hồ sơ để ở trạng thái nháp (status: draft), chưa công bố: đối chiếu với quyết định "
        "rồi sửa thành status: published (hoặc tạo với --publish).",
        "The profile is a draft (status: draft), not published: check it against the decision, "
        "then set status: published (or make it with --publish).",
    ),
    "new.publish_needs_award": (
        "--publish cần một khen thưởng (--award): hồ sơ công bố phải ghi điều đã được khen",
        "--publish needs an award (--award): a published profile records what was conferred",
    ),
    "new.ask.kind": ("Loại (individual: cá nhân, collective: tập thể, model: mô hình)", "Kind"),
    "new.ask.name": ("Họ và tên (hoặc tên tập thể, mô hình)", "Full name (or collective's name)"),
    "new.ask.province": ("Tỉnh/thành phố", "Province"),
    "new.ask.district": ("Huyện/quận (chỉ trước 2025-07-01; Enter để bỏ qua)", "District"),
    "new.ask.commune": ("Xã/phường (Enter để bỏ qua)", "Commune"),
    "new.ask.as_of": (
        "Ngày ghi nhận địa danh, YYYY-MM-DD (Enter nếu không rõ)",
        "Date of the locality, YYYY-MM-DD",
    ),
    "new.ask.award": (
        "Khen thưởng, ví dụ 'Huân chương Lao động hạng Ba' (Enter nếu chưa có)",
        "Award, e.g. 'Huân chương Lao động hạng Ba'",
    ),
    "new.ask.year": ("Năm khen thưởng", "Year"),
    "new.ask.class": ("Hạng (nhat: Nhất, nhi: Nhì, ba: Ba)", "Class (nhat, nhi, ba)"),
    "new.ask.decision_number": ("Số quyết định (Enter nếu không rõ)", "Decision number"),
    "new.ask.decision_date": ("Ngày quyết định, YYYY-MM-DD (Enter nếu không rõ)", "Decision date"),
    "new.ask.position": ("Chức vụ, nghề nghiệp (Enter để bỏ qua)", "Position"),
    "new.ask.unit": ("Cơ quan, đơn vị (Enter để bỏ qua)", "Unit"),
    "new.ask.title": ("Tên phong trào", "Campaign title"),
    "new.ask.short_name": ("Tên ngắn (Enter để bỏ qua)", "Short name"),
    "new.ask.launched_by": ("Cơ quan phát động", "Launched by"),
    "new.ask.level": (
        "Cấp (national, ministry, province, commune, organisation)",
        "Level (national, ministry, province, commune, organisation)",
    ),
    "new.ask.start": ("Ngày bắt đầu, YYYY-MM-DD", "Start date, YYYY-MM-DD"),
    "new.ask.end": ("Ngày kết thúc, YYYY-MM-DD (Enter nếu chưa định)", "End date, YYYY-MM-DD"),
    "new.bad_date": (
        "'{value}' không phải ngày dạng YYYY-MM-DD",
        "'{value}' is not a date like YYYY-MM-DD",
    ),
    # vinhdanh schema
    "schemafile.written": ("Đã ghi {path}", "Wrote {path}"),
    "schemafile.unchanged": (
        "Lược đồ trong {out} đã mới nhất.",
        "The schemas in {out} are up to date.",
    ),
    # vinhdanh diff
    "diff.title": ("Thay đổi trên bảng vàng", "Changes to the roll"),
    "diff.base": ("So với {base} ({commit}).", "Compared with {base} ({commit})."),
    "diff.nothing": ("Không có thay đổi nào trên bảng vàng.", "Nothing changes on the roll."),
    "diff.summary_label": ("Tóm tắt:", "Summary:"),
    "diff.summary": (
        "{added} hồ sơ mới, {changed} hồ sơ sửa, {withdrawn} hồ sơ gỡ, {removed} tệp xóa; "
        "{awards_added} khen thưởng mới, {awards_revoked} khen thưởng bị hủy bỏ, tước; "
        "{campaigns} phong trào thay đổi{decisions}.",
        "{added} {added:profile|profiles} added, {changed} changed, {withdrawn} withdrawn, "
        "{removed} {removed:file|files} deleted; {awards_added} {awards_added:award|awards} "
        "added, {awards_revoked} annulled or stripped; {campaigns} "
        "{campaigns:campaign|campaigns} changed{decisions}.",
    ),
    "diff.summary_decisions": (
        "; {added} quyết định danh sách mới, {changed} sửa, {removed} xóa: thêm {names_added} "
        "người, tập thể, hộ được khen, bớt {names_removed}",
        "; {added} decision {added:list|lists} added, {changed} changed, {removed} deleted: "
        "{names_added} {names_added:recipient|recipients} added, {names_removed} removed",
    ),
    "diff.h_decisions": ("Quyết định theo danh sách", "Decisions honouring many"),
    "diff.decision_added": (
        "thêm **{title}** — `{path}`: {award} năm {year}, {count} {kind}",
        "added **{title}** — `{path}`: {award} of {year}, {count} "
        "{count:recipient|recipients} ({kind})",
    ),
    "diff.decision_removed": (
        "xóa **{title}** — `{path}`: tệp bị xóa, {count} {kind} không còn trên bảng vàng, địa "
        "chỉ cũ sẽ báo lỗi 404",
        "deleted **{title}** — `{path}`: file deleted, {count} {count:recipient|recipients} "
        "({kind}) {count:leaves|leave} the roll, the old address will return 404",
    ),
    "diff.decision_changed": ("**{title}** — `{path}`", "**{title}** — `{path}`"),
    "diff.decision_list": (
        "danh sách: thêm {added} dòng, bớt {removed} dòng, sửa {edited} dòng (nay {lines} dòng)",
        "list: {added} {added:line|lines} added, {removed} removed, {edited} edited (now {lines} "
        "{lines:line|lines})",
    ),
    "diff.decision_names": ("tên mới: {names}", "names added: {names}"),
    "diff.more_names": ("và {count} tên khác", "and {count} more"),
    "diff.h_added": ("Hồ sơ mới", "Profiles added"),
    "diff.h_changed": ("Hồ sơ sửa đổi", "Profiles changed"),
    "diff.h_withdrawn": ("Hồ sơ gỡ khỏi trang", "Profiles withdrawn"),
    "diff.h_removed": ("Tệp hồ sơ bị xóa", "Profile files deleted"),
    "diff.h_campaigns": ("Phong trào thi đua", "Campaigns"),
    "diff.h_pages": ("Trang thay đổi", "Pages affected"),
    "diff.h_check": ("Kiểm tra (vinhdanh check)", "Check (vinhdanh check)"),
    "diff.profile_line": (
        "**{name}** — `{path}`: {kind}; {place}; {status}",
        "**{name}** — `{path}`: {kind}; {place}; {status}",
    ),
    "diff.changed_line": ("**{name}** — `{path}`", "**{name}** — `{path}`"),
    "diff.withdrawn_line": (
        "**{name}** — `{path}`: gỡ ngày {date}; trang hồ sơ, các danh sách, tìm kiếm, API và "
        "nguồn tin không còn hồ sơ này; địa chỉ cũ hiện trang “hồ sơ đã gỡ”",
        "**{name}** — `{path}`: withdrawn on {date}; its page, listings, search, API and "
        "feeds drop it; the old address shows a “withdrawn” page",
    ),
    "diff.removed_line": (
        "**{name}** — `{path}`: tệp bị xóa, địa chỉ cũ sẽ báo lỗi 404 (nên dùng "
        "status: withdrawn thay vì xóa tệp)",
        "**{name}** — `{path}`: file deleted, the old address will return 404 (prefer "
        "status: withdrawn to deleting the file)",
    ),
    "diff.renamed": (
        "đổi địa chỉ: {old} → {new} (địa chỉ cũ chuyển hướng)",
        "address changed: {old} → {new} (the old one redirects)",
    ),
    "diff.status": ("trạng thái: {old} → {new}", "status: {old} → {new}"),
    "diff.proposal_opened": (
        "lấy ý kiến nhân dân: {award} ({start} – {end})",
        "public comment: {award} ({start} – {end})",
    ),
    "diff.field": ("{field}: {old} → {new}", "{field}: {old} → {new}"),
    "diff.field_hidden": (
        "{field}: đã sửa (không trích ở đây)",
        "{field}: changed (not quoted here)",
    ),
    "diff.award_added": ("thêm khen thưởng: {award}", "award added: {award}"),
    "diff.award_removed": ("bỏ khen thưởng: {award}", "award removed: {award}"),
    "diff.award_revoked": (
        "hủy bỏ quyết định khen thưởng: {award}{detail}",
        "award decision annulled: {award}{detail}",
    ),
    "diff.award_stripped": (
        "tước danh hiệu: {award}{detail}",
        "title stripped: {award}{detail}",
    ),
    "diff.revocation": (
        "; quyết định số {number} ngày {date}",
        "; decision {number} of {date}",
    ),
    "diff.award_status": ("khen thưởng {award}: {old} → {new}", "award {award}: {old} → {new}"),
    "diff.award_changed": ("sửa khen thưởng {award}: {fields}", "award {award} edited: {fields}"),
    "diff.decision": ("QĐ {number}", "decision {number}"),
    "diff.campaign_added": ("thêm **{title}** — `{path}`", "added **{title}** — `{path}`"),
    "diff.campaign_removed": ("xóa **{title}** — `{path}`", "deleted **{title}** — `{path}`"),
    "diff.campaign_changed": ("**{title}** — `{path}`", "**{title}** — `{path}`"),
    "diff.empty_value": ("(trống)", "(empty)"),
    "diff.yes": ("có", "yes"),
    "diff.no": ("không", "no"),
    "diff.long_text": ("(văn bản dài)", "(long text)"),
    "diff.check_ok": ("✅ Không có lỗi.", "✅ No errors."),
    "diff.check_warnings": (
        "⚠️ Không có lỗi, {warnings} cảnh báo.",
        "⚠️ No errors, {warnings} {warnings:warning|warnings}.",
    ),
    "diff.check_failed": (
        "❌ {errors} lỗi, {warnings} cảnh báo: phải sửa trước khi hợp nhất.",
        "❌ {errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}: fix "
        "them before merging.",
    ),
    "diff.more_problems": (
        "… và {count} vấn đề khác (chạy vinhdanh check để xem hết)",
        "… and {count} more (run vinhdanh check to see them all)",
    ),
    "diff.git_error": (
        "không so sánh được bằng git: {reason}",
        "cannot compare with git: {reason}",
    ),
    # --- the summary lines of vinhdanh check and build (generator/cli.py) --------------------
    "cli.checked": (
        "Đã kiểm tra {profiles} hồ sơ, {campaigns} phong trào, {decisions} quyết định: ",
        "Checked {profiles} {profiles:profile|profiles}, {campaigns} "
        "{campaigns:campaign|campaigns}, {decisions} {decisions:decision|decisions}: ",
    ),
    "cli.check_errors": (
        "{errors} lỗi, {warnings} cảnh báo.",
        "{errors} {errors:error|errors}, {warnings} {warnings:warning|warnings}.",
    ),
    "cli.check_warnings": (
        "không có lỗi ({warnings} cảnh báo).",
        "no errors ({warnings} {warnings:warning|warnings}).",
    ),
    "cli.check_ok": ("không có lỗi.", "no errors."),
    "cli.built": (
        "Đã dựng {pages} trang (+{redirects} trang chuyển hướng) vào site/ ngày {today}: "
        "{written} tệp ghi mới, {removed} tệp xóa, {seconds} giây.",
        "Built {pages} {pages:page|pages} (+{redirects} redirect {redirects:page|pages}) into "
        "site/ as of {today}: {written} {written:file|files} written, {removed} removed, "
        "{seconds} s.",
    ),
    "cli.slice_built": (
        "Đã dựng lát cắt '{province}' ngày {today} vào {out}: {pages} trang, {files} tệp, "
        "{shards} phần chỉ mục tìm kiếm, {seconds} giây.",
        "Built the slice '{province}' as of {today} into {out}: {pages} {pages:page|pages}, "
        "{files} {files:file|files}, {shards} search {shards:shard|shards}, {seconds} s.",
    ),
    "cli.slice_failed": (
        "Dựng lát cắt thất bại; {out} giữ nguyên.",
        "Slice build failed; {out} left unchanged.",
    ),
    "cli.merged": (
        "Đã ghép {slices} lát cắt với phần chung vào site/ ngày {today}: {pages} trang của "
        "phần chung, {files} tệp, {seconds} giây.",
        "Merged {slices} {slices:slice|slices} and the shared part into site/ as of {today}: "
        "{pages} shared {pages:page|pages}, {files} {files:file|files}, {seconds} s.",
    ),
    # --- the build ---------------------------------------------------------------------------
    "build.locked": (
        "một lần dựng trang khác đang chạy trong thư mục dự án này (tiến trình {pid}); đã chờ "
        "{seconds} giây. Hãy đợi lần dựng đó xong (hoặc dừng nó) rồi chạy lại",
        "another build is running in this project folder (process {pid}); waited {seconds} s. "
        "Let it finish (or stop it), then run again",
    ),
    "build.not_writable": (
        "không có quyền ghi thư mục này, nên chưa động đến site/; hãy cho người dùng đang dựng "
        "trang quyền ghi (ví dụ chown -R hoặc chmod -R u+w) rồi dựng lại",
        "no write access to this folder, so site/ was not touched; give the user running the "
        "build write access (e.g. chown -R or chmod -R u+w), then build again",
    ),
    "build.leftover": (
        "không xóa được thư mục còn lại từ một lần dựng trước ({reason}); hãy xóa bằng tay",
        "cannot remove this folder left by an earlier build ({reason}); remove it by hand",
    ),
    "build.unknown_engine": (
        "không có bộ dựng trang '{name}'; hãy đặt biến này là một trong: {known}",
        "no site engine named '{name}'; set this variable to one of: {known}",
    ),
    "build.engine_missing": (
        "chưa cài bộ dựng trang '{name}'; hãy cài gói {name} (pip install {name}) rồi dựng lại",
        "the site engine '{name}' is not installed; install the {name} package "
        "(pip install {name}), then build again",
    ),
    "build.page_not_written": (
        "bộ dựng trang không ghi ra trang '{file}' (lỗi của bộ dựng, không phải của dữ liệu); "
        "thư mục site/ chưa bị động đến, hãy dựng lại và báo lỗi nếu còn gặp",
        "the site engine did not write the page '{file}' (a fault of the engine, not of the "
        "data); site/ was not touched: build again, and report it if it happens again",
    ),
    "build.lock_failed": (
        "không tạo được khóa dựng trang ({reason}); hãy cấp quyền ghi thư mục .vinhdanh-cache",
        "cannot take the build lock ({reason}); make the .vinhdanh-cache folder writable",
    ),
    # generator.search.recordcache.KeptRecord: a kept row's record, made again, is another
    "build.search_record_changed": (
        "bản ghi tìm kiếm của trang {url} làm lại khác với bản đã lưu dù khóa của nó không đổi "
        "(lỗi của bộ sinh trang, không phải của dữ liệu); thư mục site/ chưa bị động đến, hãy "
        "dựng lại với --clean và báo lỗi",
        "the search record of {url} changed under its key (a fault of the generator, not of "
        "the data); site/ was not touched: build again with --clean, and report it",
    ),
    "build.search_index_failed": (
        "không lập được chỉ mục tìm kiếm ({detail}); thư mục site/ chưa bị động đến: hãy dựng lại "
        "với --clean, và báo lỗi nếu vẫn gặp",
        "the search index could not be made ({detail}); site/ was not touched: build again with "
        "--clean, and report it if it happens again",
    ),
    # --- partitioned builds: slices by province and their merge (issue #21) ------------------
    "partition.options": (
        "--partition cần --out THƯ_MỤC, và không dùng cùng --merge hay --clean",
        "--partition needs --out DIR, and goes with neither --merge nor --clean",
    ),
    "partition.unknown": (
        "không có lát cắt '{province}': đó không phải tỉnh, thành phố hiện nay có hồ sơ đã "
        "công bố; các lát cắt: {known}",
        "no slice '{province}': it is not one of today's provinces with published profiles; "
        "the slices: {known}",
    ),
    "partition.out_taken": (
        "thư mục --out '{out}' đã có nội dung mà không phải một lát cắt (không có manifest.json); "
        "lát cắt thay cả thư mục nên không ghi vào đó: hãy chọn một thư mục mới hoặc trống",
        "the --out folder '{out}' holds something that is not a slice (no manifest.json); a "
        "slice replaces the whole folder, so it is not written there: choose a new or empty "
        "folder",
    ),
    "partition.manifest": (
        "không đọc được bản kê của lát cắt trong thư mục này ({reason}); hãy dựng lại lát cắt "
        "bằng vinhdanh build --partition",
        "cannot read the slice's manifest in this folder ({reason}); build the slice again "
        "with vinhdanh build --partition",
    ),
    "partition.other_inputs": (
        "lát cắt '{province}' được dựng từ dữ liệu, mã nguồn hoặc ngày dựng khác với lần ghép "
        "này; hãy dựng lại mọi lát cắt từ cùng một bản dữ liệu rồi ghép",
        "the slice '{province}' was built from other data, code or build date than this "
        "merge; build every slice from the same commit, then merge",
    ),
    "partition.duplicate": (
        "tỉnh, thành phố '{province}' có hai lát cắt ({other}); mỗi tỉnh chỉ ghép một lát cắt",
        "the province '{province}' has two slices ({other}); merge one slice per province",
    ),
    "partition.missing": (
        "thiếu lát cắt của {count} tỉnh, thành phố có hồ sơ: {provinces}; hãy dựng các lát cắt "
        "đó (vinhdanh build --partition TỈNH --out THƯ_MỤC) rồi ghép lại",
        "{count} {count:province|provinces} with profiles {count:has|have} no slice: "
        "{provinces}; build {count:it|them} (vinhdanh build --partition PROVINCE --out DIR), "
        "then merge again",
    ),
    "partition.search": (
        "lát cắt '{province}' thiếu phần chỉ mục tìm kiếm của hồ sơ tỉnh mình; hãy dựng lại "
        "lát cắt này",
        "the slice '{province}' lacks the search index of its own profiles; build this slice again",
    ),
    "partition.conflict": (
        "tệp '{file}' được hai phần ({first}, {second}) ghi với nội dung khác nhau; không ghép",
        "the file '{file}' is written by two parts ({first}, {second}) with different bytes; "
        "not merged",
    ),
    "partition.unsafe_path": (
        "bản kê của lát cắt '{province}' ghi đường dẫn '{file}' ra ngoài thư mục của nó; "
        "không ghép",
        "the manifest of the slice '{province}' names the path '{file}' outside its folder; "
        "not merged",
    ),
    "partition.page_missing": (
        "lát cắt '{province}' thiếu trang '{file}' của tỉnh mình (lát cắt dở dang hoặc bị sửa); "
        "hãy dựng lại lát cắt này",
        "the slice '{province}' lacks its province's page '{file}' (a partial or changed "
        "slice); build this slice again",
    ),
    "partition.page_foreign": (
        "lát cắt '{province}' có trang '{file}' không thuộc tỉnh mình; không ghép",
        "the slice '{province}' holds the page '{file}', which is not its province's; not merged",
    ),
    "partition.unlisted": (
        "'{file}' trong lát cắt '{province}' không có trong bản kê hoặc không phải tệp thường "
        "(liên kết, thư mục lạ); không ghép lát cắt bị sửa tay, hãy dựng lại lát cắt này",
        "'{file}' in the slice '{province}' is not in its manifest or not a regular file (a "
        "link, a stray folder); a slice changed by hand is not merged: build this slice again",
    ),
    "partition.changed": (
        "tệp '{file}' của lát cắt '{province}' thiếu hoặc khác với bản kê (bị sửa, hoặc tải về "
        "chưa đủ); hãy dựng lại lát cắt này",
        "the file '{file}' of the slice '{province}' is missing or differs from its manifest "
        "(changed, or downloaded in part); build this slice again",
    ),
    # --- images ----------------------------------------------------------------------------
    "image.unreadable": (
        "không đọc được ảnh '{file}': {reason}",
        "cannot read photo '{file}': {reason}",
    ),
    "image.too_large": (
        "ảnh '{file}' quá lớn ({size} byte, tối đa {limit} byte); hãy giảm dung lượng ảnh",
        "photo '{file}' is too large ({size} bytes, at most {limit}); make the file smaller",
    ),
    "image.format": (
        "ảnh '{file}' không phải JPEG, PNG hoặc WebP (nội dung thực là {found}); "
        "hãy xuất lại ảnh dạng JPEG",
        "photo '{file}' is not a JPEG, PNG or WebP image (its content is {found}); "
        "export it again as JPEG",
    ),
    "image.bad_header": (
        "ảnh '{file}' bị hỏng: không đọc được phần đầu tệp {format}",
        "photo '{file}' is damaged: its {format} header cannot be read",
    ),
    "image.too_many_pixels": (
        "ảnh '{file}' có {width}×{height} điểm ảnh, vượt giới hạn {limit} điểm ảnh "
        "(có thể là 'bom giải nén'); hãy thu nhỏ ảnh",
        "photo '{file}' is {width}×{height} pixels, over the limit of {limit} pixels "
        "(a possible decompression bomb); scale it down",
    ),
    "image.bomb": (
        "ảnh '{file}' khai báo kích thước khổng lồ (hơn {limit} điểm ảnh): "
        "có thể là 'bom giải nén', không mở",
        "photo '{file}' declares a huge size (over {limit} pixels): "
        "a possible decompression bomb, not opened",
    ),
    "image.truncated": (
        "ảnh '{file}' bị cắt cụt (tệp không đầy đủ); hãy chép hoặc xuất lại ảnh",
        "photo '{file}' is truncated (the file is incomplete); copy or export it again",
    ),
    "image.corrupt": (
        "ảnh '{file}' bị hỏng, không giải mã được ({reason})",
        "photo '{file}' is damaged and cannot be decoded ({reason})",
    ),
    "image.too_long": (
        "ảnh '{file}' có {width}×{height} điểm ảnh: cạnh dài quá {limit} điểm ảnh "
        "(giới hạn của WebP); hãy thu nhỏ ảnh",
        "photo '{file}' is {width}×{height} pixels: a side is over {limit} pixels "
        "(WebP's limit); scale it down",
    ),
    "image.aspect": (
        "ảnh '{file}' có {width}×{height} điểm ảnh: cạnh dài gấp hơn {limit} lần cạnh ngắn; "
        "hãy cắt ảnh cho cân đối hơn",
        "photo '{file}' is {width}×{height} pixels: its long side is over {limit} times its "
        "short side; crop it to a less elongated shape",
    ),
    "image.animated": (
        "ảnh '{file}' là ảnh động ({frames} khung hình): chỉ khung hình đầu được đăng",
        "photo '{file}' is animated ({frames} frames): only the first frame is published",
    ),
    "image.encode_failed": (
        "ảnh '{file}' không mã hóa lại được ({reason}); hãy xuất lại ảnh dạng JPEG",
        "photo '{file}' could not be re-encoded ({reason}); export it again as JPEG",
    ),
    "image.too_small": (
        "ảnh '{file}' quá nhỏ: rộng {width} điểm ảnh, nên ít nhất {limit}",
        "photo '{file}' is too small: {width} pixels wide, at least {limit} wanted",
    ),
    "image.changed": (
        "ảnh '{file}' bị thay đổi trong lúc xử lý; hãy chạy lại",
        "photo '{file}' changed while it was being processed; run again",
    ),
    "image.write_failed": (
        "không ghi được tệp '{file}': {reason}",
        "cannot write '{file}': {reason}",
    ),
    "image.found_unknown": ("dữ liệu không nhận dạng được", "unrecognised data"),
    "image.found_text": ("văn bản", "text"),
    "image.found_empty": ("tệp rỗng", "an empty file"),
}


# --- filling in a message ------------------------------------------------------------------------


class _CatalogueFormatter(string.Formatter):
    """`str.format` plus English plurals: "{count:award|awards}" is "award" when count is 1,
    else "awards". Vietnamese nouns do not change with the number ("1 lỗi", "2 lỗi")."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return one if str(value).strip() == "1" else many
        return str(super().format_field(value, format_spec))


_FORMATTER = _CatalogueFormatter()


def fill(template: str, **params: object) -> str:
    """A catalogue template with its parameters filled in (and its English plurals chosen)."""
    return _FORMATTER.format(template, **params)


def say(code: str, lang: Lang, **params: object) -> str:
    """A sentence of the message catalogue in the reader's language."""
    vi, en = MESSAGES[code]
    shown = {k: rendered(v, lang) if isinstance(v, str) else v for k, v in params.items()}
    return fill(vi if lang == "vi" else en, **shown)


def rendered(value: str, lang: Lang) -> str:
    """A parameter as shown: a "@code" value (or an "@a, @b" list) in `lang`, else as is."""
    # Only a value made of message codes is one: an editor's text may start with "@".
    if value.startswith("@") and all(
        p.strip().startswith("@") and p.strip()[1:] in MESSAGES for p in value.split(",")
    ):
        return ", ".join(
            MESSAGES[p.strip()[1:]][0 if lang == "vi" else 1] for p in value.split(",")
        )
    return value


def class_codes(classes: Iterable[str]) -> str:
    """Award classes as a parameter shown by their names in each language ("hạng Nhất, hạng
    Ba" / "First Class, Third Class"), never as the ids "nhat, ba"."""
    return ", ".join(f"@class.{c}" for c in classes)


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
        return fill(vi if lang == "vi" else en, **self._params(lang))

    def _params(self, lang: Lang) -> dict[str, str]:
        """Parameters, with "@code" values (and "@a, @b" lists) rendered in `lang`."""
        return {key: rendered(value, lang) for key, value in self.params}

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
