"""The legal rules `vinhdanh check` applies, as a Markdown table made from the taxonomy's data.

`docs/quy-tac-phap-ly.md` is this module's output (`vinhdanh rules > docs/quy-tac-phap-ly.md`);
a test compares the two, so the table and the checker can never say different things: both
read the conferral rules, issuer rules and award periods of `generator/data/awards.yml`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from generator.reference.taxonomy import Award, Taxonomy, period_text
from generator.vntext import collation_key

_RECIPIENT_ORDER = ("individual", "collective", "household")

_TEXT = {
    "vi": {
        "title": "Quy tắc pháp lý mà `vinhdanh check` áp dụng",
        "intro": (
            "Bảng này được sinh từ `generator/data/awards.yml`, cùng dữ liệu mà lệnh "
            "`vinhdanh check` dùng để kiểm tra (không viết tay hai lần): `vinhdanh rules > "
            "docs/quy-tac-phap-ly.md`. Quy tắc đã xác minh sinh **lỗi**; quy tắc chưa xác minh "
            "chỉ sinh **cảnh báo** để biên tập viên kiểm tra lại."
        ),
        "powers": "Thẩm quyền tặng theo thời gian",
        "powers_intro": (
            "Với một cấp ký và ngày quyết định nằm trong thời gian của quy tắc, chỉ được tặng "
            "các danh hiệu, hình thức liệt kê; ngoài thời gian đó áp dụng danh sách cấp có "
            "thẩm quyền của từng danh hiệu (bảng dưới)."
        ),
        "powers_head": ("Cấp ký", "Thời gian áp dụng", "Chỉ được tặng", "Căn cứ", "Khi sai"),
        "issuers": "Cấp ký không còn tồn tại",
        "issuers_head": ("Cấp ký", "Thời gian tồn tại", "Căn cứ", "Khi sai"),
        "comment": "Lấy ý kiến nhân dân trước khi Hội đồng họp",
        "comment_intro": (
            "Đề nghị (`proposal`, `proposals`) các hình thức dưới đây phải công khai lấy ý kiến "
            "ít nhất số ngày làm việc ghi trong bảng, tính theo ngày bắt đầu; ngày làm việc "
            "không tính thứ Bảy, Chủ nhật và ngày lễ, Tết trong `generator/data/holidays.yml`. "
            "Ngày họp Hội đồng (`council_date`) phải sau ngày hết hạn (sai là lỗi)."
        ),
        "comment_head": (
            "Thời gian áp dụng", "Hình thức", "Số ngày làm việc", "Căn cứ", "Khi thiếu",
        ),
        "warning_only": "cảnh báo",
        "posthumous": "Truy tặng",
        "posthumous_text": (
            "Chỉ cá nhân được truy tặng (tập thể, hộ gia đình: lỗi). Hình thức thường truy tặng: "
            "{forms} ({law}); hình thức khác, truy tặng mà không ghi năm mất (`death_year`), "
            "hoặc năm truy tặng trước năm mất: cảnh báo."
        ),
        "same": "Một thành tích, một lần khen thưởng",
        "same_text": (
            "Không khen thưởng nhiều lần, nhiều hình thức cho một thành tích (Điều 5 Luật Thi "
            "đua, khen thưởng 06/2022/QH15). Hai khen thưởng còn hiệu lực của cùng một hồ sơ, "
            "cùng năm, có trích yếu thành tích (`citation`) giống nhau sau khi bỏ dấu, dấu câu "
            "và khác biệt chữ hoa, chữ thường: cảnh báo ở khen thưởng thứ hai."
        ),
        "grounds": "Căn cứ hủy bỏ quyết định khen thưởng, tước danh hiệu",
        "grounds_intro": (
            "`revocation.ground` của một khen thưởng có `status: revoked` (quyết định bị hủy bỏ, "
            "hiện vật và tiền thưởng bị thu hồi) hoặc `status: stripped` (chỉ với danh hiệu vinh "
            "dự nhà nước: bị tước) phải là một mã dưới đây, đúng loại, và quyết định phải từ "
            "ngày áp dụng; sai là lỗi."
        ),
        "grounds_head": ("Mã", "Áp dụng cho", "Căn cứ", "Từ ngày", "Điều khoản"),
        "revoked": "hủy bỏ quyết định",
        "stripped": "tước danh hiệu",
        "awards": "Thời gian hiệu lực, đối tượng và cấp có thẩm quyền của từng danh hiệu",
        "awards_intro": (
            "Một khen thưởng được xét theo quy định của chính ngày quyết định (không có ngày "
            "quyết định thì theo năm). Xếp theo thứ bậc (Nghị định 98/2023/NĐ-CP)."
        ),
        "awards_head": (
            "Danh hiệu, hình thức", "Thời gian hiệu lực", "Tặng cho", "Cấp có thẩm quyền",
            "Căn cứ", "Khi ngoài thời gian",
        ),
        "error": "lỗi",
        "warning": "cảnh báo (chưa xác minh)",
        "split": "lỗi sau ngày kết thúc; cảnh báo trước ngày bắt đầu (chưa xác minh)",
        "now": "nay",
        "unknown_end": "chưa rõ",
        "recipient": {"individual": "cá nhân", "collective": "tập thể", "household": "hộ gia đình"},
    },
    "en": {
        "title": "The legal rules `vinhdanh check` applies",
        "intro": (
            "This table is generated from `generator/data/awards.yml`, the same data "
            "`vinhdanh check` checks with (never written twice): `vinhdanh rules --lang en`. A "
            "verified rule gives an **error**; an unverified one only a **warning** for the "
            "editor to look into."
        ),
        "powers": "Conferring powers by date",
        "powers_intro": (
            "For an issuer level and a decision date inside a rule's period, only the listed "
            "awards may be conferred; outside it, each award's list of issuer levels applies "
            "(table below)."
        ),
        "powers_head": ("Issuer", "Period", "May confer only", "Basis", "If broken"),
        "issuers": "Issuer levels that ceased to exist",
        "issuers_head": ("Issuer", "Existed", "Basis", "If broken"),
        "comment": "Public comment before the council meets",
        "comment_intro": (
            "Proposals (`proposal`, `proposals`) of these awards must be published for comment "
            "for at least the working days given, by the date the window opens; weekends and "
            "the public holidays of `generator/data/holidays.yml` do not count. The council "
            "date (`council_date`) must come after the window (else an error)."
        ),
        "comment_head": ("Period", "Awards", "Working days", "Basis", "If short"),
        "warning_only": "warning",
        "posthumous": "Posthumous awards",
        "posthumous_text": (
            "Only individuals are honoured posthumously (collectives, households: error). Forms "
            "usually conferred posthumously: {forms} ({law}); another form, a posthumous award "
            "without the person's `death_year`, or one dated before it: warning."
        ),
        "same": "One achievement, one award",
        "same_text": (
            "One achievement is not rewarded several times or by several forms (Art. 5 of Law "
            "06/2022/QH15 on Emulation and Commendation). Two awards in force of one profile in "
            "the same year whose achievement wording (`citation`) is the same once diacritics, "
            "punctuation and case are set aside: warning on the second."
        ),
        "grounds": "Grounds for annulling an award or stripping a title",
        "grounds_intro": (
            "The `revocation.ground` of an award with `status: revoked` (decision annulled, "
            "insignia and money recovered) or `status: stripped` (state honorary titles only) "
            "must be one of these ids, of the right kind, and the act dated from its start; "
            "anything else is an error."
        ),
        "grounds_head": ("Id", "For", "Ground", "From", "Article"),
        "revoked": "annulment",
        "stripped": "stripping",
        "awards": "Period, recipients and issuers of every award",
        "awards_intro": (
            "An award is judged by the rules of its own decision date (the year when there is "
            "none). In order of precedence (Decree 98/2023/NĐ-CP)."
        ),
        "awards_head": ("Award", "In force", "Given to", "Conferred by", "Basis", "If outside"),
        "error": "error",
        "warning": "warning (not verified)",
        "split": "error after the end; warning before the start (not verified)",
        "now": "now",
        "unknown_end": "unknown",
        "recipient": {
            "individual": "individual", "collective": "collective", "household": "household",
        },
    },
}  # fmt: skip


def _cell(text: str) -> str:
    """Table-safe text: one line, no pipe."""
    return " ".join(text.split()).replace("|", "\\|")


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _table(head: tuple[str, ...], rows: Iterable[Iterable[str]]) -> list[str]:
    return [_row(head), "|" + "---|" * len(head), *(_row(r) for r in rows)]


def _award_basis(award: Award) -> str:
    return award.law or award.basis


def _award_severity(award: Award, t: Mapping[str, object]) -> str:
    """As `model._check_award` decides: an end set by law is certain even if the start is not."""
    if award.verified:
        return str(t["error"])
    if award.valid_to is not None and not award.end_unknown:
        return str(t["split"])
    return str(t["warning"])


def rules_markdown(taxonomy: Taxonomy, lang: str = "vi") -> str:
    """The whole rules page in Markdown, Vietnamese or English."""
    t = _TEXT[lang]
    english = lang == "en"
    out = [f"# {t['title']}", "", str(t["intro"]), "", f"## {t['powers']}", ""]
    out += [str(t["powers_intro"]), ""]

    def issuer_name(issuer: str) -> str:
        label = taxonomy.issuers.get(issuer)
        if label is None:
            return issuer
        return label.en if english else label.vi

    def award_name(award_id: str) -> str:
        award = taxonomy.get(award_id)
        if award is None:
            return award_id
        return award.en if english else award.name_on(None)

    powers = []
    for rule in taxonomy.conferral_rules:
        names = sorted((award_name(a) for a in rule.awards), key=collation_key)
        powers.append(
            (
                issuer_name(rule.issuer),
                period_text(rule.valid_from, rule.valid_to, str(t["now"])),
                ", ".join(names),
                rule.law,
                str(t["error"] if rule.verified else t["warning"]),
            )
        )
    out += _table(t["powers_head"], powers)  # type: ignore[arg-type]
    out += ["", f"## {t['issuers']}", ""]
    issuers = [
        (
            issuer_name(rule.issuer),
            period_text(rule.valid_from, rule.valid_to, str(t["now"])),
            rule.basis,
            str(t["error"] if rule.verified else t["warning"]),
        )
        for rule in taxonomy.issuer_rules.values()
    ]
    out += _table(t["issuers_head"], issuers)  # type: ignore[arg-type]
    out += ["", f"## {t['comment']}", "", str(t["comment_intro"]), ""]
    form_names = {
        label.id: (label.en if english else label.vi) for label in taxonomy.forms.values()
    }
    comment = [
        (
            period_text(rule.valid_from, rule.valid_to, str(t["now"])),
            ", ".join(
                [form_names.get(f, f) for f in sorted(rule.forms)]
                + sorted(award_name(a) for a in rule.awards)
            ),
            str(rule.working_days),
            rule.law,
            str(t["warning_only"] if rule.verified else t["warning"]),
        )
        for rule in taxonomy.comment_rules
    ]
    out += _table(t["comment_head"], comment)  # type: ignore[arg-type]
    if taxonomy.posthumous_forms:
        forms = ", ".join(
            form_names.get(f, f) for f in sorted(taxonomy.posthumous_forms, key=collation_key)
        )
        out += ["", f"## {t['posthumous']}", ""]
        out += [str(t["posthumous_text"]).format(forms=forms, law=taxonomy.posthumous_law)]
    out += ["", f"## {t['same']}", "", str(t["same_text"])]
    out += ["", f"## {t['grounds']}", "", str(t["grounds_intro"]), ""]
    grounds = [
        (
            f"`{g.id}`",
            str(t["stripped" if g.status == "stripped" else "revoked"]),
            g.en if english else g.vi,
            period_text(g.valid_from, None, str(t["now"])),
            g.law,
        )
        for g in taxonomy.revocation_grounds.values()
    ]
    out += _table(t["grounds_head"], grounds)  # type: ignore[arg-type]
    out += ["", f"## {t['awards']}", "", str(t["awards_intro"]), ""]
    recipients: dict[str, str] = t["recipient"]  # type: ignore[assignment]
    rows = []
    for award in taxonomy:
        if award.local:
            continue
        open_end = str(t["unknown_end"] if award.end_unknown else t["now"])
        rows.append(
            (
                award.en if english else award.name_on(None),
                period_text(award.valid_from, award.valid_to, open_end),
                ", ".join(recipients[r] for r in _RECIPIENT_ORDER if r in award.recipients),
                ", ".join(issuer_name(i) for i in sorted(award.conferred_by)),
                _award_basis(award),
                _award_severity(award, t),
            )
        )
    out += _table(t["awards_head"], rows)  # type: ignore[arg-type]
    return "\n".join(out) + "\n"
