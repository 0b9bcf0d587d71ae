"""Document metadata: title, issuing body, dates, document numbers, region and script."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents import Line
from assistant.text.gazetteer import Gazetteer, Place
from assistant.text.lexicon import ISSUER_ENDINGS, META_FIELD_KEYS, TITLE_ENDINGS
from assistant.text.normalize import CHINESE_DATE_RE, chinese_date, search_form
from assistant.text.patterns import (
    BOOK_TITLE_RE,
    BRACKETED_RE,
    DOC_NUMBER_RE,
    META_KEY_PATTERN,
    WRITTEN_DATE_RE,
)

_KEY_RE = re.compile(f"({META_KEY_PATTERN})" + r"(?:\s*[:：|]|\s*\n)")  # 发布日期: …, or its value stacked below
_TITLE_RE = re.compile(f"({'|'.join(TITLE_ENDINGS)})" + r"([(（][^()（）]{1,20}[)）])?$")
_ISSUER_RE = re.compile(f"({'|'.join(ISSUER_ENDINGS)})$")
# The number right after a red header's 文件 (…人民政府办公室文件 通政办发〔2019〕33号): the document's own.
_HEADED_NUMBER_RE = re.compile(rf"文件\s*({DOC_NUMBER_RE.pattern})")
# A line that is only a date, perhaps in brackets: the 成文日期 under a title or above a signature.
_DATE_LINE_RE = re.compile(r"^[(（]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[)）]?$")
# A plan's cover: its title, the body that drew it up, then the year and month alone (二〇二〇年十月).
_COVER_DATE_RE = re.compile(r"^\s*(?:19|20)\d{2}\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*$")
# A bracketed note between a signature and its date ((区生态环境局代章)): the seal another body lent.
_NOTE_LINE_RE = re.compile(r"^\s*[(（][^()（）]{2,20}[)）]\s*$")
# A signature and its date run into the text of a flattened page (…请认真组织实施。 甲市人民政府办公室 2019年9月22日
# (此件公开发布)): the body's name, a space, the date, then a space, a bracket or the line's end.
_SIGNED_DATE_RE = re.compile(
    rf"(?:{'|'.join(ISSUER_ENDINGS)})\s+((?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)(?=\s|[(（]|$)"
)
_OPENING_LINES = 12  # lines looked at for a number or date line when no heading bounds the opening
_CLOSING_LINES = 6  # lines of a signature block at the end


@dataclass(frozen=True)
class Metadata:
    title: str
    issuer: str | None
    written_date: str | None
    published_date: str | None
    doc_number: str | None
    index_number: str | None
    region: Place | None
    repealed: str | None = None
    cover_date: str | None = None  # the cover's year and month, as written (二〇二二年十二月)


def parse_fields(meta_lines: tuple[Line, ...]) -> dict[str, str]:
    """Key/value pairs of the metadata table, keys in search form (索引号 …), values original."""
    fields: dict[str, str] = {}
    for line in meta_lines:
        form = search_form(line.text)
        # search_form keeps the length for these lines (one char in, one char out), so spans match
        # the original; fall back to the search form when it does not.
        source = line.text if len(form) == len(line.text) else form
        matches = list(_KEY_RE.finditer(form))
        for k, match in enumerate(matches):
            key = re.sub(r"\s", "", match.group(1))
            end = matches[k + 1].start() if k + 1 < len(matches) else len(form)
            value = source[match.end() : end].strip(" |:：\t")
            if value and key not in fields:
                fields[key] = value
    return fields


def _field(fields: dict[str, str], name: str) -> str | None:
    for key in META_FIELD_KEYS[name]:
        if fields.get(key):
            return fields[key]
    return None


def _date(value: str | None) -> str | None:
    match = WRITTEN_DATE_RE.search(value or "")
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


# The start of a title wrapped over two lines (…2024年度生态文明建设 / 工作计划): words only, no sentence.
_TITLE_START_RE = re.compile(r"^[\u4e00-\u9fff0-9《“”\"][\u4e00-\u9fff0-9《“”\"（）()—-]{3,59}$")
_WRAPPED_END_CHARS = 15  # a wrapped title's last line: a few words and the ending (its bracketed period aside)


# …公开征求意见: soliciting opinions, a news headline's verb, not a document of the kind 意见 (实施意见).
_SOLICITING_RE = re.compile(r"征求意见$")


def _title_like(text: str) -> bool:
    form = search_form(text).rstrip()
    return (
        4 <= len(text) <= 80
        and "。" not in text
        and _TITLE_RE.search(form) is not None
        and not _SOLICITING_RE.search(form)
    )


# A page's column label before a title (【公众征集】, 【政策解读】): the site's, not the document's.
_PAGE_LABEL_RE = re.compile(r"^【[^】]{1,8}】\s*")
# A notice putting a draft out for comment (关于《甲区…实施意见》公开征求意见的通知): the plan is the draft it names.
_FOR_COMMENT_RE = re.compile(
    r"^(?:[关關][于於])?《(?P<plan>[^《》]{4,60})》\s*(?:[公][开開])?[征徵]求(?:社会各界)?[意][见見]的?(?:通知|公告)$"
)


def plan_title(title: str) -> str:
    """The plan's title in a found title line: without a page's label, and the draft a notice puts out for
    comment rather than the notice."""
    title = _PAGE_LABEL_RE.sub("", title)
    draft = _FOR_COMMENT_RE.match(title)
    return draft.group("plan") if draft else title


# A line leading a title with the document's status and number ((已废止)甲政办字〔2019〕24号 关于印发…的通知 | |): a page
# that lost its layout ran them into one line, with the bars of its table.
_STATUS_MARK_RE = re.compile(r"^\s*[(（【\[]\s*(已废止|已失效|失效|废止)\s*[)）】\]]\s*")
_TRAILING_BARS_RE = re.compile(r"[\s|｜]+$")
_NOT_IN_FORCE_RE = re.compile(r"已?(?:废止|失效)|^否")


def _lead_off(text: str) -> tuple[str, str | None]:
    """A line without a leading status mark, trailing bars and a leading document number (when a title follows
    it), and that number."""
    text = _TRAILING_BARS_RE.sub("", _STATUS_MARK_RE.sub("", text))
    number = DOC_NUMBER_RE.match(text)
    if number and _title_like(text[number.end() :].strip()):
        return text[number.end() :].strip(), number.group(0)
    return text, None


def find_repealed(body: tuple[Line, ...], fields: dict[str, str], first_heading: int | None) -> str | None:
    """已废止 / 失效 when the page marks the document no longer in force: a status field, or a mark before the
    title ((已废止)…); None otherwise."""
    for key in META_FIELD_KEYS["validity"]:
        found = _NOT_IN_FORCE_RE.search(search_form(fields.get(key, "")))
        if found:
            return "已失效" if found.group(0) == "否" else found.group(0)
    for line in _opening(body, first_heading):
        mark = _STATUS_MARK_RE.match(line.text)
        if mark:
            return mark.group(1)
    return None


def find_title(body: tuple[Line, ...], fields: dict[str, str], first_heading: int | None) -> str | None:
    """The plan's own title: the last title-like line before the first heading (with the line before it when
    the title was wrapped there), else the 名称 field."""
    found = _found_title(body, fields, first_heading)
    return plan_title(found) if found else None


def _found_title(body: tuple[Line, ...], fields: dict[str, str], first_heading: int | None) -> str | None:
    limit = first_heading if first_heading is not None else min(len(body), 8)
    lines = [_lead_off(line.text.strip())[0] for line in body[:limit]]
    found = [i for i, text in enumerate(lines) if _title_like(text)]
    if not found:
        return _field(fields, "title")
    last = found[-1]
    before = lines[last - 1] if last > 0 else ""
    if (
        len(BRACKETED_RE.sub("", lines[last])) <= _WRAPPED_END_CHARS
        and _TITLE_START_RE.match(before)
        and not _title_like(before)
        and not _ISSUER_RE.search(before)
        and DOC_NUMBER_RE.search(before) is None
        and WRITTEN_DATE_RE.search(before) is None  # a date line above the title (2023年5月7日)
    ):
        return before + lines[last]
    return lines[last]


def find_issuer(body: tuple[Line, ...], fields: dict[str, str], first_heading: int | None) -> str | None:
    """The issuing body: the metadata table's issuer field, else the signature (in the opening, or closing a notice:
    a 公告 signs after its numbered items), else the portal's publisher field."""
    issuer = _field(fields, "issuer")
    if issuer:
        return issuer
    return _signature(body, first_heading) or _field(fields, "publisher")


def _signature(body: tuple[Line, ...], first_heading: int | None) -> str | None:
    """The bodies signing: a signature line (…办公室) above a date line, or a cover's body line above its year
    and month, with the co-signers above it."""
    limit = min(first_heading if first_heading is not None else len(body), len(body))
    closing = range(max(limit, len(body) - _CLOSING_LINES), len(body) - 1)
    for k in [*range(limit - 1), *closing]:
        text = search_form(body[k].text)
        below = k + 2 if _NOTE_LINE_RE.match(body[k + 1].text) and k + 2 < len(body) else k + 1
        date = search_form(body[below].text)
        signs = _ISSUER_RE.search(text) or _closes_joint_block(body, k)
        if len(text) <= 40 and signs and (WRITTEN_DATE_RE.search(date) or _COVER_DATE_RE.match(date)):
            return "、".join(_cosigners(body, k))
    return None


def _closes_joint_block(body: tuple[Line, ...], k: int) -> bool:
    """Whether line `k` closes a block of bodies signing together, two to a line above it (甲局 乙局 / …): the
    last co-signer may be no government body (…集团有限公司…站), its place in the block says it signs."""
    if k == 0 or re.search(r"[，,。；;：:]", body[k].text):
        return False
    above = body[k - 1].text.split()
    return len(above) >= 2 and all(len(name) <= 40 and _ISSUER_RE.search(name) for name in above)


def _cosigners(body: tuple[Line, ...], k: int) -> list[str]:
    """The issuers of signature line `k` and of the signature lines right above it (中共甲市委 / 甲市人民政府)."""
    first = k
    while first > 0 and len(body[first - 1].text.strip()) <= 40 and _ISSUER_RE.search(body[first - 1].text.strip()):
        first -= 1
    # 甲局 乙局: two signed on one line above.
    return [name for line in body[first:k] for name in line.text.split()] + [body[k].text.strip()]


def _opening(body: tuple[Line, ...], first_heading: int | None) -> tuple[Line, ...]:
    return body[: first_heading if first_heading is not None else _OPENING_LINES]


_NO_NUMBER_RE = re.compile(r"^(?:无|暂无|没有)(?:文号)?$|^[-—/／]+$")  # a 文号 field saying there is none


def find_doc_number(body: tuple[Line, ...], fields: dict[str, str], first_heading: int | None) -> str | None:
    """The 发文字号: from the 文号 field (only the number: a capture may run the next key into it), else a
    line of the opening that is the number (a number inside a sentence or after 《…》 cites another document)."""
    value = _field(fields, "doc_number")
    if value and not _NO_NUMBER_RE.match(search_form(value)):
        match = DOC_NUMBER_RE.search(value)
        if match:
            return match.group(0)
        if value != fields.get("文件编号"):  # a portal's 文件编号 may be a registration code: only a 文号 counts
            return re.split(r"\s{2,}", value)[0]
    for line in _opening(body, first_heading):
        led = _lead_off(line.text)[1]  # (已废止)甲政办字〔2019〕24号 关于印发…的通知
        if led:
            return led
        match = DOC_NUMBER_RE.search(line.text)
        if match and "《" not in line.text[: match.start()] and len(re.sub(r"\s", "", line.text)) <= 30:
            return match.group(0)
        # The number run into the addressee line after it (甲政办发〔2019〕21号各县人民政府,市政府各部门:).
        if match and not line.text[: match.start()].strip():
            if _ADDRESSEE_RE.match(search_form(line.text[match.end() :]).strip()):
                return match.group(0)
        # A red header run into one line with the text (…人民政府办公室文件 通政办发〔2019〕33号…).
        headed = _HEADED_NUMBER_RE.search(line.text)
        if headed:
            return headed.group(1)
    return None


def find_cover_date(body: tuple[Line, ...], first_heading: int | None) -> str | None:
    """The year and month standing alone on a line of the opening (a plan's cover: its title, the body that drew it
    up, then 二〇二二年十二月), as written: when the plan was drawn up, not the notice's 成文日期."""
    for line in _opening(body, first_heading):
        if _COVER_DATE_RE.match(search_form(line.text)):
            return line.text.strip()
    return None


def find_written_date(body: tuple[Line, ...], fields: dict[str, str], first_heading: int | None) -> str | None:
    """The 成文日期: the field, else a date standing alone on a line under the title or in the signature, else a
    signature's date run into a flattened line."""
    value = _date(_field(fields, "written_date"))
    if value:
        return value
    lines = list(_opening(body, first_heading)) + list(body[-_CLOSING_LINES:])
    for line in lines:
        form = search_form(line.text).strip()
        if _DATE_LINE_RE.match(form):
            return _date(line.text)
        written = CHINESE_DATE_RE.fullmatch(form)
        if written:  # signed in Chinese numerals (二〇一二年三月二日), as GB/T 9704-1999 dated documents
            return chinese_date(written)
    signed = next((m for line in lines if (m := _SIGNED_DATE_RE.search(search_form(line.text)))), None)
    return _date(signed.group(1)) if signed else None


_DIVISION_SUFFIX_RE = re.compile(r"[省市县区州盟旗]?")  # between two places named as one address (甲市乙区)
# A notice's salutation to those it is sent to (甲区、乙区人民政府,市直有关单位:): the places it names receive the
# plan, they are not its region.
_ADDRESSEE_RE = re.compile(r"^[^。；;]{2,120}(?:人民政府|政府|管委会|单位|部门|机构)[)）]?\s*[:：]\s*$")


def find_region(gazetteer: Gazetteer, texts: list[str]) -> Place | None:
    """The first place named in the first of `texts` that names one (title, then issuer, then body); a place
    named right after it and inside it is the narrower one meant (甲市乙区: the district's plan; 浙江龙游, a
    county by its short name), as is one inside it that opens a plan named after it in 《》."""
    for text in texts:
        form = search_form(text)
        mentions = gazetteer.find(form)
        if not mentions:
            continue
        place, end = mentions[0].place, mentions[0].end
        for later in mentions[1:]:
            if not (_DIVISION_SUFFIX_RE.fullmatch(form[end : later.start]) and place.contains(later.place)):
                break
            if later.place.level > place.level:
                place, end = later.place, later.end
        # 甲市:关于印发《甲市乙区…规划》的通知: the plan a title names in 《》 is the narrower place's.
        named = BOOK_TITLE_RE.search(form, end)
        inner = [m for m in mentions if named and named.start() < m.start < named.end() and m.place != place]
        if inner and place.contains(inner[0].place) and inner[0].place.level > place.level:
            place, end = inner[0].place, inner[0].end
        return (gazetteer.county_named_after(place, form, end) if place.level < 3 else None) or place
    return None


def extract_metadata(
    body: tuple[Line, ...],
    meta_lines: tuple[Line, ...],
    first_heading: int | None,
    gazetteer: Gazetteer,
    fallback_title: str,
) -> Metadata:
    """Collect a document's metadata from its metadata table and its opening lines."""
    fields = parse_fields(meta_lines)
    title = find_title(body, fields, first_heading) or fallback_title
    issuer = find_issuer(body, fields, first_heading)
    # A title the opening cites (根据《甲市…方案》) names another plan's region, not this one's.
    opening = [
        BOOK_TITLE_RE.sub(" ", line.text)
        for line in body[: first_heading or 5]
        if not _ADDRESSEE_RE.match(search_form(line.text).strip())
    ]
    # The file name comes last: staff often name a file by its region (平山县-2020-….txt) when the text says
    # only 我县.
    region = find_region(
        gazetteer, [title, *([issuer] if issuer else []), _field(fields, "title") or "", *opening, fallback_title]
    )
    return Metadata(
        title=title,
        issuer=issuer,
        written_date=find_written_date(body, fields, first_heading),
        published_date=_date(_field(fields, "published_date")),
        doc_number=find_doc_number(body, fields, first_heading),
        index_number=_field(fields, "index_number"),
        region=region,
        repealed=find_repealed(body, fields, first_heading),
        cover_date=find_cover_date(body, first_heading),
    )
