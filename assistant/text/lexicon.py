"""Phrase lists the pipeline decides with, kept as data in one place, each with why it exists.

Nothing here is tuned to particular evaluation questions: a list holds a closed class of words
(question words, particles, measure words …) or the fixed vocabulary of Chinese official
documents (metadata keys, duty roles).
"""

from __future__ import annotations

import re


def words(text: str) -> tuple[str, ...]:
    """A list of words written as the documents write them, separated by spaces."""
    return tuple(text.split())


# -- official-document vocabulary

# Keys of the metadata table a government web page puts above a document (索引号 | 文号 | …).
META_KEYS = (
    "索引号",
    "主题分类",
    "发文机关",
    "发布机构",
    "制发机关",
    "发布机关",
    "成文日期",
    "发文日期",
    "颁布日期",  # a law database's capture: 颁布单位 | 文号 | 颁布日期 | 失效日期 | 效力级别
    "颁布单位",
    "发布日期",
    "发布时间",
    "公开日期",  # a 政府信息公开 portal's field: when the page made it public
    "文号",
    "发文字号",
    "文件编号",  # a city portal's name for the 文号 (文件编号:甲政字〔2016〕56号)
    "效力状态",
    "文件状态",
    "是否有效",
    "有效性",
    "责任部门",
    "名称",
    "标题",
    "来源",
    "作者",
    "浏览次数",
    "访问量",
)
# The fields of the metadata table, each with the keys portals name it by.
META_FIELD_KEYS = {
    "title": ("名称", "标题"),
    "issuer": ("发文机关", "制发机关", "颁布单位"),
    # Who a portal says published the page (often its own office): the issuer only when the text names none.
    "publisher": ("发布机构", "发布机关", "来源", "责任部门"),
    "written_date": ("成文日期", "发文日期", "颁布日期"),
    "published_date": ("发布日期", "发布时间", "公开日期"),
    "doc_number": ("文号", "发文字号", "文件编号"),
    "index_number": ("索引号",),
    # Whether the document is in force (有效性: 失效; 是否有效: 否).
    "validity": ("效力状态", "文件状态", "有效性", "是否有效"),
}
# Metadata a question can ask for and the 文件信息 chunk answers.
ASKED_META_KEYS = words("文号 文件编号 成文日期 发布日期 发布时间 索引号 发布机构 制发机关")
# The record fields of GB/T 9704 (党政机关公文格式) a question may ask of a document, by the words
# that name them; a date or an issuer is also asked as "when / who" + an issuing verb.
RECORD_FIELD_WORDS = {
    "doc_number": ("发文字号", "文号", "文件编号"),
    "written_date": ("成文日期", "发文日期", "签发日期", "颁布日期"),
    "published_date": ("发布日期", "发布时间", "公布日期", "公开日期"),
    "issuer": ("发文机关", "印发机关", "发布机关", "制发机关", "发布机构", "颁布单位", "发布单位", "印发单位"),
}
# Words naming how long a plan runs (a plan states 规划期限为…; 规划期 is its everyday short form).
PLAN_TERM_WORDS = words("规划期限 规划年限 规划期 实施年限 执行期限 执行期 行动期限 方案期")
ISSUING_VERBS = words("印发 发布 成文 出台 下发 公布 签发")
DRAFTING_VERBS = words("编制 制定 起草")  # who drew a document up (not always who issued it)
# Words saying a plan follows or cites another document (根据《…》, 依据的…, 贯彻落实…): general Chinese, a closed class.
CITING_WORDS = words("根据 依据 按照 遵照 参照 贯彻 落实")
# Words asking why a plan was made (为什么制定…): general Chinese, a closed class.
PURPOSE_WORDS = words("为什么 为何 目的 背景 出发点 初衷")
# Words asking how things stand now (目前有多少…): general Chinese, a closed class.
NOW_WORDS = words("目前 现在 现有 当前 如今 眼下")
WHEN_WORDS = words("哪天 哪一天 何时 什么时候 什么时间 日期 几月几日 几号")
# Who: each question word of a body (哪个, 哪些 …) with each kind of body, and 谁.
_BODY_QUESTION_WORDS = words("哪个 哪些 哪几个 哪家 什么")
WHO_WORDS = (*(f"{q}{body}" for q in _BODY_QUESTION_WORDS for body in words("部门 单位 机关")), "谁")
# How many bodies (几个部门): answered by the sentence naming them.
HOW_MANY_BODIES = tuple(f"几个{body}" for body in words("部门 单位 机关"))
# Roles named after a task: who leads or is responsible (the answer to 牵头单位 questions) …
RESPONSIBLE_ROLES = ("牵头单位", "责任单位", "牵头部门", "责任部门", "监管部门")
# … and the other duty-line labels that belong to the clause above them.
DEADLINE_LABELS = ("完成时限", "完成时间")
OTHER_DUTY_LABELS = ("配合单位", "配合部门", *DEADLINE_LABELS)
# Column titles of the tables plans state their indicators in (指标 | 单位 | 2020年 | 2025年 | 属性),
# by which a table flattened one cell per line is recognised (ingest/tables.py); duty labels head
# columns too.
COLUMN_TITLES = (
    (
        "指标",
        "指标名称",
        "项目",
        "序号",
        "名称",
        "领域",
        "类型",
        "属性",
        "指标属性",
        "性质",
        "指标性质",
        "单位",
        "计量单位",
        "基期值",
        "目标值",
        "规划值",
        "预期值",
        "备注",
    )
    + RESPONSIBLE_ROLES
    + OTHER_DUTY_LABELS
)
UNIT_COLUMN_TITLES = ("单位", "计量单位")
VALUE_COLUMN_TITLES = ("基期值", "目标值", "规划值", "预期值")
ROW_NUMBER_TITLES = ("序号",)
# Titles of the column that names a table's rows (类别 | 序号 | 指标名称 | 2020年: the row is 指标名称's).
NAME_COLUMN_TITLES = ("指标名称", "指标", "名称", "项目")
# Endings of a document title (a line ending so, near the top, is the title).
TITLE_ENDINGS = words("方案 预案 意见 通知 规划 计划 办法 细则 决定 要点 纲要 条例 规定 报告 公告 通报 措施")
# Endings of an issuing body's name (中心: a public institution, 甲市园林事业发展中心, signs and drafts too).
ISSUER_ENDINGS = words("人民政府 行政公署 办公室 办公厅 委员会 领导小组 中心 局 厅 委")

# -- what a question asks for (cue words, matched on the question's search form)

# A figure asked: a quantity (多少, 比例 …), or a target (目标, 指标, 达到), which may be stated in words
# (地级城市全覆盖) rather than as a number. 率先 is not a rate.
# 多大范围 asks how far something reaches (全覆盖, 全市), which a clause may say without a number.
QUANTITY_CUES = words("多少 几成 比例 比率 比重 占比 率(?!先) 多大(?!的?范围) 数量 规模 面积 浓度 百分")
FIGURE_CUES = QUANTITY_CUES + ("目标", "指标", "达到")
LIST_CUES = words("哪些 哪几 有哪 包括什么 包括哪 分别是 列举")
HOW_CUES = ("怎么", "如何", "怎样")  # what is done about something (怎么加强…), answered by a clause's measures
WHEN_CUES = words("哪一年 哪年 哪一天 哪天 何时 什么时候 什么时间 哪个时间 几月 时限")
RESPONSIBLE_CUES = words(
    "牵头 责任单位 负责 哪个部门 哪个单位 哪家单位 什么部门 主管 配合单位 监管部门 哪些部门 哪些单位 什么单位 谁负责 谁牵头"
)

# What a plan does about something (措施, 任务 …): a list question asking these is answered with the items
# under the heading it names, not with the names a sentence lists (哪几个湖 is answered by a sentence).
MEASURE_NOUNS = words("措施 举措 任务 工作 行动 工程 方面 内容 重点 办法 手段 途径 做法 安排 抓手")

# Verbs and prepositions a plan opens a list of what it does with (推进甲、乙等工程, 以甲、乙等行业为重点): not
# part of the first item.
LIST_OPENING_VERBS = words(
    "实施 推进 推动 开展 加强 加快 抓好 做好 做到 落实 围绕 聚焦 突出 统筹 采取 通过 完成 打造 解决"
)
LIST_OPENING_PREPOSITIONS = "以对把将"

# -- words that say how something is asked, not what is asked about (never key terms)

QUESTION_WORDS = words(
    "多少 几成 什么 什么样 是什么 哪 哪些 哪几 哪个 哪家 哪一年 哪年 哪一天 哪天 几 几年 谁 如何 怎么 怎样 怎么样 是否 还是 什么时候 时候"
)
PARTICLES = words("的 了 吗 呢 啊 吧 所 之 其 该 本")
FUNCTION_WORDS = words(
    "在 和 与 及 或 或者 对 为 以 将 到 由 里 中 中的 上 下 前 之间 有关 关于 比 较 都 均 各 各自 分别 同样 以上 以下 之前 以前 以后 之后"
)
# 知道 only asks in a request (我想知道, 你知道…吗: see question.py); said of people (居民知道…) it is what is measured.
REQUEST_WORDS = words("请问 一下 告诉 我 想 问 说 讲 写 提")
# Verbs of stating, planning and reaching, which every target sentence has.
LIGHT_VERBS = words(
    "是 有 要 应 应当 需 需要 达到 得到 实现 完成 做到 提出 明确 规定 要求 打算 计划 拟 将要 预计 力争 负责 牵头 占"
)
# Words that name the document or the kind of figure rather than the indicator.
GENERIC_NOUNS = words(
    "目标 目标值 指标 任务 计划 方案 规划 文件 政策 情况 方面 工作 数值 数字 数据 程度 单位 部门 年 年底 每年 两地 各地"
)
COMPARISON_WORDS = words("相比 对比 比较 相同 不同 一样 主要 具体")
# Quantity words of a question (at least, at most, in total, roughly).
QUANTIFIERS = words("最少 最多 至少 一共 总共 大概 左右 最后 多 大 高")

# The verbs and prepositions a document states a figure with (稳定保持在, 不低于, 达到, 为 …), longest first:
# the indicator extractor cuts them off the end of a name (森林覆盖率达到 -> 森林覆盖率).
STATEMENT_COMPARATORS = words(
    "稳定保持在 稳定保持 持续保持在 持续控制在 控制在 稳定在 保持在 维持在 提高到 提升到 上升到 降低到 降到 下降到 减少到 增加到 增长到 "
    "提高至 提升至 上升至 降低至 下降至 减少至 增加至 增长至 降至 减至 升至 增至 减低 "
    "不得超过 不能超过 不得低于 不低于 不少于 不超过 不高于 不大于 低于 高于 ≥ ≤ "
    "超过 突破 接近 达到 到达 达 保持 提高 提升 上升 降低 下降 减少 削减 增加 增长 控制 稳定 为 在 至 到 占 "
)
# The comparators that state a change (下降20%), not a level reached (下降到, 控制在).
CHANGE_VERBS = words("削减 下降 降低 减少 减低 增加 增长 提高 提升 上升")
# How a figure is stated (达到 / 不低于 / 削减 …) and how a question compares figures: an indicator's
# statement carries these around its name, so they never tell indicators apart. A question's list, not
# STATEMENT_COMPARATORS: it holds what staff say (少于, 以内) and leaves out what only documents write (为, 在).
COMPARATOR_WORDS = (
    "达到",
    "达",
    "不低于",
    "低于",
    "不少于",
    "少于",
    "不超过",
    "超过",
    "高于",
    "不高于",
    "控制",
    "控制在",
    "保持",
    "稳定",
    "稳定在",
    "提高",
    "提高到",
    "提升",
    "降低",
    "降到",
    "下降",
    "减少",
    "削减",
    "增加",
    "增长",
    "突破",
    "接近",
    "以内",
    "以上",
    "以下",
    "左右",
    "累计",
    "共",
    "各是",
    "各",
    "更高",
    "更低",
    "同比",
    "环比",
    "哪个",
    "多出",
    "少",
    "多少",
    "要到",
    "定",
    "定的",
    "设定",
    "规定",
    "要求",
    "力争",
    "确保",
    "争取",
    # verbs of reaching a value, which say how much, never what (压到, 降至 …)
    "降至",
    "下降到",
    "降低到",
    "减少到",
    "压到",
    "压降到",
    "压减到",
    "提高至",
    "提升至",
    "提升到",
    "增加到",
    "达到了",
)
FILLER_WORDS = frozenset(
    QUESTION_WORDS
    + PARTICLES
    + FUNCTION_WORDS
    + REQUEST_WORDS
    + LIGHT_VERBS
    + GENERIC_NOUNS
    + COMPARISON_WORDS
    + QUANTIFIERS
)
# Measure words (个 家 项 …): with a demonstrative or question word before them (这个, 那些, 哪几个,
# 这块, 每年 …), or a question's 多+adjective (多远, 多久), a word only points at what is asked.
MEASURE_WORDS = "个些块项类种样家处条份座台年次"
_NUMERAL = "一二两三四五六七八九十几"
FILLER_SHAPE_RE = re.compile(
    rf"^(?:[这那哪每各该本此][{_NUMERAL}]?[{MEASURE_WORDS}]?|几[{MEASURE_WORDS}]|"
    rf"多少[{MEASURE_WORDS}]?|[{_NUMERAL}]?[{MEASURE_WORDS}]|多[远久高大长宽深重少]|"
    # 甲、乙两市 / 两地: points back at the places just named (两区 is left: a term of farmland policy).
    r"两[市县省地镇乡])$"
)


# Reduplicated descriptive adjectives (光秃秃, 绿油油): how a staff member pictures a thing, never a
# word of an indicator's name.
_REDUPLICATED_RE = re.compile(r"^.(.)\1$")


# Words that only name the kind of quantity asked (a question of just 这个比例 asks nothing yet).
KIND_WORDS = words("大面积 面积 数量 数目 总数 比例 比率 占比 比重 百分比 浓度 长度 规模")
# Where an indicator applies: a figure set for 县城 does not answer a question about 农村.
SCOPE_WORDS = words("中心城市 县级城市 县城 城市 城镇 城区 建成区 城乡 农村 农区 乡镇 行政村 村庄")
# Scopes that name the same kind of place (a city's 城区 is its 建成区; a 县级城市 is a 县城): a figure of one
# answers a question about another. 城镇, 城乡 and 乡镇 take in more than one kind, so each stands alone.
SCOPE_FAMILIES = (words("中心城市 城市 城区 建成区"), words("县级城市 县城"), words("农村 农区 行政村 村庄"))
# The parts of a region a sentence may speak of instead of the whole (西部, 山区, 城区; the whole: below).
REGION_PART_WORDS = words("东部 西部 南部 北部 中部 东南部 东北部 西南部 西北部 山区 库区 湖区 城区 市区 县城")
# Grades of one scale, best first (an air quality index's 优良, then 轻度 … 严重 污染): a figure set for one grade is
# never that of another, though a grade 及以上 takes in the graver ones.
SEVERITY_GRADES = words("优良 轻度 中度 重度 严重")
# Which level assesses or monitors a water section (国考断面, 省控断面): a figure of one level's sections (市考以上,
# which take in all levels' sections) is not another's.
ASSESSMENT_LEVELS = tuple(words(group) for group in ("国考 国控", "省考 省控", "市考 市控", "县考 县控"))
# Sources of electric power, each with its other names (光伏 is solar power): a capacity of one is never another's.
POWER_SOURCES = tuple(
    words(group) for group in ("风电 风能", "太阳能 光伏", "水电", "抽水蓄能", "核电", "生物质", "火电 煤电", "地热")
)
# Categories a name may negate (非化石能源), with their members: energy other than coal, oil and gas is what
# 非化石 names, so a question may describe it by the members it leaves out (煤炭、石油以外的能源). Plans write 非石化
# for it too.
_FOSSIL_FUELS = words("煤炭 原煤 石油 天然气")
NEGATED_CATEGORIES = {"化石": _FOSSIL_FUELS, "石化": _FOSSIL_FUELS}
# Scopes below the county level: a figure of a level and those above it (县级及以上) is not theirs.
BELOW_COUNTY_SCOPES = words("乡镇 行政村 村庄 农村 农区")
# Housing estates of a town (居民小区): a place of application no village is, though no scope word names it.
URBAN_DWELLING_WORDS = words("小区")
# Parts of the year a figure may be set for (a heating season's average is no year's), each group one part, the
# non-heating season apart from the heating one.
YEAR_PARTS = tuple(
    words(group)
    for group in (
        "春季",
        "夏季",
        "秋季",
        "冬季",
        "汛期 主汛期",
        "非汛期",
        "枯水期",
        "丰水期",
        "采暖期 供暖期 采暖季 供暖季",
        "非采暖期 非供暖期 非采暖季 非供暖季",
    )
)
# Headings that look back (（一）实施成效, 发展基础): their figures are what a plan found, not what it sets.
REVIEW_HEADING_WORDS = words("成效 成就 回顾 进展 现状 发展基础 工作基础")
# Headings describing the place as it is (1.1 自然环境, 一、基本情况): their figures are facts, not targets.
DESCRIPTION_HEADING_WORDS = words("基本情况 概况 自然环境 自然条件 自然地理 地理位置 气候特征 气候条件 水文特征")
# A heading on how things stood when a plan was written (一、发展基础与面临形势, 一、现实基础, 一、现状与分析) — not a
# task to lay foundations (夯实…基础) or to survey a state (摸清…现状): its figures of no year are that state.
STATE_HEADING_RE = re.compile(
    r"(?<!夯实)(?<!筑牢)(?<!打牢)(?<!巩固)(?<!奠定)(?:建设|发展|工作|现实)基础(?:与|和|及|$)"
    r"|(?:^|、|[)）\s])(?:发展|环境|环境质量|生态环境|基本)?现状(?:与|和|及|$)"
)


def is_filler(word: str) -> bool:
    """Whether a question word only says how something is asked (not a key term)."""
    return word in FILLER_WORDS or bool(FILLER_SHAPE_RE.match(word) or _REDUPLICATED_RE.match(word))


# Han characters too common to discriminate in BM25 (particles and prepositions).
BM25_STOP_CHARS = frozenset("的了和与及等是在对为以将把被从到于并或其之也都而")


# -- Units and measure words, as the documents write them after a figure ---------------------------
# Things counted (5个, 3家, 200株 …): a count's unit.
COUNT_MEASURE_WORDS = "个家处座辆台套项条所户人名件种株棵批只头片块宗支"
# With 多少 / 几 before it, a question asks a number of things (多少座, 几批). Not 人 / 名 / 株 …, which a
# question uses for people and plants more than for a target's unit; 头 of livestock (多少头) is a count, and a cut in
# head (削减多少头) still a change (retrieval/asked_quantity).
ASKED_COUNT_MEASURES = "个家处座辆台套项条所户件种批片头"
# A bare 几 before these asks a figure (几个, 几家); 哪几种 / 哪几条 / 前几名 ask which ones, so those are not cues.
FIGURE_COUNT_MEASURES = "个家项处座台"
# A counted object that belongs to a figure's name (新建5座污水处理厂 -> 新建污水处理厂 5座): facilities and
# projects, not people or plants, which a sentence counts in passing (培育100名…).
COUNTED_OBJECT_MEASURES = "个家处座条项所批套台辆"
# Measure words general Chinese counts the same things with (一辆车, 一台车): a count in one answers the other.
ALIKE_MEASURES = ("辆台",)
# The units of each kind of figure a question may ask (a rate asked is never answered by a count).
UNIT_KINDS: dict[str, tuple[str, ...]] = {
    "percent": ("%", "‰", "个百分点"),
    # Plans copied from technical reports write SI symbols (陆域面积1349.93km2, 湿地总面积1442900.33hm2).
    "area": ("亩", "公顷", "平方公里", "平方千米", "平方米", "km2", "hm2", "m2"),
    "length": ("公里", "千米", "米", "毫米", "厘米", "km", "mm"),
    "concentration": (
        "微克/立方米",
        "毫克/立方米",
        "毫克/升",
        "毫克/千克",
        "克/千克",
        "mg/L",
        "mg/kg",
        "g/kg",
        "μg/m3",
        "mg/m3",
    ),
    "mass": ("吨", "公吨", "公斤", "千克", "吨标煤"),
    "count": tuple(COUNT_MEASURE_WORDS),
    "money": ("元", "美元"),
    "days": ("天",),
    "noise": ("分贝",),  # a sound level (区域环境噪声平均值52.8分贝)
    "volume": ("立方米", "m3"),
    "capacity": ("瓦", "兆瓦"),  # installed power (装机4260万千瓦, read as 瓦 once 万千 is taken off): no share
    "livestock": ("猪当量",),  # how livestock plans count animals of every kind (16.3万猪当量)
}


def bare_unit(unit: str) -> str:
    """A unit without the multiplier before it (万亩 -> 亩, 亿立方米 -> 立方米): what it measures, not how many."""
    return unit.lstrip("万亿千百")


def unit_first_parts(units: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The first parts of units per another (微克 of 微克/立方米), of two characters at least: how staff may ask in
    them."""
    return tuple(dict.fromkeys(p for u in units if "/" in u and len(p := u.split("/")[0]) > 1))


# Every unit the indicator extractor reads after a number: the kinds' units and the rest (flows,
# capacities, energy, multiples, durations, occurrences), longest first so 万吨/天 is not read as 万吨.
FIGURE_UNITS = tuple(
    sorted(
        dict.fromkeys(
            [
                *(u for units in UNIT_KINDS.values() for u in units),
                *("立方米/秒", "万吨/天", "吨/天", "蒸吨/小时", "蒸吨", "千瓦时", "千瓦"),
                *("倍", "小时", "次", "起"),
            ]
        ),
        key=len,
        reverse=True,
    )
)

# -- Pollutants, by name and by code ------------------------------------------------------------------
# Plans write a pollutant's name with its code in brackets (细颗粒物(PM2.5)) and then either alone; staff
# ask by either. Built in for every corpus (the corpus folder's synonyms.tsv adds its own groups). CO is
# left out: it stands inside COD.
POLLUTANT_NAMES = (
    ("细颗粒物", "PM2.5"),
    ("可吸入颗粒物", "PM10"),
    ("二氧化硫", "SO2"),
    ("二氧化氮", "NO2"),
    ("氮氧化物", "NOx"),
    ("臭氧", "O3"),
    ("氨氮", "NH3-N"),
    ("挥发性有机物", "VOCs"),
    ("化学需氧量", "COD"),
    ("生化需氧量", "BOD"),
)
POLLUTANT_WORDS = tuple(name for group in POLLUTANT_NAMES for name in group)  # every name and code, one list
# Where a pollutant is measured: general knowledge, so a question placing it there (the air's PM10, a water
# body's 氨氮) names no other indicator. Each entry: the words for the medium, then its pollutants' names and codes.
POLLUTANT_MEDIA = (
    (
        ("空气", "大气"),
        (
            "细颗粒物",
            "PM2.5",
            "可吸入颗粒物",
            "PM10",
            "颗粒物",
            "二氧化硫",
            "SO2",
            "二氧化氮",
            "NO2",
            "氮氧化物",
            "臭氧",
            "O3",
            "重污染",  # heavy pollution days and weather: air quality's worst grades
            "优良天数",  # days of good air: air quality's best grades (空气质量优良天数比率)
            "烟尘",
        ),
    ),
    (("水体",), ("化学需氧量", "COD", "生化需氧量", "BOD", "氨氮", "NH3-N")),
)
# The media an environment is measured in, by the words naming each (air's pollutants too, see POLLUTANT_MEDIA):
# a word naming one (水质, 断面) never asks a figure of another (空气质量优良天数比例). General usage.
MEDIUM_WORDS = (
    ("空气", "大气", *POLLUTANT_MEDIA[0][1]),
    ("水质", "水体", "水环境", "地表水", "地下水", "断面", "饮用水", "河流", "湖泊", *POLLUTANT_MEDIA[1][1]),
    ("土壤",),
)
# Economic measures plans write by name or by code (万元GDP用水量, 万元国内生产总值用水量, 单位地区生产总值能耗).
ECONOMIC_CODE_NAMES = (("国内生产总值", "地区生产总值", "生产总值", "GDP"),)  # 生产总值 said alone too
# A measure's full and short names in general usage (plans write 植被覆盖度 and 植被盖度 for one figure; 空气质量优良率
# for the share of good days), and the words for a share, which plans use for one another.
SHORTENED_MEASURES = (("覆盖度", "盖度"), ("优良天数比率", "优良率"), ("比例", "比率", "占比", "比重"))
# Characters of the chemical elements a pollutant's name is built from (二氧化硫, 氮氧化物, 总磷, 铅, 汞): a word
# holding one names a substance, which no other substance's figure answers. Metals that also stand in
# everyday words (钢铁, 铁路, 无锡, 铝材) are left out.
ELEMENT_CHARS = "氢碳氮氧氟磷硫氯砷硒镉锑汞铅铬"
# Dust plans count as a pollutant of its own (烟尘 from chimneys; 烟(粉)尘 written for it and 粉尘), though its
# name holds no element's character. 粉尘 alone is also everyday speech for any fine dust, particles included.
DUST_WORDS = words("烟尘 烟粉尘")


# -- Which way a quality points ----------------------------------------------------------------------------
# Characters that say a state is good or bad (水质优良 / 水质极差, 优于三类 / 劣五类): an indicator of the one
# never answers a question about the other. General Chinese, a closed class.
GOOD_CHARS = "好优良"
BAD_CHARS = "差劣坏"
# Words of a bad state written without a quality character: severe pollution (重污染, 重度及以上污染), and waters
# black and foul-smelling (黑臭水体).
SEVERE_WORDS = words("重污染 重度 黑臭")


# -- Where a figure applies ---------------------------------------------------------------------------
# The whole of the plan's own region (全市森林覆盖率): it restates where every row applies, so it opens a
# name without being part of it and never tells indicators apart.
# 我市, 我省 …: how a plan names its own region, as a whole (我国 is the country's, not the plan's).
WHOLE_REGION_WORDS = words("全市 全州 全区 全省 全县 全盟 全地区 全国 我市 我州 我区 我省 我县 我盟")


# -- How a figure is stated (the indicator extractor) --------------------------------------------------
# Words after a figure that qualify it (30%以上, 50公里左右, 3000余): kept with the figure, never its name.
FIGURE_QUALIFIERS = words("以上 以下 及以上 及以下 以内 左右 之内 多 余")
# Adverbs between a name and its comparator (分别达到, 稳定保持在, 累计完成): dropped from the name's end.
STATEMENT_ADVERBS = words(
    "分别 均 持续 稳定 稳步 逐步 逐年 力争 基本 全部 要 将 累计 确保 争取 每年 至少 总计 共 共计 合计 同比 约 近 预计 全面 大幅 显著 明显"
)
# 建成9个综合性煤炭产业园: verbs of building or doing before a count of things, which then name the figure with it;
# a whole divided into counts (分为27项甲指标,5项乙指标) names each by what it counts alone (涵盖, 包括 are left out:
# 包括3个方面 counts no thing a plan sets).
CONSISTING_VERBS = words("分为")
COUNT_VERBS = (
    words("建成 建设 创建 新建 打造 培育 完成 实施 整治 改造 新增 打通 推广 命名 淘汰 取缔 建立") + CONSISTING_VERBS
)
# A second count joined to the first shares its verb (建成12个站点和3个超级站).
COUNT_JOINS = ("和", "及", "以及", "、")


# -- What a question's words restate -------------------------------------------------------------------
# Words that restate what every indicator row is (目标, 标准 …) or where it applies (全市, 本市 …): they
# never tell two indicators apart, so matching ignores them.
ROW_RESTATING_WORDS = (
    *WHOLE_REGION_WORDS,
    *("市里", "州里", "区里", "本市", "当地", "地区"),
    *("要求", "目标", "达标", "标准", "水平", "底线", "下限"),
    *("截止", "期间", "年底", "年末"),
)
# Characters jieba leaves on a question word (率要, 新能源车到) that are not part of what is asked.
LOOSE_CHARS = "要的了到是将把被在能得有"
# A locative after a thing, as people say it (林地里, 水库里): where, not part of what is asked. 中 and 上 are
# left alone: documents' set phrases (过程中, 基础上) end in them.
LOCATIVE_CHARS = "里"
# One character saying what kind of figure a word is measured by (处理率, 排放量, 个数, 浓度): the tokenizer
# may cut it from its word and glue it to the next.
KIND_CHARS = "率量数度"
# How a speaker opens an explanation of what they just named (森林覆盖率是多少？也就是…的比重): the words after it
# describe the indicator already named, so they are not asked words of their own.
EXPLANATION_OPENERS = ("也就是说", "也就是", "就是", "即", "是指", "意思是")
# Words that ask about a clause's arrangements, never name its topic (措施有哪些？ follows up on a topic).
ARRANGEMENT_WORDS = ("举措", "措施", "安排", "部门", "单位")
# How a turn opens when it continues the conversation (那银川呢？, 还有…): general Chinese, longest first.
FOLLOW_UP_OPENERS = words("那么 那 还有 另外 同样 再问一下 再问")
# Demonstratives pointing at what was just answered (这个由哪个部门牵头, 它具体有哪些措施).
DEMONSTRATIVES = words("这个 这项 这条 这些 该项 该 它 此项 上述")
# Ways of asking how something is done or planned (怎么, 如何, 打算).
HOW_WORDS = words("怎么样 怎么 怎样 如何 打算")
