"""Canonical columns of the two kinds of file, their aliases, and header → field mapping.

Headers are compared after NFKC, with spaces and brackets folded (勤務日（予定） reads as 勤務日);
what no alias names exactly is matched fuzzily with rapidfuzz.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from desk.core.occupations import parse_occupation
from desk.core.regions import resolve
from desk.core.text import compact

FUZZY_CUTOFF = 82.0


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # the canonical Japanese header
    aliases: tuple[str, ...] = ()
    required: bool = False


POSTING_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("source_id", "募集ID", ("求人ID", "求人番号", "募集番号", "posting id", "id"), True),
    FieldSpec("municipality_name", "自治体名", ("自治体", "医療機関名", "機関名", "施設名", "地方公共団体名",
                                              "hospital name", "institution", "organization", "municipality name")),
    FieldSpec("prefecture", "都道府県", ("都道府県名", "県", "所在地_都道府県", "prefecture")),
    FieldSpec("city", "市区町村", ("市町村", "市区町村名", "市区町村名称", "所在地_市区町村", "city", "municipality")),
    FieldSpec("venue_name", "会場名", ("会場", "接種会場", "接種会場名", "venue", "venue name", "site name")),
    FieldSpec("venue_address", "会場住所", ("住所", "勤務地", "所在地", "勤務地住所", "所在地_連結表記", "address")),
    FieldSpec("occupation", "職種", ("募集職種", "資格", "occupation"), True),
    FieldSpec("headcount", "募集人数", ("人数", "定員", "募集人員", "headcount"), True),
    FieldSpec("dates", "勤務日", ("勤務日程", "日程", "接種日", "勤務日時", "dates")),
    FieldSpec("hours", "勤務時間", ("時間帯", "勤務時間帯", "hours")),
    FieldSpec("employment_type", "雇用形態", ("雇用区分", "employment")),
    FieldSpec("pay", "給与", ("時給", "日給", "報酬", "賃金", "pay")),
    FieldSpec("duties", "業務内容", ("仕事内容", "duties")),
    FieldSpec("requirements", "応募要件", ("応募資格", "必要な経験", "requirements")),
    FieldSpec("contact_name", "担当者名", ("担当者", "contact")),
    FieldSpec("contact_phone", "担当者電話", ("担当者TEL", "連絡先電話", "担当者電話番号", "電話番号", "contact phone",
                                           "phone number", "phone", "tel")),
    FieldSpec("contact_email", "担当者メール", ("担当者メールアドレス", "メールアドレス", "contact email", "email", "e-mail",
                                              "mail address")),
    FieldSpec("disclosure", "公開区分", ("情報区分", "マスキング", "disclosure")),
    FieldSpec("status", "掲載状況", ("公開状況", "状況", "status")),
    FieldSpec("updated_on", "更新日", ("最終更新日", "更新日時", "updated")),
)

REGISTRANT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("source_id", "登録ID", ("登録番号", "会員番号", "registrant id", "id"), True),
    FieldSpec("name", "氏名", ("名前", "name"), True),
    FieldSpec("name_kana", "フリガナ", ("ふりがな", "カナ", "氏名カナ", "kana", "reading")),
    FieldSpec("gender", "性別", ("gender",)),
    FieldSpec("birth", "生年", ("生年月日", "birth")),
    FieldSpec("occupation", "職種", ("資格", "免許", "occupation"), True),
    FieldSpec("specialty", "診療科", ("専門", "専門科", "専門分野", "specialty")),
    FieldSpec("home_prefecture", "居住都道府県", ("都道府県", "住所都道府県", "所在地_都道府県", "prefecture")),
    FieldSpec("home_city", "居住市区町村", ("市区町村", "住所市区町村", "住所", "所在地_連結表記", "所在地_市区町村",
                                          "city", "address")),
    FieldSpec("work_areas", "勤務可能地域", ("希望勤務地", "対応可能地域", "勤務地域", "work areas")),
    FieldSpec("availability", "勤務可能日", ("可能日", "勤務可能曜日", "勤務可能日程", "availability")),
    FieldSpec("hours", "勤務可能時間", ("可能時間帯", "希望時間帯", "勤務可能時間帯")),
    FieldSpec("experience", "接種経験", ("筋注経験", "ワクチン接種経験", "experience")),
    FieldSpec("phone", "電話", ("電話番号", "携帯", "携帯電話", "phone", "phone number", "tel", "mobile")),
    FieldSpec("email", "メール", ("メールアドレス", "e-mail", "email", "mail address")),
    FieldSpec("notes", "備考", ("メモ", "notes")),
    FieldSpec("registered_on", "登録日", ("registered",)),
    FieldSpec("state", "状態", ("有効", "休止", "退会", "ステータス", "state")),
    FieldSpec("licence_no", "医籍登録番号", ("看護師籍登録番号", "免許番号", "登録番号(免許)", "免許登録番号",
                                         "licence number", "license number")),
)

FIELDS: dict[str, tuple[FieldSpec, ...]] = {"postings": POSTING_FIELDS, "registrants": REGISTRANT_FIELDS}
KINDS = tuple(FIELDS)

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>")
_PUNCT = re.compile(r"[()\[\]【】<>:：*※・_\-]")


@lru_cache(maxsize=4096)
def header_key(header: str) -> str:
    """勤務日（予定） → 勤務日; 募集 人数 → 募集人数; ＴＥＬ → tel."""
    text = compact(header).lower()
    without = _BRACKETED.sub("", text)
    return _PUNCT.sub("", without or text)


@lru_cache(maxsize=8)
def _alias_table(kind: str) -> tuple[dict[str, str], list[str], list[str]]:
    exact: dict[str, str] = {}
    choices: list[str] = []
    keys: list[str] = []
    for spec in FIELDS[kind]:
        for name in (spec.label, *spec.aliases):
            k = header_key(name)
            exact.setdefault(k, spec.key)
            choices.append(k)
            keys.append(spec.key)
    return exact, choices, keys


@lru_cache(maxsize=8)
def _bracketed_aliases(kind: str) -> dict[str, str]:
    """Aliases whose bracketed part tells them apart, keyed with the brackets' text kept."""
    return {_PUNCT.sub("", compact(name).lower()): spec.key for spec in FIELDS[kind]
            for name in spec.aliases if _BRACKETED.search(compact(name).lower())}


def field_spec(kind: str, key: str) -> FieldSpec:
    for spec in FIELDS[kind]:
        if spec.key == key:
            return spec
    raise KeyError(key)


# A header naming one thing that two fields could hold: the first when it is free, else the second
# (a municipal open-data 名称 is the venue, or the institution when the file has its own 会場 column).
_SHARED: dict[str, dict[str, tuple[tuple[str, float], ...]]] = {
    "postings": {"名称": (("venue_name", 99.5), ("municipality_name", 99.0)),
                 "name": (("venue_name", 99.5), ("municipality_name", 99.0))},
    "registrants": {},
}
# Words that make a header about something else than a field whose names lack them: 名称_カナ is
# not 会場名, 法人番号 is not 募集ID, 都道府県コード is not 都道府県, lon is not occupation.
_OTHER_THING = ("コード", "code", "カナ", "かな", "英字", "英語", "ローマ字", "fax", "ファックス", "緯度", "経度",
                "url", "ホームページ", "法人", "郵便", "内線", "画像", "写真", "駐車", "latitude", "longitude")
UNRELATED_CAP = 50.0


@lru_cache(maxsize=8)
def _field_words(kind: str) -> dict[str, str]:
    """field key → all its names (label and aliases) as header keys, joined: to test for a word."""
    return {spec.key: "|".join(header_key(n) for n in (spec.label, *spec.aliases)) for spec in FIELDS[kind]}


def _plausible(k: str, key: str, score: float, kind: str) -> float:
    """The fuzzy score, capped where the header is about something else or too short to tell."""
    if k.isascii() and len(k) <= 3:
        return min(score, UNRELATED_CAP)  # NO, lon, fax: not a fuzzy match for anything
    names = _field_words(kind)[key]
    if any(word in k and word not in names for word in _OTHER_THING):
        return min(score, UNRELATED_CAP)
    return score


def suggestions_for(header: str, kind: str, limit: int = 3) -> list[tuple[str, float]]:
    """The closest fields for one header, best first, as (field key, score 0–100).

    An unrelated field is never proposed above 70 (``UNRELATED_CAP``): a header that names another
    thing (緯度, 法人番号, 名称_カナ) or is too short to tell (NO, lon) is capped.
    """
    exact, choices, keys = _alias_table(kind)
    k = header_key(header)
    if not k:
        return []
    shared = _SHARED[kind].get(k)
    if shared:
        return list(shared)
    whole = _bracketed_aliases(kind).get(_PUNCT.sub("", compact(header).lower()))
    if whole is not None:  # 登録番号(免許) is the licence number, not 登録番号
        return [(whole, 100.0)]
    if k in exact:
        return [(exact[k], 100.0)]
    seen: dict[str, float] = {}
    for choice, score, idx in process.extract(k, choices, scorer=fuzz.WRatio, limit=limit * 4):
        # Equal WRatio (担当 against 担当者 and 担当者電話): the closer length wins by a hair.
        key = keys[idx]
        if k.isascii() and choice.isascii():
            score = fuzz.ratio(k, choice)  # English words: partial matches are noise (website ~ tel)
        score = _plausible(k, key, min(99.9, score + fuzz.ratio(k, choice) / 1000), kind)
        if key not in seen or score > seen[key]:
            seen[key] = score
    return sorted(seen.items(), key=lambda kv: -kv[1])[:limit]


@dataclass
class MappingResult:
    kind: str
    headers: list[str]
    mapping: dict[str, str]  # header → field key
    suggestions: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    missing_required: list[str] = field(default_factory=list)  # field keys

    @property
    def score(self) -> float:
        return sum(1 for _ in self.mapping) - 2 * len(self.missing_required)

    def index_of(self) -> dict[str, int]:
        """field key → column index."""
        return {fld: self.headers.index(h) for h, fld in self.mapping.items() if h in self.headers}

    def missing_message(self) -> str:
        parts = []
        for key in self.missing_required:
            spec = field_spec(self.kind, key)
            close = sorted(
                ((h, s) for h, sugg in self.suggestions.items() for f, s in sugg if f == key),
                key=lambda hs: -hs[1],
            )[:3]
            hint = (", closest headers: " + ", ".join(f"{h} ({s:.0f}%)" for h, s in close)) if close else ""
            parts.append(f"required column {spec.label} ({'/'.join(spec.aliases[:3])}) not found{hint}")
        return "; ".join(parts) + ". Headers found: " + ", ".join(h for h in self.headers if h)


def suggest_mapping(
    headers: Sequence[str], kind: str, overrides: dict[str, str] | None = None
) -> MappingResult:
    """Map each header to at most one field and each field to at most one header, best score first.

    ``overrides`` ({header: field key, or "" to ignore the column}) wins over every suggestion.
    """
    overrides = overrides or {}
    valid = {s.key for s in FIELDS[kind]}
    headers = list(headers)
    suggestions = {h: suggestions_for(h, kind) for h in headers if h}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for h, fld in overrides.items():
        if h in headers and fld in valid and fld not in taken:
            mapping[h] = fld
            taken.add(fld)
    candidates = sorted(
        ((score, -i, h, fld) for i, h in enumerate(headers) if h and h not in overrides
         for fld, score in suggestions.get(h, []) if score >= FUZZY_CUTOFF),
        reverse=True,
    )
    for _score, _i, h, fld in candidates:
        if h in mapping or fld in taken:
            continue
        mapping[h] = fld
        taken.add(fld)
    missing = [s.key for s in FIELDS[kind] if s.required and s.key not in taken]
    return MappingResult(kind, headers, mapping, suggestions, missing)


def header_score(row: Sequence[str]) -> float:
    """How much a row looks like a header of either kind (exact alias hits count most)."""
    best = 0.0
    for kind in KINDS:
        exact, _c, _k = _alias_table(kind)
        best = max(best, float(sum(1 for c in row if c and header_key(c) in exact)))
    return best


def guess_kind(headers: Sequence[str]) -> str:
    """postings or registrants, whichever maps better."""
    return max(KINDS, key=lambda k: suggest_mapping(headers, k).score)


_DATA_MARK = re.compile(r"\d|@")
_PERSON = re.compile(r"^[^\x00-\x7f\s]{1,5} [^\x00-\x7f\s]{1,6}$")  # 山田 花子, ヤマダ ハナコ


def _looks_like_data(cell: str) -> bool:
    """A value rather than a column name: numbers, ids, dates, phones, e-mails, an occupation, a
    place, a person's name, a sentence."""
    text = compact(cell)
    return bool(
        _DATA_MARK.search(text) or len(text) > 20 or _PERSON.match(cell.strip())
        or parse_occupation(text) is not None or resolve(text).pref_code is not None
    )


def headerless_message(headers: Sequence[str], kind: str) -> str | None:
    """Why this "header" row is data (a file with no header row at all), or None when it may be a header.

    It is data when at least half the cells look like values (ids, dates, phones, 医師, 神奈川県,
    山田 花子) and hardly any other cell names a field (a lone 有効 or 公開 may be both).
    """
    cells = [h.strip() for h in headers if h and h.strip()]
    if len(cells) < 2:
        return None
    data = [_looks_like_data(c) for c in cells]
    named = sum(1 for c, d in zip(cells, data, strict=True)
                if not d and (best := suggestions_for(c, kind, 1)) and best[0][1] >= FUZZY_CUTOFF)
    if 2 * sum(data) < len(cells) or 5 * named >= len(cells):
        return None
    required = "、".join(s.label for s in FIELDS[kind] if s.required)
    return (f"the file has no header row: its first row already holds data ({', '.join(cells[:4])}, …); "
            f"add a row of column names above it (at least {required}) and import again")
