"""Words of a question as jieba leaves them and as staff say them: a verb's character glued onto a noun (甲乙用),
a water body or island named by its place's name (甲湾 of 甲市), a place pointed at in speech, a measure described
in everyday words, and a second part pointing back at the first."""

from __future__ import annotations

import re
from types import ModuleType

from assistant.text.gazetteer import Place
from assistant.text.thesaurus import codes

# A question's second part pointing back at the figure its first part asked (…是多少,在这个基础上要降低多少): the
# words say nothing of what is asked.
BACK_REFERENCE_RE = re.compile(r"在(?:此|这|这个|该|上述)基础(?:之)?上")
# 甲市这边, 乙县那里: a place pointed at in speech names the place, nothing asked of it.
_PLACE_DEIXIS_RE = re.compile(r"这边|那边|这里|那里|这儿|那儿")
# 县域面积, 市域土地有多大: the region's whole area, which plans describing their place call 总面积.
_REGION_AREA_RE = re.compile(r"([省市县])域(?:土地|国土)?(?:(?:总)?面积|(?:一共|总共|共)?(?=有?多大(?:[？?吗呢啊]|$)))")
# 每生产一万元GDP: a measure per output, which plans write 万元GDP… or 单位GDP…; the verb names nothing asked.
_PER_OUTPUT_RE = re.compile(r"每(?:产出|实现|生产|产生)出?一?万元")
# Days of air quality said 好: the days plans count by its good grades (优良天数); 好 is the everyday word for them.
_GOOD_AIR_DAYS_RE = re.compile(r"(空气(?:质量)?)(?:比较|较)?好的?(?=天数)")
# 处理过的污水再利用, 污水处理后重新用的水: reclaimed water, which plans call 再生水.
_RECLAIMED_WATER_RE = re.compile(
    r"(?:处理(?:过|后|完)?的?(?:污水|废水)|(?:污水|废水)经?处理(?:过|后|完)?(?:的水)?)[，,]?(?:能|可以|可)?"
    r"(?:再|重新|循环)[^排，,。？?]{0,3}?(?:利用|使用|回用|用)(?:的水)?"
)
# Suffixes of a bay, port, lake or island named after a place (甲湾, 乙湖).
_FEATURE_SUFFIXES = "湾港湖岛"
# Characters of a verb or its complement jieba glues onto the noun before them (甲乙用 of 当甲乙用掉).
_GLUED_VERB_CHARS = "用掉了过着"


def features_named(form: str, found: list[tuple[int, int, Place]], jieba: ModuleType) -> tuple[str, ...]:
    """甲湾, 乙湖: a place's short name with a water body's or an island's suffix names that feature, an asked
    thing of its own (the place itself is still asked) — unless the suffix opens a word (浙江湖泊, 海口港口)."""
    words_at = {start: word for word, start, _ in jieba.tokenize(form)}
    return tuple(
        form[s : e + 1]
        for s, e, p in found
        if form[s:e] == p.short and form[e : e + 1] in _FEATURE_SUFFIXES and len(words_at.get(e, "")) <= 1
    )


def place_deixis(form: str, found: list[tuple[int, int, Place]]) -> list[tuple[int, int]]:
    """Spans of 这边/那里 right after a named place (甲省这边): spoken pointing at the place, no asked word."""
    spans = []
    for _, end, _ in found:
        m = _PLACE_DEIXIS_RE.match(form, end)
        if m:
            spans.append(m.span())
    return spans


def measure_words(form: str) -> str:
    """A question's everyday description of a measure in the words plans use: a region's area (县域面积) as 总面积 (a
    plan describing its place), a measure per output (每生产一万元GDP) as one per 万元GDP, days of air quality
    said 好 as 优良天数, treated sewage used again as 再生水利用."""
    form = _RECLAIMED_WATER_RE.sub("再生水利用", _GOOD_AIR_DAYS_RE.sub(r"\1优良", form))
    return _PER_OUTPUT_RE.sub("万元", _REGION_AREA_RE.sub(r"\1总面积", form))


def names_another_feature(features: tuple[str, ...], text: str) -> bool:
    """Whether a sentence speaks of another feature of an asked one's kind (乙湾 for 甲湾 asked): it names no asked
    feature and holds the suffix of one (a sentence of the whole region that names no bay still may answer)."""
    return bool(features) and not any(f in text for f in features) and any(f[-1] in text for f in features)


def unglued(word: str) -> str:
    """A word without the character of a verb or complement glued on, when general Chinese knows the rest as a
    word and not the whole (甲乙用 -> 甲乙; 利用 stays)."""
    if len(word) >= 3 and word[-1] in _GLUED_VERB_CHARS and codes(word[:-1]) and not codes(word):
        return word[:-1]
    return word
