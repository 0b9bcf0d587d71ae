"""Undo hard line breaks: text laid out on a page (a PDF, or text copied out of one) breaks every
line at the page's width, so one sentence runs over several lines and a year, its indicator and
its figure can land in different clauses.

A line is a wrapped continuation when the line before it fills the width, does not end a sentence
and the line itself does not open a heading, a list item or a duty line. Plain text is unwrapped
only when it looks laid out (many lines of the same width); a web capture, one paragraph per
line, is left as it is.
"""

from __future__ import annotations

import collections
import re
import unicodedata

from assistant.ingest.headings import INLINE_ITEM_RE, is_duty_line, match_heading
from assistant.text.normalize import search_form
from assistant.text.patterns import HAN, HAN_RE

# A line ending in one of these ends its sentence or its heading, whatever its width.
_ENDS = tuple("。！？；：!?;:…」』”")
# A line opening with these starts an item of its own (—— target lines, bullets, numbered items).
_OPENS_ITEM_RE = re.compile(
    r"^\s*(?:——|—|[-•·●○■□◆▪*]\s|\d+[.、)）]|[（(]\d+[)）]|第[一二三四五六七八九十百]+[章节条部分])"
)
# How close to the full width a line must come to count as filled: a paragraph's first line is
# indented by two characters, and justified CJK lines may lose a character to a wider figure.
_FULL_SLACK = 3.0
# Laid-out text: at least this many lines of 20 or more character widths, this share of them
# within the slack of the most common width, and few much wider. Measured on the 40 real documents
# of corpus/ and eval/corpus-dev (web captures): none passes both (one excerpt has 6 of 9 long lines
# at one width, but 3 of 9 far wider); Chromium-printed seed text: 0.85 at the width, 0.05 wider
# (its running header and footer).
_MIN_LAID_OUT_LINES = 6
_MIN_LAID_OUT_SHARE = 0.5
_MIN_WIDTH = 20
_MAX_WIDER_SHARE = 0.15


_WIDE_DASHES = {"\u2e3a": 2.0, "\u2e3b": 3.0}  # the two- and three-em dashes PDFs print for —— and ———


def line_width(text: str) -> float:
    """Display width in CJK character cells: wide characters (and the ambiguous ones “”—…, which a
    Chinese font prints wide) count 1, narrow ones (digits, Latin) half."""
    return sum(_WIDE_DASHES.get(c) or (1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5) for c in text.strip())


def full_width(lines: list[str]) -> float | None:
    """The width of a filled line: the most common width among long lines, or None when few share it."""
    widths = [round(line_width(line)) for line in lines if line_width(line) >= _MIN_WIDTH]
    if len(widths) < _MIN_LAID_OUT_LINES:
        return None
    counts = collections.Counter(widths)
    # The widest width that many lines reach (a few over-long lines, such as a URL, do not count).
    frequent = [w for w, n in counts.items() if n >= max(2, len(widths) // 10)]
    if not frequent:
        return None
    common = max(frequent)
    near = sum(n for w, n in counts.items() if common - _FULL_SLACK <= w <= common + 0.5)
    # A printed page has no line much wider than its width (a header or an address line at most);
    # a web capture's paragraphs run to hundreds of characters.
    wider = sum(n for w, n in counts.items() if w > common + _FULL_SLACK)
    laid_out = near / len(widths) >= _MIN_LAID_OUT_SHARE and wider / len(widths) <= _MAX_WIDER_SHARE
    return float(common) if laid_out else None


def _starts_block(text: str) -> bool:
    form = search_form(text.strip())
    return bool(match_heading(form) or INLINE_ITEM_RE.match(form) or _OPENS_ITEM_RE.match(form) or is_duty_line(form))


def _ends_with_duty(text: str) -> bool:
    """A paragraph closed by its duty parenthetical: …。(牵头单位:市生态环境局)."""
    opening = max(text.rfind("("), text.rfind("（"))
    return text.endswith((")", "）")) and opening >= 0 and is_duty_line(search_form(text[opening:]))


def continues(paragraph: str, last_line: str, line: str, full: float) -> bool:
    """Whether `line` continues `paragraph`, whose last printed line `last_line` was broken off at the
    page width `full`."""
    last = paragraph.rstrip()
    return (
        bool(last)
        and bool(line.strip())
        and not last.endswith(_ENDS)
        and not _ends_with_duty(last)
        and line_width(last_line) >= full - _FULL_SLACK
        and not _starts_block(line)
    )


def glue(left: str, right: str) -> str:
    """Latin words keep a space between them; Chinese text joins without one."""
    left, right = left.rstrip(), right.strip()
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def join_wrapped(lines: list[str], full: float | None = None) -> list[str]:
    """`lines` with each wrapped continuation joined to the line before it. `full` is the width of a
    filled line (measured from the lines when not given); nothing is joined when there is none."""
    full = full if full is not None else full_width(lines)
    if full is None:
        return list(lines)
    out: list[str] = []
    for k, line in enumerate(lines):
        if out and continues(out[-1], lines[k - 1], line, full):
            out[-1] = glue(out[-1], line)
        else:
            out.append(line)
    return out


def furniture_key(line: str) -> str:
    """A line with its whitespace removed and numbers blanked: a page's running header or footer
    (a date, a page number) has the same key on every page."""
    return re.sub(r"\d+", "#", re.sub(r"\s", "", line))


def _furniture(lines: list[str]) -> set[str]:
    """Keys of running headers and footers in laid-out text copied without its pages: lines with a
    number, no sentence in them, repeated three times or more."""
    counts = collections.Counter(
        furniture_key(line) for line in lines if re.search(r"\d", line) and not re.search("[。；;]", line)
    )
    return {key for key, n in counts.items() if n >= 3}


# A line break a copy turned into a space inside a sentence (水质持续 改善): a single space between two
# Chinese characters of a prose line, which Chinese never writes there.
_WRAP_SPACE_RE = re.compile(f"(?<=[{HAN}]) (?=[{HAN}])")
_PROSE_RE = re.compile("[，,。；;]")  # a sentence's punctuation, which a row of table cells lacks
MIN_PROSE_HAN = 20  # Chinese characters of a prose line, below which nothing is closed
MIN_WRAP_RUN = 15  # characters a wrapped line holds at least: closer spaces part cells or words (贯通 内外联动)


def close_wrap_spaces(line: str) -> str:
    """A prose line with the spaces a copied line break left between two Chinese characters removed: each
    with a line's width of text on either side before the next space, never the close-set spaces of table
    cells, a slogan's words or an inline heading (（一）总体目标 经过…)."""
    if len(HAN_RE.findall(line)) < MIN_PROSE_HAN:
        return line
    spaces = [-1, *(m.start() for m in re.finditer(r"\s", line)), len(line)]
    wraps = {
        at
        for before, at, after in zip(spaces, spaces[1:], spaces[2:])
        if _WRAP_SPACE_RE.match(line, at)
        and at - before > MIN_WRAP_RUN
        and after - at > MIN_WRAP_RUN
        and _PROSE_RE.search(line, before + 1, after)  # a sentence runs across it, not a cell of names
    }
    return "".join(c for k, c in enumerate(line) if k not in wraps)


def _broken_off(line: str, following: str) -> bool:
    """Whether a prose line was broken off inside a sentence (…安全利用率 / 达到90%以上。…): it ends in a
    Chinese character, and the next line is prose going on with no heading or item of its own."""
    line, following = line.rstrip(), following.strip()
    return (
        len(HAN_RE.findall(line)) >= MIN_PROSE_HAN
        and bool(_PROSE_RE.search(line))
        and bool(HAN_RE.fullmatch(line[-1]))
        and bool(following)
        and bool(HAN_RE.fullmatch(following[0]))
        and bool(_PROSE_RE.search(following))
        and not _starts_block(following)
    )


def join_broken_sentences(lines: list[str]) -> list[str]:
    """`lines` of a web capture with a sentence a stray line break cut in two joined again (one paragraph
    per line otherwise, so the width tells nothing)."""
    out: list[str] = []
    for k, line in enumerate(lines):
        if out and _broken_off(lines[k - 1], line):
            out[-1] = glue(out[-1], line)
        else:
            out.append(line)
    return out


def unwrap_text(text: str) -> str:
    """`text` with hard line breaks inside its paragraphs (and running headers and footers between
    them) removed, when it looks laid out; else only sentences a stray break cut in two joined. Spaces
    a copied line break left inside a sentence go either way."""
    text = "\n".join(close_wrap_spaces(line) for line in text.split("\n"))
    lines = text.splitlines()
    full = full_width(lines)
    if full is None:
        joined = join_broken_sentences(lines)
        return text if joined == lines else "\n".join(joined) + ("\n" if text.endswith("\n") else "")
    furniture = _furniture(lines)
    body = [line for line in lines if furniture_key(line) not in furniture]
    return "\n".join(join_wrapped(body, full)) + ("\n" if text.endswith("\n") else "")
