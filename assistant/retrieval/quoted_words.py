"""What a question asks, in its own words, for a refusal to quote ("…未设定“城市供水管网的漏损率”"): the stretch
from the first asked word to the last, without the plan's name, the place, the time or the asking itself — never
fragments of a tokenizer."""

from __future__ import annotations

import re

from assistant.retrieval.question import Question, place_names
from assistant.text.lexicon import (
    FILLER_WORDS,
    KIND_CHARS,
    KIND_WORDS,
    LOOSE_CHARS,
    MEASURE_WORDS,
    STATEMENT_COMPARATORS,
    TITLE_ENDINGS,
    UNIT_KINDS,
    unit_first_parts,
)
from assistant.text.patterns import (
    ASKED_TIME_RE,
    BASELINE_YEAR_RE,
    HAN_RE,
    YEAR,
)


def quoted_words(question: Question, terms: tuple[str, ...]) -> str:
    """What the question asks, in its own words: the stretch of the question from the first asked word to
    the last (“…焚烧和填埋的处置能力”), never a string of fragments; of a question in several sentences
    (…是多少？也就是…) the sentence holding most of the asked words; brackets and quotes left whole."""
    form = question.form
    # An asked word inside the asked place's name (水 of 衡水) is not where the question asks it.
    names = place_names(question.places)
    unplaced = re.sub("|".join(map(re.escape, names)), lambda m: " " * len(m[0]), form) if names else form
    spans = [(unplaced.find(t), unplaced.find(t) + len(t)) for t in terms if t in unplaced]
    if not spans:
        return "、".join(terms) or _asked_stretch(question) or "所问指标"
    start, end = min(a for a, _ in spans), max(b for _, b in spans)
    pieces = [(m.start() + start, m.end() + start) for m in _SENTENCE_PIECE_RE.finditer(form[start:end])]
    if len(pieces) > 1:
        a, b = max(pieces, key=lambda p: (sum(len(t) for t in terms if t in form[p[0] : p[1]]), -p[0]))
        held = [(x, y) for x, y in spans if a <= x and y <= b] or [(a, b)]
        start, end = min(x for x, _ in held), max(y for _, y in held)
    start, end = _whole_words(form, start, end)
    stretch = _whole_brackets(form, start, end).strip(" ,，、的和与及要是")
    # A negation left of a comparator the asked words stop before (…浓度不|能高于) ends no name; nor does the
    # asking itself (…比例要达到百分之, …浓度得降到), when words remain before it.
    stretch = re.sub(r"不$", "", stretch).rstrip(" ,，、的和与及要是")
    stretch = _ASKING_END_RE.sub("", stretch).rstrip(" ,，、的和与及要是") or stretch
    # …分别要降, …各: how the parts are asked, not what (the asking verb after them is no name either).
    stretch = _RESPECTIVELY_END_RE.sub("", stretch).rstrip(" ,，、的和与及要是") or stretch
    # A count or amount asked at the end (…的上限是多少亿立方米, …比例降到) is the asking, when a name remains.
    unasked = _ASKED_AT_END_RE.sub("", stretch).rstrip(" ,，、的和与及要是有")
    stretch = unasked if _says_enough(unasked) else stretch
    # The plan the question names first (…行动方案里，每产出…) is where it asks, not what: the quote starts after.
    opened = _PLAN_REFERENCE_RE.match(stretch)
    rest = stretch[opened.end() :] if opened else ""
    stretch = rest if _says_enough(rest) else stretch
    # So is a document it cites by title (依照《甲规划(2020—2030年)》,甲县…): the quote starts after the title and
    # the place right after it.
    before = stretch[: stretch.rfind("《")] if "《" in stretch else ""  # the stretch may start inside the title
    opens = "》" in stretch and not _says_enough(before)  # no asked words before the title
    cited = _AFTER_TITLE_RE.sub("", stretch[stretch.rfind("》") + 1 :]) if opens else ""
    cited = re.sub(rf"^(?:{'|'.join(map(re.escape, names))})", "", cited) if names else cited
    stretch = cited if _says_enough(cited) else stretch
    # A year (said apart in the refusal), a particle (对2027年…, 要把…), what the plan is said to do (方案说，…) or a
    # fragment before a comma (任务表里，…) opening the quote is no word of the name.
    bare = _QUOTE_OPENING_RE.sub("", stretch)
    quote = bare if len(HAN_RE.findall(bare)) >= 2 else stretch
    inner = _without_place_and_time(_INNER_ASKING_RE.sub("", quote), question)
    return _roman_classes((inner if _says_enough(inner) else quote) or "所问指标")


# A range of classes the search form left half Latin, half Chinese (Ⅰ-Ⅱ类 -> I-二类): shown in Roman numerals again.
_CLASS_RANGE_RE = re.compile(r"(?<![A-Za-z])(IV|V|I{1,3})(\s*[-—~～至到、]\s*)([一二三四五])类")
_ROMAN = dict(zip(("I", "II", "III", "IV", "V", "一", "二", "三", "四", "五"), "ⅠⅡⅢⅣⅤⅠⅡⅢⅣⅤ"))


def _roman_classes(quote: str) -> str:
    """The quote with a range of classes written as the asker wrote it, in Roman numerals."""
    return _CLASS_RANGE_RE.sub(lambda m: f"{_ROMAN[m[1]]}{m[2]}{_ROMAN[m[3]]}类", quote)


def _whole_words(form: str, start: int, end: int) -> tuple[int, int]:
    """The stretch widened to whole words of the question: the rest of a word it cuts (收集|率), a character or
    单位 bound to the first asked word (受 of 受污染耕地, 碳 of 碳排放, 单位 of 单位地区生产总值) and the kind of
    figure right after the last (…浓度, …甲的比例): the asked words leave these out, and a quote without them
    names another thing."""
    import jieba

    tokens = list(jieba.tokenize(form))
    # jieba glues loose characters to words (年 and 细 of 2025年细颗粒物 as one word; 率 and the 要 after it):
    # of the word cut, only the bound characters next to the stretch are taken in.
    cut_first = next((a for _, a, b in tokens if a < start < b), start)
    while start > cut_first and _bound(form[start - 1]):
        start -= 1
    cut_last = next((b for _, a, b in tokens if a < end < b), end)
    while end < cut_last and _bound(form[end]):
        end += 1
    by_end = {b: (w, a) for w, a, b in tokens}
    if by_end.get(start, ("",))[0] == "单位":
        start = by_end[start][1]
    word, at = by_end.get(start, ("", start))
    if len(word) == 1 and _bound(word):
        start = at
    elif len(word) == 2 and not jieba.dt.FREQ.get(word) and not _bound(word[0]) and _bound(word[1]):
        start = at + 1  # 重 of 2016年重污染: jieba glued it to the loose 年 as a word no dictionary holds (年重)
    by_start = {a: (w, b) for w, a, b in tokens}
    after = by_start.get(end + 1) if form[end : end + 1] == "的" else by_start.get(end)
    if after and after[0] in KIND_WORDS:
        end = after[1]
    elif end in by_start and _kind_char_alone(by_start[end][0]):  # 率 cut off 处理率 (jieba: 处理 | 率要)
        end += 1
    return start, end


def _kind_char_alone(word: str) -> bool:
    """Whether a word opens with a kind of figure's character standing alone (率, or 率 glued to a loose
    要; not 量化)."""
    return word[:1] in KIND_CHARS and (len(word) == 1 or not _bound(word[1]))


def _bound(chars: str) -> bool:
    """Whether characters may belong to the word beside them: Chinese, none of them standing alone."""
    return all(HAN_RE.match(c) and c not in _UNBOUND_CHARS for c in chars)


def _without_place_and_time(quote: str, question: Question) -> str:
    """A quote without the place and time inside it (…的问题,甲州到2025年要…): the refusal says them apart."""
    names = place_names(question.places)
    if names:
        quote = re.sub(rf"(?:{'|'.join(map(re.escape, names))})(?=\s*(?:到|在)?\s*{YEAR}\s*年)", "", quote)
    return re.sub(r"[(（]\s*[)）]", "", _INNER_TIME_RE.sub("", quote))  # (到2027年) leaves no empty brackets


_RESPECTIVELY_END_RE = re.compile(r"(?<=.)(?:分别|各自|各|均)[要得能将应需]?[降升减增]?$")
_SENTENCE_PIECE_RE = re.compile(r"[^?？。!！;；]+")
# Units as staff write them, 每 for / too (微克每立方米).
_ASKED_UNITS = sorted(
    {
        re.escape(form)
        for units in UNIT_KINDS.values()
        for u in units
        for form in (u, u.replace("/", "每"), *unit_first_parts([u]))  # a figure asked in 微克 of 微克/立方米
    },
    key=len,
    reverse=True,
)
# Characters that stand alone before a word, never bound to it: particles and prepositions (按, 沿, 让), a
# demonstrative (那5个), a numeral, a measure word or unit (亩, 年), a division's suffix left of a place (…区),
# the end of a draft's name (…征求意见稿).
_UNBOUND_CHARS = (
    frozenset(w for w in FILLER_WORDS if len(w) == 1)
    | set(LOOSE_CHARS + MEASURE_WORDS + "年月日这那按沿经让给用从向往替跟同稿" + "一二两三四五六七八九十百千万亿")
    | set("省市县区州盟旗乡镇村")
    | {u for u in _ASKED_UNITS if len(u) == 1}
)
# The asking inside a quote (新建多少个电动汽车…): the refusal quotes what is asked about, not the asking. Only a count
# followed by what it counts, or measured (新增多少万亩农田…), never 哪几个, 那几年
# or a unit ending the quote (多少万亩).
_INNER_ASKING_RE = re.compile(
    rf"(?<=[^哪那这])(?:多少|几)(?:[万亿千百]?(?:{'|'.join(u for u in _ASKED_UNITS if HAN_RE.match(u))})"
    rf"|[{MEASURE_WORDS.replace('年', '').replace('次', '')}])(?!每|以[内上下]|左右)(?=[\u4e00-\u9fff]{{2}})"
)
_PLAN_REFERENCE_RE = re.compile(rf"^[^,，]*?(?:{'|'.join(TITLE_ENDINGS)})(?:里|中|内|提出|要求|规定|明确)*[,，]?")
_QUOTE_OPENING_RE = re.compile(
    rf"^(?:[要将]?把|对|{YEAR}\s*年(?:底|末)?|[,，、的\s]|[^,，]{{0,3}}[里中上][,，]|说(?!明))+"
)
# A time inside the quote after a comma or 到/在 (…,2025年要…), never a base year (比2015年下降).
_INNER_TIME_RE = re.compile(rf"(?:(?<=[,，])|到|在)\s*{YEAR}\s*年(?:底|末)?(?:前)?[,，]?")
_AFTER_TITLE_RE = re.compile(r"^[\s,，、]*(?:里|中)?[\s,，、]*")  # 《…》里, : the particle, not 中 of 中心城区
MIN_QUOTED_CHARS = 4  # a quote shorter than this after the plan's name says too little: the whole stretch stays
_CODE_RE = re.compile(r"[A-Za-z]{1,6}\d+(?:\.\d+)?")  # a code (PM2.5, SO2) says as much as a word of two characters


def _says_enough(quote: str) -> bool:
    """Whether a quote holds `MIN_QUOTED_CHARS` characters of words (a code counted as two)."""
    return len(HAN_RE.findall(quote)) + 2 * len(_CODE_RE.findall(quote)) >= MIN_QUOTED_CHARS


_LONGEST_FIRST = sorted(STATEMENT_COMPARATORS, key=len, reverse=True)
_ASKING_END_RE = re.compile(
    rf"(?<=.)(?:[要得能将应需])?(?:{'|'.join(_LONGEST_FIRST)})?百分之[几多少]*$"
    rf"|(?<=.)(?:要求|[要得能将应需])(?:{'|'.join(w for w in _LONGEST_FIRST if len(w) > 1)})$"
)
_ASKED_AT_END_RE = re.compile(
    rf"(?<=.)(?:[要得能将应需]?(?:{'|'.join(_LONGEST_FIRST)}))?[是为]?(?<![哪那这])(?:多少|几)[万亿千百]?"
    rf"(?:{'|'.join(_ASKED_UNITS)}|[{MEASURE_WORDS}])?(?:以内|以下|以上|之内|内)?$"  # 控制在几天以内: a bound asked
    rf"|(?<=[率例重量度数])(?:{'|'.join(w for w in _LONGEST_FIRST if len(w) > 1)})$"
    r"|(?<=.)(?:多少|几)[万亿千百][\u4e00-\u9fff]{1,4}$"  # a magnitude in a unit of its trade (多少万重量箱)
)
_ASKING_TAIL_RE = re.compile(
    r"(?:是|要|能|将|应|有|包括|包含)?(?:下降|降低|减少|增加|提高|少|多|降|减|增)?(?:多少|几|哪|什么|怎么|如何|何时)[^,，。？?]*$"
)


def _asked_stretch(question: Question) -> str:
    """The question's own words when no asked word was parsed (it holds one-character words only): its text
    without places, years and the asking tail."""
    rest = question.form
    for place in question.places:
        rest = rest.replace(place.name, "").replace(place.short, "")
    rest = BASELINE_YEAR_RE.sub("", rest.strip(" ?？。!！"))
    rest = _ASKING_TAIL_RE.sub("", ASKED_TIME_RE.sub("", rest))
    return rest.strip(" ,，、的和与及要是在到")


_BRACKETS = (("(", ")"), ("（", "）"), ("“", "”"), ("《", "》"), ("「", "」"))


def _whole_brackets(form: str, start: int, end: int) -> str:
    """form[start:end] with a bracket or quote it opens closed (the closing mark right after it is taken in)
    and any other unpaired mark dropped: 覆盖率(含灌木林 -> 覆盖率(含灌木林), 红线”面积 -> 红线面积."""
    stretch = form[start:end]
    for left, right in _BRACKETS:
        if stretch.count(left) > stretch.count(right) and form[end : end + 1] == right:
            stretch += right
        if stretch.count(left) != stretch.count(right):
            stretch = stretch.replace(left, "").replace(right, "")
    return stretch
