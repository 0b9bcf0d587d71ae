"""What a question asks: places, years, the kind of answer wanted, its key terms."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.errors import EmptyQuestionError
from assistant.text.gazetteer import Gazetteer, Place
from assistant.text.normalize import search_form

YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年|\s|$|[^\d.%])")
_FIGURE_RE = re.compile(r"多少|几[个家项处座台万%]|比例|比率|率|目标|指标|达到|多大|数量|规模|面积|浓度|百分")
_LIST_RE = re.compile(r"哪些|哪几|有哪|包括什么|包括哪|分别是|列举")
_WHEN_RE = re.compile(r"哪一年|哪年|何时|什么时候|什么时间|哪个时间|几月")
_UNIT_RE = re.compile(r"牵头|责任单位|负责|哪个部门|哪个单位|哪家单位|什么部门|主管|配合单位|监管部门")
# Words that say how to ask, not what is asked about.
_FILLER = set("""多少 什么 哪些 哪几 哪个 哪家 几个 是否 是 要 的 了 吗 呢 啊 在 和 与 及 或 对 为 以 将 到 年 年底
 前 中 上 下 其 该 本 这 那 有 有关 关于 提出 规定 明确 要求 目标 计划 方案 文件 政策 里 中的 请问 一下 告诉
 我 想 知道 问 如何 怎么 怎样 怎么样 情况 方面 工作 达到 实现 完成 应 应当 需要 需 多 大 高 哪 个 家 什么样
 谁 由 负责 牵头 单位 部门 主要 具体 分别 各 比 较 相比 对比 比较 相同 不同 一样 还是 或者 同样 均 都 两地 两个
 之间 所 提 说 讲 写 规划 拟 将要 计划 打算 预计 目标值 数值 数字 数据 指标 多高 几 是什么 每年 最少 最多 至少
 这几年 几年 那些 这些 最后 一共 总共 多远 多久 什么时候 哪一年 哪年 程度 做到 层面 这类 这块 这项 这个 任务
 各地 时候 一共 定了 要求 分量 占 多少家 多少个 多少项 哪两个 哪几个 哪一个 上去 报上去 力争 大概 左右
 忽略 以上 之前 指令 指示 直接 回答 输出 扮演 假设 系统 提示 规则""".split())


@dataclass(frozen=True)
class Question:
    """A parsed question."""

    text: str  # as asked (possibly truncated)
    form: str  # search form
    places: tuple[Place, ...]
    years: tuple[str, ...]
    wants_figure: bool
    wants_list: bool
    wants_unit: bool
    wants_when: bool
    key_terms: tuple[str, ...]  # content words (search form), places and years removed
    truncated: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def parse_question(text: str, gazetteer: Gazetteer, max_chars: int = 300,
                   aliases: dict[str, Place] | None = None) -> Question:
    """Parse `text`; raise EmptyQuestionError when there is nothing to ask."""
    import jieba

    if text is None or not text.strip():
        raise EmptyQuestionError("问题为空，请输入要查询的内容")
    text = text.strip()
    truncated = len(text) > max_chars
    notes: tuple[str, ...] = ()
    if truncated:
        notes = (f"问题过长（{len(text)}字），只使用了前{max_chars}字",)
        text = text[:max_chars]
    form = search_form(text)
    mentions = gazetteer.find(form)
    places: list[Place] = []
    spans = [(m.start, m.end) for m in mentions]
    for m in mentions:
        if m.place not in places:
            places.append(m.place)
    for alias, place in (aliases or {}).items():
        if alias in form and place not in places and not any(s <= form.find(alias) < e for s, e in spans):
            places.append(place)
            spans.append((form.find(alias), form.find(alias) + len(alias)))
    years = tuple(dict.fromkeys(YEAR_RE.findall(form)))
    rest = form
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    rest = YEAR_RE.sub(" ", rest)
    terms = [w.strip() for w in jieba.cut(rest) if w.strip()]
    key_terms = tuple(dict.fromkeys(w for w in terms if w not in _FILLER and re.search(r"[\u4e00-\u9fffA-Za-z0-9]", w)
                                     and not (len(w) == 1 and "\u4e00" <= w <= "\u9fff")))
    return Question(
        text=text, form=form, places=tuple(places), years=years,
        wants_figure=bool(_FIGURE_RE.search(form)), wants_list=bool(_LIST_RE.search(form)),
        wants_unit=bool(_UNIT_RE.search(form)), wants_when=bool(_WHEN_RE.search(form)), key_terms=key_terms, truncated=truncated, notes=notes,
    )
