"""How a sentence states its figures: a number with its unit, or a bare number after a comparator (达到, 为)
or listed after such a one, that ends a phrase — where each figure's phrase starts, and what it counts or
shares. A number followed by more words (500米服务半径…, 3个国家…) is a modifier, not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.lexicon import (
    CONSISTING_VERBS,
    COUNT_JOINS,
    COUNT_VERBS,
    COUNTED_OBJECT_MEASURES,
    FIGURE_QUALIFIERS,
    FIGURE_UNITS,
    STATEMENT_ADVERBS,
    STATEMENT_COMPARATORS,
)
from assistant.text.patterns import (
    BASE_YEAR,
    BOOK_TITLE_RE,
    YEAR,
)

UNITS = FIGURE_UNITS  # the units read after a number (text/lexicon.py)

# A unit per another (立方米/亩, 吨/公顷, 千克/人): a figure per area, head or time.
_PER_UNITS = ("平方公里", "平方米", "公顷", "亩", "万元", "人", "户", "年", "天", "日", "小时")
UNIT_PATTERN = f"(?:{'|'.join(re.escape(u) for u in UNITS)})(?:/(?:{'|'.join(_PER_UNITS)}))?"

# A number (多, 余: about so many, 7346多万吨), its multiplier (千 opening a unit is the unit's: 140万千瓦), its
# unit and its qualifier; blanks only before one of them (8亿立方米 压采…: the blank ends the figure).
_FIGURE_RE = re.compile(
    rf"(?<![\d.A-Za-z])(\d+(?:\.\d+)?(?:多|余)?)(?:\s*((?:[万亿百]|千(?![瓦克米]))+))?(?:\s*({UNIT_PATTERN}))?"
    rf"(?:\s*(?![多余])({'|'.join(FIGURE_QUALIFIERS)})|([多余]))?"
)

# What may follow a figure: the end of its phrase (or, in damaged text, another number), or a note's mark
# (93.4%〔注释1〕, 52%【注】).
_FOLLOW_RE = re.compile(r"$|[,，。；;、)）(（〔【\n:：”\"\s\d]|[和及并且与]|(?:并|且|的目标)|占(?=[^，,。；;]{0,12}\d)")

_NOTED_MODIFIER_RE = re.compile(r"\s*[(（][^()（）]{1,6}[)）]\s*的")

# 完成5万亩的造林任务: the amount of a task, named after the figure (the task is part of the name).
_TASK_AFTER_RE = re.compile(r"的([\u4e00-\u9fff]{1,8}任务)(?=$|[,，。；;、)）\s])")

_RANGE_END_RE = re.compile(r"\s*(?:至|到|-|—|~)?\s*\d+(?:\.\d+)?\s*[万亿千百]*[^\d,，。；;]{0,6}?以下")

_BOUNDARY = ",，。；;：:\n"

COMPARATOR_TAIL_RE = re.compile(rf"(?:(?:{'|'.join(STATEMENT_ADVERBS + STATEMENT_COMPARATORS)})了?)+$")  # 下降了

_DAYS_NAMED_RE = re.compile(r"天数(?!比)")  # a number of days named (优良天数), not a ratio of days (天数比率)

# The lower end of a range (65%至, 介乎3.3至) right before its upper end's figure.
_RANGE_START_RE = re.compile(r"(?:介乎|介于)?\d+(?:\.\d+)?\s*%?\s*(?:至|到|-|—|~|～)\s*$")

# The value a change starts from (在2015年|70微克/立方米|的基础上, or in brackets after the year it is compared
# with: 较2015年(33微克/立方米)下降26.7%): the figure of that year; the change stated next is of the same thing.
_BASE_VALUE_BEFORE_RE = re.compile(rf"(?:{BASE_YEAR}|(?:较|比|与)\s*({YEAR})\s*年(?:末|底)?\s*[(（])\s*$")

_BASE_VALUE_AFTER_RE = re.compile(r"^(?:的?基础上|\s*[)）])")


@dataclass
class Figure:
    value_start: int
    end: int  # end of the figure
    value: str
    unit: str
    qualifier: str
    piece_start: int
    raw_name: str
    statement_end: int = -1  # end of the statement when the counted object follows the figure
    base_year: int | None = None  # the year of a value a change starts from (在2015年70微克/立方米的基础上)

    def placed(self, offset: int) -> dict[str, int]:
        """Where the statement (its name's first character to its end) and the figure stand, `offset` being
        where the clause starts in the document."""
        return {
            "start": offset + self.piece_start + (len(self.raw_name) - len(self.raw_name.lstrip(" ,，、"))),
            "end": offset + max(self.end, self.statement_end),
            "figure_start": offset + self.value_start,
            "figure_end": offset + self.end,
        }


_COUNT_VERB_RE = re.compile(rf"(?:{'|'.join(COUNT_VERBS)})$")

_COUNTED_OBJECT_RE = re.compile(r"[\u4e00-\u9fff“”\"A-Za-z]{2,20}?(?=$|[,，。；;、)）(（]|和|及|以及|等)")

_COUNT_UNITS = tuple(COUNTED_OBJECT_MEASURES)

# 30%以上的建成区面积达到30年一遇内涝防治标准: a share first, then what must reach a standard — the share of it
# that does is the figure, and that statement its name.
_SHARE_STATEMENT_RE = re.compile(
    r"的?([\u4e00-\u9fff]{2,12}?(?:达到|实现|满足)[^,，。；;、\n]{2,30}?)(?=$|[,，。；;\n])"
)


def _piece_start(form: str, at: int, sentence_start: int, figure_ends: set[int]) -> int:
    """Where the phrase ending at `at` begins: the previous boundary, an unclosed "(", or a "、"
    that closes another figure (a "、" inside a name, A、B污水处理率, is not a boundary)."""
    depth = 0
    for i in range(at - 1, sentence_start - 1, -1):
        c = form[i]
        if i + 1 in figure_ends:
            return i + 1  # right after another figure (97%45%以上 in damaged text)
        if c in ")）":
            depth += 1
        elif c in "(（":
            if depth == 0:
                return i + 1
            depth -= 1
        elif c in _BOUNDARY and depth == 0:
            return i + 1
        elif c == "、" and depth == 0 and i in figure_ends:
            return i + 1
    return sentence_start


def find_figures(form: str, start: int, end: int) -> list[Figure]:
    out: list[Figure] = []
    titles = [m.span() for m in BOOK_TITLE_RE.finditer(form, start, end)]
    ends: set[int] = set()
    counted_to, count_verb = -1, ""  # where the last counted statement ends, and its verb
    for m in _FIGURE_RE.finditer(form, start, end):
        value, mult, unit, qual = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4) or m.group(5) or ""
        after = form[m.end() : end]
        if any(a <= m.start() < b for a, b in titles) or form[max(start, m.start() - 1) : m.start()] in ("第", "."):
            continue
        if re.fullmatch(YEAR, value) and (after.startswith(("年", "—", "-", "至")) or not unit):
            continue  # a year, not a figure
        if qual == "以上" and _RANGE_END_RE.match(after):
            continue  # 5000吨以上10000吨以下重点企业: a range that says which enterprises, not a target
        if _NOTED_MODIFIER_RE.match(after):
            continue  # 大于3万吨(含)的焚烧设施: a bracketed note, then 的 — it says which facilities, no target
        base = (
            _BASE_VALUE_BEFORE_RE.search(form, start, m.start()) if unit and _BASE_VALUE_AFTER_RE.match(after) else None
        )
        statement_end, joined, counted = -1, False, False
        share = _SHARE_STATEMENT_RE.match(after) if unit == "%" else None
        task = _TASK_AFTER_RE.match(after) if unit else None
        if share is not None:
            statement_end = m.end() + share.end()
        elif task is not None:
            statement_end = m.end() + task.end()
        elif not _FOLLOW_RE.match(after) and base is None:
            obj = _COUNTED_OBJECT_RE.match(after)
            verb = _COUNT_VERB_RE.search(form[max(start, m.start() - 4) : m.start()])
            # 打通12个城市监测站点和3个大气超级监测站点: the second count shares the first one's verb.
            joins = COUNT_JOINS + (",", "，") if count_verb in CONSISTING_VERBS else COUNT_JOINS
            joined = counted_to >= 0 and form[counted_to : m.start()] in joins
            if not (obj and mult + unit in _COUNT_UNITS and not qual and (verb or joined)):
                continue  # followed by more words: a modifier (500米服务半径覆盖率), not a figure
            statement_end = m.end() + obj.end()
            count_verb = verb.group(0) if verb else count_verb
            counted_to, counted = statement_end, True
        if (
            unit in ("天", "小时")
            and not qual
            and not _DAYS_NAMED_RE.search(form, max(start, m.start() - 12), m.start())
        ):
            continue  # durations (每年…30天) are rarely targets; a number of days (优良天数不低于190天) is
        piece = m.start() if joined else _piece_start(form, m.start(), start, ends)
        # A value in brackets after the year it is of (较2015年(33微克/立方米)下降…) is named before its 较.
        named_until = base.start() if base is not None and base.group(2) else m.start()
        if named_until < m.start():
            piece = _piece_start(form, named_until, start, ends)
        if out and out[-1].base_year and piece == out[-1].end:
            piece = out[-1].piece_start  # the change from a base value is stated of what that value is of
        raw = count_verb if joined else form[piece:named_until]
        if counted and count_verb in CONSISTING_VERBS:
            raw = ""  # 分为27项甲指标: the things counted are the name
        if (lower := _RANGE_START_RE.search(raw)) is not None:
            raw = raw[: lower.start()]  # 降低65%至70%, 介乎3.3至3.8公吨: the range's lower end is no word of the name
        if not unit and not COMPARATOR_TAIL_RE.search(raw) and not _listed_after_bare(out, form, m.start()):
            continue  # a bare number is a figure only after 达到 / 为 …, or listed after such a one
        if share is not None:
            raw += share.group(1)  # what reaches the standard is the name (the share's own 的 left out)
        elif task is not None:
            raw += task.group(1)
        elif statement_end >= 0:
            raw += form[m.end() : statement_end]  # the counted object is part of the name
        base_year = int(base.group(1) or base.group(2)) if base else None
        out.append(Figure(m.start(), m.end(), value, mult + unit, qual, piece, raw, statement_end, base_year))
        ends.add(m.end())
    return out


def _listed_after_bare(out: list[Figure], form: str, at: int) -> bool:
    """Whether the number at `at` is listed right after a bare figure (分别为56.1、58.7、61.1和62.4): one too."""
    return bool(out) and not out[-1].unit and form[out[-1].end : at] in COUNT_JOINS
