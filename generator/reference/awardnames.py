"""Match award names as departments write them ("HCLĐ hạng Ba", "BK UBND tỉnh") to the taxonomy.

Spreadsheets name awards freely: abbreviations, the issuer appended ("Giấy khen của Chủ tịch
UBND huyện"), "truy tặng", classes as "hạng Ba", "hạng 3" or "III". The matcher folds the text,
expands a table of common abbreviations, takes out the class and "truy tặng", then scores the
rest against every name the taxonomy gives (current and former) and a few usual phrasings:

- the same words: 1.0;
- a known name followed by more words (the issuer, a place): 0.85–0.95, longer names first;
- otherwise the similarity of the two folded strings (difflib), so typos still match;
- a known name that goes on where the text stops ("Bằng khen" alone) is ambiguous: 0.6;
- a known name that only adds words in front ("tập thể" + "LĐTT"): 0.82.

Then the score is lowered when the award did not exist in the record's year or is not given
to that kind of recipient. Callers decide what to trust: `CONFIDENT` and above is taken as
is, `MINIMUM` and above is taken but shown to a person to confirm, below is refused.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.reference.taxonomy import Award, Taxonomy
from generator.vntext import fold, strip_tones

CONFIDENT = 0.85
MINIMUM = 0.7

# Folded abbreviation -> folded words. Department rolls use these constantly.
ABBREVIATIONS: dict[str, str] = {
    "hc": "huan chuong",
    "hcld": "huan chuong lao dong",
    "hcdl": "huan chuong doc lap",
    "hcsv": "huan chuong sao vang",
    "hchcm": "huan chuong ho chi minh",
    "hcqc": "huan chuong quan cong",
    "hccc": "huan chuong chien cong",
    "hcbvtq": "huan chuong bao ve to quoc",
    "hckc": "huan chuong khang chien",
    "hcddkdt": "huan chuong dai doan ket dan toc",
    "hcdc": "huan chuong dung cam",
    "hcht": "huan chuong huu nghi",
    "ahld": "anh hung lao dong",
    "ahllvt": "anh hung luc luong vu trang",
    "ahllvtnd": "anh hung luc luong vu trang nhan dan",
    "bk": "bang khen",
    "bkttg": "bang khen thu tuong chinh phu",
    "ttg": "thu tuong chinh phu",
    "ttcp": "thu tuong chinh phu",
    "cp": "chinh phu",
    "ubnd": "uy ban nhan dan",
    "ct": "chu tich",
    "ctd": "co thi dua",
    "cstd": "chien si thi dua",
    "cstdcs": "chien si thi dua co so",
    "cstdtq": "chien si thi dua toan quoc",
    "cstt": "chien si tien tien",
    "ldtt": "lao dong tien tien",
    "ttldtt": "tap the lao dong tien tien",
    "ttldxs": "tap the lao dong xuat sac",
    "ldxs": "lao dong xuat sac",
    "dvtt": "don vi tien tien",
    "dvqt": "don vi quyet thang",
    "gk": "giay khen",
    "knc": "ky niem chuong",
    "ngnd": "nha giao nhan dan",
    "ngut": "nha giao uu tu",
    "ttnd": "thay thuoc nhan dan",
    "ttut": "thay thuoc uu tu",
    "nsnd": "nghe si nhan dan",
    "nsut": "nghe si uu tu",
    "nnnd": "nghe nhan nhan dan",
    "nnut": "nghe nhan uu tu",
    "bmvnah": "ba me viet nam anh hung",
    "cs": "co so",
    "tq": "toan quoc",
}

# Usual phrasings that are not the legal name, by award id (folded, abbreviations expanded).
PHRASINGS: dict[str, tuple[str, ...]] = {
    "bang-khen-thu-tuong": (
        "bang khen thu tuong",
        "bang khen thu tuong chinh phu",
        "bang khen chinh phu",
    ),
    "bang-khen-bo-ban-nganh-tinh": (
        "bang khen uy ban nhan dan tinh",
        "bang khen uy ban nhan dan thanh pho",
        "bang khen chu tich uy ban nhan dan tinh",
        "bang khen chu tich uy ban nhan dan thanh pho",
        "bang khen tinh",
        "bang khen cap tinh",
        "bang khen bo",
        "bang khen cap bo",
        "bang khen bo truong",
        "bang khen ban",
        "bang khen nganh",
    ),
    "chien-si-thi-dua-bo-ban-nganh-tinh": (
        "chien si thi dua cap tinh",
        "chien si thi dua tinh",
        "chien si thi dua cap bo",
        "chien si thi dua bo",
        "chien si thi dua nganh",
    ),
    "co-thi-dua-bo-ban-nganh-tinh": (
        "co thi dua uy ban nhan dan tinh",
        "co thi dua tinh",
        "co thi dua cap tinh",
        "co thi dua bo",
        "co thi dua cap bo",
    ),
    "co-thi-dua-chinh-phu": ("co thi dua chinh phu",),
    "chien-si-thi-dua-co-so": ("chien si thi dua cap co so",),
    "giay-khen": ("giay khen chu tich uy ban nhan dan", "giay khen uy ban nhan dan"),
    "anh-hung-luc-luong-vu-trang-nhan-dan": ("anh hung luc luong vu trang",),
}

_CLASS_WORDS: dict[str, str] = {
    "nhat": "nhat", "1": "nhat", "i": "nhat",
    "nhi": "nhi", "2": "nhi", "ii": "nhi",
    "ba": "ba", "3": "ba", "iii": "ba",
}  # fmt: skip
_CLASS = re.compile(r"\bhang\s+(nhat|nhi|ba|iii|ii|i|1|2|3)\b")
_TRAILING_ROMAN = re.compile(r"\s+(iii|ii|i)$")
_POSTHUMOUS = re.compile(r"\btruy\s+tang\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Words that add nothing to an award's name: "tặng", "danh hiệu", "của", "hình thức".
_FILLER = re.compile(r"^(?:(?:tang|danh hieu|hinh thuc|khen thuong|duoc)\s+)+")
_OF = re.compile(r"\bcua\b")


_TEXT_WORD = re.compile(r"[^\W_]+")


def abbreviations_in(text: str) -> list[str]:
    """The abbreviations of `ABBREVIATIONS` that name a part of an award's name, as written.

    "Huân chương Lao động hạng Ba" gives ["HCLĐ", "HC"]: the search index lists them with the
    award, so a reader who types "HCLĐ" or "hcld" finds it (one table for import and search).
    Two-word expansions count only at the start of the name: "BK" for a Bằng khen, but no
    "CT" for the "Chủ tịch" of its issuer.
    """
    return list(_abbreviations(text))


@functools.lru_cache(maxsize=4_096)
def _abbreviations(text: str) -> tuple[str, ...]:
    """`abbreviations_in`, cached: records repeat a few hundred award names (77 µs each)."""
    # "của" is not part of an expansion ("Bằng khen của Thủ tướng Chính phủ": BKTTG).
    words = [w for w in _TEXT_WORD.findall(text) if fold(w) != "cua"]
    folded = [fold(w) for w in words]
    found: list[str] = []
    for key, expansion in ABBREVIATIONS.items():
        parts = expansion.split()
        n = len(parts)
        starts = range(len(words) - n + 1) if n > 2 else range(min(1, len(words) - n + 1))
        for i in starts:
            if folded[i : i + n] == parts:
                initials = "".join(p[0] for p in parts)
                # Initials keep "đ" and "ư" ("CSTĐ", "NGƯT"); a key that is not the initials
                # of its words ("BKTTG") is written as it is.
                spelt = "".join(strip_tones(w[0]) for w in words[i : i + n])
                spelt = spelt if key == initials else key
                found.append(spelt.upper())
                break
    return tuple(sorted(dict.fromkeys(found), key=lambda a: (-len(a), a)))


def award_key(text: str) -> str:
    """Folded words with abbreviations expanded: "HCLĐ" → "huan chuong lao dong"."""
    words = _NOT_WORD.sub(" ", fold(text)).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


@dataclass(frozen=True)
class AwardMatch:
    """The best reading of an award text: taxonomy id, class, how sure, and what else came close."""

    text: str
    award: Award
    award_class: str | None
    score: float
    posthumous: bool
    alternatives: tuple[str, ...] = ()  # other award ids that scored close

    @property
    def confident(self) -> bool:
        """Sure enough to take without asking."""
        return self.score >= CONFIDENT

    @property
    def acceptable(self) -> bool:
        """Sure enough to write, with a note for a person to confirm."""
        return self.score >= MINIMUM

    @property
    def class_missing(self) -> bool:
        """The award has classes on its date but the text gave none."""
        return self.award_class is None and bool(self.award.classes)


@dataclass(frozen=True)
class _Parsed:
    key: str
    award_class: str | None
    posthumous: bool


def _parse(text: str) -> _Parsed:
    key = award_key(text)
    posthumous = bool(_POSTHUMOUS.search(key))
    key = _POSTHUMOUS.sub(" ", key)
    award_class: str | None = None
    match = _CLASS.search(key)
    if match:
        award_class = _CLASS_WORDS[match.group(1)]
        key = key[: match.start()] + " " + key[match.end() :]
    key = " ".join(key.split())
    roman = _TRAILING_ROMAN.search(key)
    if award_class is None and roman:  # "HCLĐ III"
        award_class = _CLASS_WORDS[roman.group(1)]
        key = key[: roman.start()]
    key = _FILLER.sub("", key)
    key = " ".join(_OF.sub(" ", key).split())
    return _Parsed(key, award_class, posthumous)


def _similarity(query: str, name: str) -> float:
    if query == name:
        return 1.0
    if query.startswith(name + " "):
        return 0.85 + 0.1 * len(name) / len(query)
    if name.startswith(query + " "):
        return 0.6
    if name.endswith(" " + query):  # "Tập thể lao động tiên tiến" written "LĐTT"
        return 0.82
    return difflib.SequenceMatcher(None, query, name, autojunk=False).ratio() * 0.95


class AwardMatcher:
    """Scores award texts against a taxonomy (plus a site's own spellings from a mapping)."""

    def __init__(
        self, taxonomy: Taxonomy, spellings: Mapping[str, tuple[str, str | None]] | None = None
    ) -> None:
        self.taxonomy = taxonomy
        self._names: list[tuple[str, Award]] = []
        for award in taxonomy:
            keys = {" ".join(_OF.sub(" ", award_key(n)).split()) for n in award.names()}
            keys.update(PHRASINGS.get(award.id, ()))
            self._names.extend((key, award) for key in sorted(keys))
        # A site's own spellings are exact: folded text -> (award id, class).
        self._exact: dict[str, tuple[str, str | None]] = {
            award_key(text): target for text, target in (spellings or {}).items()
        }
        # A roll repeats a handful of award texts hundreds of times; scoring one takes ~10 ms.
        self._seen: dict[tuple[str, int | None, str | None], AwardMatch | None] = {}

    def match(
        self, text: str, *, year: int | None = None, recipient: str | None = None
    ) -> AwardMatch | None:
        """The best reading of `text`, or None when nothing comes close."""
        key = (text, year, recipient)
        if key not in self._seen:
            self._seen[key] = self._match(text, year, recipient)
        return self._seen[key]

    def _match(self, text: str, year: int | None, recipient: str | None) -> AwardMatch | None:
        parsed = _parse(text)
        exact = self._exact.get(award_key(text))
        if exact is not None:
            award = self.taxonomy.get(exact[0])
            if award is not None:
                return AwardMatch(text, award, exact[1], 1.0, parsed.posthumous)
        if not parsed.key:
            return None
        scores: dict[str, float] = {}
        awards: dict[str, Award] = {}
        for name, award in self._names:
            score = _similarity(parsed.key, name)
            if year is not None and not _exists_in(award, year):
                score *= 0.8
            if recipient is not None and recipient not in award.recipients:
                score *= 0.8
            if parsed.award_class is not None and not award.classes:
                score *= 0.85
            if score > scores.get(award.id, 0.0):
                scores[award.id] = score
                awards[award.id] = award
        if not scores:
            return None
        ranked = sorted(scores, key=lambda a: (-scores[a], a))
        best = ranked[0]
        award = awards[best]
        close = tuple(a for a in ranked[1:4] if scores[a] >= scores[best] - 0.05)
        klass = parsed.award_class if award.classes else None
        return AwardMatch(text, award, klass, round(scores[best], 3), parsed.posthumous, close)

    def candidates(self, text: str, n: int = 3) -> list[Award]:
        """The `n` closest awards, for "did you mean" when nothing was good enough."""
        key = _parse(text).key
        best: dict[str, tuple[float, Award]] = {}
        for name, award in self._names:
            score = difflib.SequenceMatcher(None, key, name, autojunk=False).ratio()
            if score > best.get(award.id, (0.0, award))[0]:
                best[award.id] = (score, award)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1].id))
        return [award for score, award in ranked[:n] if score >= 0.4]

    def words_not_in(self, text: str, award: Award) -> list[str]:
        """The words of `text` that no name of `award` holds, nor a near spelling of one:
        "siêu anh hùng" read as Huân chương Quân công. A fuzzy match that leaves words out
        is a guess, not a reading."""
        # "sỹ" and "sĩ" are one word in two spellings.
        names = {
            w.replace("y", "i") for name, other in self._names if other.id == award.id
            for w in name.split()
        }  # fmt: skip
        # Initials of the name's words stand for them: "LĐ" in "HC LĐ III".
        for name, other in self._names:
            if other.id == award.id:
                words = name.split()
                names.update(
                    "".join(w[0] for w in words[i : i + n])
                    for n in (2, 3, 4)
                    for i in range(len(words) - n + 1)
                )
        return [
            w
            for w in _parse(text).key.split()
            if (i := w.replace("y", "i")) not in names
            and not w.isdigit()
            and not difflib.get_close_matches(i, names, 1, 0.8)
        ]


def _exists_in(award: Award, year: int) -> bool:
    """True if the award existed on some day of that year."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (award.valid_from is None or award.valid_from <= end) and (
        award.valid_to is None or award.valid_to >= start
    )


def parse_spellings(items: Iterable[tuple[str, str]]) -> dict[str, tuple[str, str | None]]:
    """Mapping-file spellings ("HC LĐ III" → "huan-chuong-lao-dong/ba") as (id, class)."""
    out: dict[str, tuple[str, str | None]] = {}
    for text, target in items:
        award_id, _, klass = target.partition("/")
        out[text] = (award_id.strip(), klass.strip() or None)
    return out
