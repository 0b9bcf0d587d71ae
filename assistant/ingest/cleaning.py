"""Split a web capture into lines and sort them: page chrome, metadata fields, body text.

Rules are written for Chinese government web pages in general (navigation, accessibility
links, share/print widgets, pagers, editor credits), matched on the search form so that
Traditional-script pages are covered too. A long run of lines that repeats an earlier run
is dropped, so each clause is indexed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.documents import Line
from assistant.text.lexicon import ISSUER_ENDINGS, META_FIELD_KEYS
from assistant.text.normalize import aligned_form, search_form
from assistant.text.patterns import DOC_NUMBER_RE, META_KEY_PATTERN, WRITTEN_DATE_RE

_META_KEY_RE = re.compile(META_KEY_PATTERN)
_META_LINE_RE = re.compile(rf"^\s*\|?\s*({_META_KEY_RE.pattern})\s*[:：|]")

_CHROME_RES = [
    re.compile(p)
    for p in (
        r"^(当前位置|您的位置|您现在的位置|所在位置|当前页面)",
        r"(首页|主页)\s*[>›»/]",
        r"无障碍|长者版|关怀版|适老化|读屏|老年模式",
        r"扫一扫|手机(上)?(打开|查看|浏览)|分享到|微信扫|二维码",
        r"^[【\[(]?\s*(打印|关闭|返回顶部|返回|打印本页|关闭窗口|保存|收藏)(本页|窗口)?\s*[】\])]?(\s*[|/]?\s*[【\[(]?\s*(打印|关闭|返回顶部|返回|保存|收藏)(本页|窗口)?\s*[】\])]?)*$",
        r"^(上一条|下一条|上一篇|下一篇|上一页|下一页)",
        r"^(责编|责任编辑|编辑|校对|审核|审校)\s*[:：]",
        r"文字大小|(?<!发文)字号\s*[:：]|\[\s*大\s*中\s*小\s*\]",  # a font-size switch, never 发文字号
        r"浏览次数|访问量|点击数|阅读量",
        r"^(网站地图|联系我们|版权所有|主办单位|承办单位|网站标识码|.*ICP备|.*公网安备)",
        r"^[-|:\s]*-[-|:\s]*\|[-|:\s]*$|^[-|:\s]*\|[-|:\s]*-[-|:\s]*$",  # markdown table rule
    )
]
_CHROME_MAX_CHARS = 60  # chrome lines are short; a real clause that mentions 打印 is not dropped


@dataclass(frozen=True)
class SortedLines:
    body: tuple[Line, ...]
    meta: tuple[Line, ...]
    removed: dict[str, int]


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with the span of their stripped content in `text`."""
    lines = []
    for match in re.finditer(r"[^\r\n]+", text):
        raw = match.group(0)
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


def is_meta_line(text: str) -> bool:
    """A line of the metadata table (索引号, 成文日期, 文号 …)."""
    form = search_form(text)
    return len(form) < 300 and bool(_META_LINE_RE.match(form))


_STACKED_VALUE_MAX_CHARS = 60  # a field's value (a date, a number, a body's name), never a paragraph
_VALIDITY_RE = re.compile(r"(?:现行)?有效|失效|(?:已)?废止|是|否")
# Keys whose value may be anything (名称, 来源 …): a table flattened one cell per line stacks the same words.
_ANY_VALUE_KEYS = ("名称", "标题", "来源", "责任部门")


def _has_shape(field: str, value: str) -> bool:
    """Whether a value has the shape of a metadata field's (`META_FIELD_KEYS`): a date, a 文号, an index number, a
    body's name, a word saying whether the document is in force."""
    if field.endswith("_date"):
        return WRITTEN_DATE_RE.fullmatch(value) is not None
    if field == "doc_number":
        return DOC_NUMBER_RE.fullmatch(value) is not None
    if field == "index_number":
        return re.fullmatch(r"[\w/\-.]+", value) is not None and re.search(r"\d", value) is not None
    if field in ("issuer", "publisher"):
        return value.endswith(ISSUER_ENDINGS)
    return field == "validity" and _VALIDITY_RE.fullmatch(value) is not None


def _fits_field(key: str, value: str) -> bool:
    """Whether a line has the shape of the value of the field named on the line above it. Keys of any value are
    never read so; 主题分类 (a portal's subject) takes any short value."""
    if key in _ANY_VALUE_KEYS:
        return False
    fields = [field for field, keys in META_FIELD_KEYS.items() if key in keys]
    return any(_has_shape(field, value) for field in fields) if fields else key == "主题分类"


def _is_stacked_field(key: str, value: str) -> bool:
    """A line naming only a metadata field (发布日期) with its value alone on the next line, as a portal's index
    block stacks them."""
    key_form, value_form = search_form(key).strip(), search_form(value).strip()
    return (
        _META_KEY_RE.fullmatch(key_form) is not None
        and len(value_form) <= _STACKED_VALUE_MAX_CHARS
        and _fits_field(key_form, value_form)
    )


def record_part(line: Line) -> Line | None:
    """The record a metadata line of page chrome states before the chrome (发布时间:2022年11月21日 … 来源:甲局 of a
    line ending in 浏览次数: or 文字大小): a date a question may ask for. None when the line states no date first."""
    form = aligned_form(line.text)
    chrome = min((m.start() for rx in _CHROME_RES if (m := rx.search(form)) is not None), default=len(form))
    kept = line.text[:chrome].rstrip(" |:：")
    if not is_meta_line(kept) or WRITTEN_DATE_RE.search(search_form(kept)) is None:
        return None
    return Line(line.start, line.start + len(kept), kept)


def is_chrome_line(text: str) -> bool:
    """A line of page chrome (navigation, print/close, pager, editor credit …)."""
    form = search_form(text).strip()
    if len(form.replace(" ", "")) > _CHROME_MAX_CHARS:
        return False
    return any(rx.search(form) for rx in _CHROME_RES)


def sort_lines(text: str, min_repeat_chars: int = 200) -> SortedLines:
    """Sort the lines of `text` into body and metadata, dropping chrome and repeated runs."""
    body: list[Line] = []
    meta: list[Line] = []
    removed = {"chrome": 0, "repeated": 0}
    lines = split_lines(text)
    stacked: set[int] = set()  # a field's name on its line and its value on the next (发布日期 / 2024-07-15)
    for k, (key, value) in enumerate(zip(lines, lines[1:])):
        if k - 1 not in stacked and _is_stacked_field(key.text, value.text):
            stacked.add(k)
    for k, line in enumerate(lines):
        if k - 1 in stacked:
            continue  # the value, kept with its field's name
        if k in stacked:
            meta.append(Line(line.start, lines[k + 1].end, text[line.start : lines[k + 1].end]))
        elif is_meta_line(line.text):
            meta.append(line)
        elif is_chrome_line(line.text):
            removed["chrome"] += 1
        else:
            body.append(line)
    kept = drop_repeated_runs(body, min_repeat_chars)
    removed["repeated"] = len(body) - len(kept)
    return SortedLines(tuple(kept), tuple(meta), removed)


def drop_repeated_runs(lines: list[Line], min_chars: int = 200) -> list[Line]:
    """Drop every run of consecutive lines that repeats an earlier run line for line.

    Short repeats are legitimate (the same 牵头单位 line under two clauses, the same indicator
    in a 2023 and a 2025 list); a run is dropped only when it holds at least `min_chars`
    characters and a line of 50 or more, which is what a page that repeats its own clauses has.

    Lines are scanned in order; at each line the longest earlier run it repeats (ending before
    it, starting at a line that was kept) is found, and dropped when it qualifies. The work is
    near-linear in the number of lines, also for pages of thousands of identical lines.
    """
    keys = [search_form(line.text) for line in lines]
    n = len(keys)
    need = _shortest_qualifying(keys, min_chars)
    signature = _window_signatures(keys, need)
    # Kept lines by the signature of the shortest run starting there that could qualify. Why not by
    # the line itself: a qualifying repeat of line i shares i's first need[i] lines, so an earlier
    # start with another signature can never be a match; and a line repeated thousands of times
    # (in runs too short to qualify) would otherwise be compared against every earlier copy.
    starts: dict[tuple[int, int], list[int]] = {}
    drop: set[int] = set()
    i = 0
    while i < n:
        best = 0
        if need[i]:
            for j in starts.get(signature[i], ()):
                if j + need[i] > i or keys[j : j + need[i]] != keys[i : i + need[i]]:
                    continue  # overlaps the line itself, or a hash collision
                size = need[i]
                while i + size < n and j + size < i and keys[j + size] == keys[i + size]:
                    size += 1
                best = max(best, size)
        if best:  # at least need[i] lines: enough characters and a long line, by construction
            drop.update(range(i, i + best))
            i += best
            continue
        if need[i]:
            starts.setdefault(signature[i], []).append(i)
        i += 1
    return [line for k, line in enumerate(lines) if k not in drop]


def _shortest_qualifying(keys: list[str], min_chars: int, long_line: int = 50) -> list[int]:
    """For each line, how many lines a repeated run starting there needs to be dropped (0: never).

    The run must reach `min_chars` characters and the next line of `long_line` or more characters;
    both only grow with the run, so the shortest such run is the longer of the two requirements.
    """
    n = len(keys)
    chars = [0]
    for key in keys:
        chars.append(chars[-1] + len(key))
    next_long = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_long[i] = i if len(keys[i]) >= long_line else next_long[i + 1]
    need = [0] * n
    end = 0  # the shortest run from i reaching min_chars ends at `end`; it never moves back as i grows
    for i in range(n):
        end = max(end, i + 1)
        while end <= n and chars[end] - chars[i] < min_chars:
            end += 1
        if end <= n and next_long[i] < n:
            need[i] = max(end, next_long[i] + 1) - i
    return need


_HASH_MOD = (1 << 61) - 1
_HASH_BASE = 1_000_003


def _window_signatures(keys: list[str], need: list[int]) -> list[tuple[int, int]]:
    """(length, rolling hash) of keys[i:i + need[i]] for every line, in O(1) each."""
    ids: dict[str, int] = {}
    prefix = [0]
    powers = [1]
    for key in keys:
        prefix.append((prefix[-1] * _HASH_BASE + ids.setdefault(key, len(ids) + 1)) % _HASH_MOD)
        powers.append(powers[-1] * _HASH_BASE % _HASH_MOD)
    return [(m, (prefix[i + m] - prefix[i] * powers[m]) % _HASH_MOD) for i, m in enumerate(need)]
