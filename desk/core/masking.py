"""What the public may see of a posting: the one place that decides it (マスキング情報).

Every output that leaves the desk for registrants or wider circulation (the public sheet, public
lists, newsletters) takes its posting fields from :func:`public_view`, never from the posting
itself. For a masked posting the public sees the municipality (prefecture and city, derived from
the codes), the occupation, dates, hours, headcount, pay and duties, and nothing that names or
locates the facility or its contact person: no facility or venue name, no street address, no
contact name, phone or e-mail. Those values are also cut out of the free-text fields, together
with anything that looks like a phone number or an e-mail address.

Works on anything with :class:`desk.store.models.Posting`'s attribute names (a Posting row, a
:class:`desk.print.facts.PostingFacts`); no database, no Qt.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from desk.core.occupations import Occupation, label
from desk.core.prefectures import PREFECTURES
from desk.core.region_resolve import municipality

#: The Posting fields a masked posting never shows the public.
MASKED_FIELDS: tuple[str, ...] = (
    "municipality_name", "venue_name", "venue_address", "contact_name", "contact_phone", "contact_email",
)
#: Free-text fields shown to the public; for masked postings hidden values are cut out of them.
FREE_TEXT_FIELDS: tuple[str, ...] = ("dates_raw", "hours_raw", "employment_type", "pay", "duties", "requirements")
REDACTED = "（非公開）"


# A municipality as the importer stores it: 横浜市, 横浜市港北区, 千代田区, 〇〇郡〇〇町, 〇〇村.
_MUNICIPALITY = re.compile(r"^(?:[^\s\d]{1,6}郡)?[^\s\d]{1,8}?(?:市|区|町|村)(?:[^\s\d]{1,5}区)?$")
# Words that mark a facility rather than a municipality.
_FACILITY_WORDS = re.compile(
    r"病院|医院|クリニック|診療所|センター|会館|ホール|ビル|法人|会社|協会|学校|大学|ホテル|体育館|ドーム|プラザ"
    r"|施設|会場|[0-9０-９]"
)
_POSTCODE = re.compile(r"^〒?\s*[0-9０-９]{3}[-－‐ー]?[0-9０-９]{4}\s*")
_ADMIN_UNIT = re.compile(r"^[^\s\d０-９]{1,6}?(?:市|区|郡|町|村)")
_LETTER = re.compile(r"[^\s\d０-９\-－‐ー―−,.、。()（）]")
_NAME_SPLIT = re.compile(r"[\s　()（）「」『』【】・,、/／]+")
_LEGAL_FORMS = re.compile(
    r"(?:地方独立行政法人|独立行政法人|医療法人社団|医療法人財団|医療法人|社会福祉法人|社会医療法人|一般財団法人|公益財団法人"
    r"|一般社団法人|公益社団法人|学校法人|宗教法人|恩賜財団|株式会社|有限会社|合同会社|\(医\)|（医）|\(株\)|（株）)+"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
_DIGIT = "[0-9０-９]"
_SEP = r"[\-‐‑–—−－ー―()（）\s]?"
_PHONE = re.compile(rf"[0０]{_DIGIT}{{1,4}}{_SEP}{_DIGIT}{{1,4}}{_SEP}{_DIGIT}{{3,4}}(?!{_DIGIT})")


@dataclass(frozen=True)
class PublicSlot:
    date: dt.date
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class PublicPosting:
    """The fields of a posting the public may see; hidden ones are empty strings."""

    source_id: str
    masked: bool
    area: str  # prefecture + municipality: always safe to show
    posted_by: str  # 自治体名/医療機関名; empty when masked
    venue_name: str
    venue_address: str
    contact_name: str
    contact_phone: str
    contact_email: str
    occupation: str
    headcount: int
    dates_raw: str
    hours_raw: str
    employment_type: str
    pay: str
    duties: str
    requirements: str
    status: str
    slots: tuple[PublicSlot, ...]


def public_view(posting: Any) -> PublicPosting:
    """The posting as a registrant may see it: masked postings keep only the masked scope."""
    masked = bool(getattr(posting, "masked", False))
    area = public_area(posting)
    slots = tuple(PublicSlot(s.date, s.start, s.end) for s in getattr(posting, "slots", ()) or ())
    occupation = _text(posting, "occupation")
    if occupation in Occupation._value2member_map_:
        occupation = label(occupation)
    if masked:
        secrets = _secrets(posting, area)
        free = {name: redact(_text(posting, name), secrets) for name in FREE_TEXT_FIELDS}
        hidden = dict.fromkeys(MASKED_FIELDS, "")
    else:
        free = {name: _text(posting, name) for name in FREE_TEXT_FIELDS}
        hidden = {name: _text(posting, name) for name in MASKED_FIELDS}
    return PublicPosting(
        source_id=_text(posting, "source_id"),
        masked=masked,
        area=area,
        posted_by=hidden["municipality_name"],
        venue_name=hidden["venue_name"],
        venue_address=hidden["venue_address"],
        contact_name=hidden["contact_name"],
        contact_phone=hidden["contact_phone"],
        contact_email=hidden["contact_email"],
        occupation=occupation,
        headcount=int(getattr(posting, "headcount", 0) or 0),
        status=_text(posting, "status") or "open",
        slots=slots,
        **free,
    )


def public_area(posting: Any) -> str:
    """Prefecture and municipality, derived from the codes: 神奈川県横浜市港北区, 東京都西多摩郡奥多摩町.

    The names come from the prefecture table and the municipality gazetteer by ``pref_code`` and
    ``muni_code``, never from ``municipality_name`` (it may name a hospital) nor from free text.
    Without a code the prefecture falls back to an exact prefecture name; a municipality the
    gazetteer does not know is shown only when ``city`` reads as one (市・区・町・村, no facility word).
    """
    pref_code = _text(posting, "pref_code")
    muni_code = _text(posting, "muni_code")
    muni = municipality(muni_code) if muni_code else None
    if muni and pref_code and muni.pref_code != pref_code:
        return PREFECTURES[pref_code].name if pref_code in PREFECTURES else ""  # codes disagree: show less
    if pref_code not in PREFECTURES:
        pref_code = muni.pref_code if muni else next(
            (code for code, p in PREFECTURES.items() if p.name == _text(posting, "prefecture")), "")
    pref = PREFECTURES[pref_code].name if pref_code in PREFECTURES else ""
    if muni:
        return pref + muni.full_name
    city = _text(posting, "city")
    if not muni_code or not is_municipality_name(city):
        return pref
    return pref + (city[len(pref):] if pref and city.startswith(pref) else city)


def is_municipality_name(text: str) -> bool:
    """Does ``text`` read as a municipality name (横浜市港北区, 西多摩郡奥多摩町), not a facility?"""
    text = text.strip()
    return bool(text) and bool(_MUNICIPALITY.match(text)) and not _FACILITY_WORDS.search(text)


def redact(text: str, secrets: list[str]) -> str:
    """``text`` with every secret value, phone number and e-mail address replaced by （非公開）."""
    if not text:
        return text
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    text = _EMAIL.sub(REDACTED, text)
    return _PHONE.sub(REDACTED, text)


def _secrets(posting: Any, area: str) -> list[str]:
    """The hidden values (and their width-folded and address-tail forms), longest first."""
    found: set[str] = set()
    for name in MASKED_FIELDS:
        value = _text(posting, name)
        forms = {value, unicodedata.normalize("NFKC", value), value.replace(" ", ""), value.replace("　", "")}
        if name == "venue_address":
            forms |= address_tails(value)
        elif name != "contact_phone" and name != "contact_email":
            forms |= name_parts(value)
        for form in forms:
            form = form.strip()
            if len(form) >= 2 and form not in area:
                found.add(form)
    return sorted(found, key=len, reverse=True)


def name_parts(name: str) -> set[str]:
    """The words of a facility, venue or person's name that identify it on their own.

    "医療法人社団 髙﨑会 さくらクリニック" → 髙﨑会, さくらクリニック (and the name without its legal form);
    "新横浜スポーツ会館（第２会場）" → 新横浜スポーツ会館, 第２会場; "健康推進課 渡邊 惠一" → 渡邊, 惠一 ….
    Legal forms (医療法人社団, 株式会社 …) alone identify nothing and are kept.
    """
    parts = {p for p in _NAME_SPLIT.split(name) if p}
    bare = _LEGAL_FORMS.sub("", name).strip()
    parts |= {bare} | {p for p in _NAME_SPLIT.split(bare) if p}
    return {p for p in parts if len(p) >= 2 and not _LEGAL_FORMS.fullmatch(p)}


def address_tails(address: str) -> set[str]:
    """The address without postcode, prefecture and municipality: 港北区新横浜2-1-1, 新横浜2-1-1.

    Each still locates the venue; tails shorter than four characters or without any letter
    (2-1-1) are left alone so as not to cut ordinary numbers out of the text.
    """
    rest = _POSTCODE.sub("", address).strip()
    tails = {rest}
    for pref in (p.name for p in PREFECTURES.values()):
        if rest.startswith(pref):
            rest = rest[len(pref):]
            tails.add(rest)
            break
    while (m := _ADMIN_UNIT.match(rest)) and m.end() < len(rest):
        rest = rest[m.end():]
        tails.add(rest)
    return {t for t in tails if len(t) >= 4 and _LETTER.search(t)}


def _text(posting: Any, name: str) -> str:
    value = getattr(posting, name, "")
    return "" if value is None else str(value).strip()
