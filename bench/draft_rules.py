"""Bench: the rules bench/draft_quality.py measures drafts and suggestions by.

They are the bench's own, written apart from the product's code on purpose: the product's
slotter, composer and search are what is measured, so the measure must not be theirs. Each
rule's wording is printed beside its figure (RULES).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

# Related terms a sentence may carry to count as on its section's topic, and a suggestion to
# count as relevant to a query (the bench's vocabulary; the product's own is resources/).
RELATED: dict[str, tuple[str, ...]] = {
    "安全生产": ("安全责任", "隐患", "应急", "事故", "安全监管", "风险防控", "安全发展", "本质安全", "消防", "防灾"),
    "乡村振兴": ("三农", "农业", "农村", "农民", "乡村", "千万工程", "和美乡村", "粮食", "耕地", "脱贫"),
    "营商环境": ("市场主体", "民营经济", "企业", "放管服", "政务服务", "招商", "营商", "一网通办", "惠企"),
    "科技创新": ("创新", "科技", "研发", "新质生产力", "成果转化", "人才", "数字", "高新技术", "产学研"),
    "作风建设": (
        "作风",
        "形式主义",
        "官僚主义",
        "八项规定",
        "基层减负",
        "纪律",
        "为民",
        "务实",
        "深入基层",
        "深入群众",
        "群众路线",
    ),
    "调查研究": ("调研", "调查", "深入基层", "一线", "问题", "实情", "解剖麻雀", "蹲点"),
    "高质量发展": ("发展", "新发展理念", "产业", "经济", "转型升级", "新质生产力", "现代化产业体系"),
    "全面从严治党": ("从严治党", "党风廉政", "纪律", "监督", "廉洁", "反腐", "管党治党", "主体责任", "自我革命"),
    "生态环境保护": ("生态", "环境", "绿色", "污染", "减排", "低碳", "美丽", "河长制", "碳"),
    "新年": ("新年", "新的一年", "过去的一年", "一年来", "辞旧迎新", "祝愿", "祝福", "新春", "节日"),
    "开学典礼": ("开学", "同学", "新学期", "老师", "学习", "学校", "校园", "成长", "青春"),
    "主题教育": ("主题教育", "学思想", "以学", "理论学习", "检视整改"),
    "总书记": ("总书记", "习近平"),
    "三农": ("三农", "农业", "农村", "农民", "乡村振兴", "千万工程"),
    "应急管理": ("应急", "安全生产", "防灾减灾", "救援", "隐患"),
    "基层治理": ("基层", "治理", "网格", "社区", "枫桥经验"),
}
# Campaign and topic names: an opening or closing naming one that is not the draft's own (or one
# of its related terms) speaks of another meeting's business.
TOPIC_NAMES = tuple(k for k in RELATED if k not in ("总书记",)) + (
    "党史学习教育",
    "党纪学习教育",
    "双减",
    "疫情防控",
    "创文",
    "文明城市",
)


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Words that say nothing of a section's subject: a heading's content words minus these are its terms.
GENERIC = _words(
    "工作 推进 推动 加强 深入 重大 意义 全面 扎实 坚持 提高 落实 任务 各项 强化 提升 持续 切实 着力 努力",
    "不断 进一步 建设 发展 重点 突出 认识 深刻 理解 把握 要求 实践 方法 路径 保障 组织 常态 长效 实效 成效",
    "取得 有力 有序 开展 全力 确保 坚决 始终 更加 更好 高度 大力 主要 做法 问题 不足 打算 下一步 体会 一是",
    "二是 三是 我们 同志 大家 今天 新的 一年 过去 当下 未来 展望 回顾 立足 携手 同行 贡献 力量 智慧 为了",
    "以及 方面 营造 良好 氛围 机制 责任 压紧 压实 统筹 协调 督促 检查 能力 本领 队伍 干部 思想 政治 站位",
    "作风 纪律 规矩 合力 凝聚 汇聚 强大 落地 见效 落细 担当 作为 守正 创新 提质 增效 决策 部署 方式 方法",
    "效能 环境",
)

FIXED_FIGURES = re.compile(r"20[35]0年|5G|4G|\d+·\d+|G\d+")  # national goals, technology names, event tags
_FIGURE = re.compile(
    r"\d+(?:[.．]\d+)?\s*(?:%|％|‰|亿|万|千|多|余)?\s*"
    r"(?:元|美元|个|家|项|次|人|名|户|所|公里|千米|米|平方米|吨|亩|倍|座|条|场|批|件|台|辆|岁|年|月|日|天|小时|届|期|处|种|类|支|篇|本)?"
    r"|(?![十百千][万亿])[一二三四五六七八九十两百千]+(?:点[一二三四五六七八九零〇]+)?(?:万|亿)(?:元|人|户|吨|亩|千瓦)?"
    r"|百分之[一二三四五六七八九十点零〇]+"
)
_DATE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}月(?:底|份|初|上旬|中旬|下旬)|[〇○零一二三四五六七八九]{4}年"
)
_ADMIN_END = "省市县区州盟旗镇乡村"
_GENERIC_PLACE = re.compile(r"^(全|我|本|各|该|每|此|外|城|中心|市|县|区|乡|镇|省|农|新|老|山|一|两|二|三|四)")
_TITLES = r"(书记|县长|市长|省长|区长|主任|部长|局长|厅长|校长|主席|院长|处长|科长|同志|教授|老师)"
_TITLED = re.compile(_TITLES)
_TITLED_BEFORE = re.compile(_TITLES + "$")
_ORG_SUFFIX = re.compile(r"([\u4e00-\u9fff]{2,8})(大学|中学|小学|学院|学校|公司|集团|医院|银行|研究院)")
NOT_PERSON = frozenset(
    [
        "习近平",
        "毛泽东",
        "邓小平",
        "江泽民",
        "胡锦涛",
        "马克思",
        "恩格斯",
        "列宁",
        "孙中山",
        "周恩来",
        "雷锋",
        "焦裕禄",
        "孔繁森",
        "谷文昌",
    ]
)
NOT_PLACE = frozenset(
    [
        "中国",
        "中华",
        "全国",
        "世界",
        "亚洲",
        "欧洲",
        "非洲",
        "中央",
        "国家",
        "祖国",
        "神州",
        "华夏",
        "大陆",
        "内地",
        "港澳",
        "台湾",
        "国际",
        "广大干部",
        "都市",
        "南北",
        "东北",
        "西北",
        "东南",
        "西南",
        "华北",
        "华东",
        "华南",
        "华中",
        "中原",
        "兴国",
    ]
)

_SENT = re.compile(r"[^。！？!?]+[。！？!?]?[”’」』]?")
SLOT = re.compile(r"【[^【】]{1,60}】")
HINTED = re.compile(r"【待填[：:][^【】]{1,80}】")
_MEETING = re.compile(
    r"([\u4e00-\u9fff“”（）〇一二三四五六七八九十]{0,24}?)(工作会议|推进会|动员会|部署会|座谈会|交流会|研讨会|茶话会|联欢会|"
    r"表彰会|全会|大会|会议|典礼|仪式|论坛|开幕式|闭幕式|晚会)"
)
_DEICTIC = re.compile(
    r"(这次|本次|此次|今天的?|今天召开的|刚才|这个|上述|各类|各种|有关|相关|重要|专题|这样的|一次|历次)$"
)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT.findall(text) if s.strip()]


def bigrams(text: str) -> set[str]:
    t = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {t[i : i + 2] for i in range(len(t) - 1)}


def near_duplicate(a: str, b: str) -> bool:
    """Rule: the two sentences' character pairs overlap by ≥ 60 % (Jaccard), or ≥ 80 % of the shorter's
    pairs are in the longer (one sentence is the other with a clause added)."""
    x, y = bigrams(a), bigrams(b)
    if len(x) < 8 or len(y) < 8:
        return False
    common = len(x & y)
    return common / len(x | y) >= 0.6 or common / min(len(x), len(y)) >= 0.8


Tagger = Callable[[str, bool], list[tuple[str, str]]]  # (text, hmm) -> (word, flag)


@dataclass
class Specifics:
    """Places, organisations, people, figures and dates found in a text."""

    found: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)

    def add(self, kind: str, text: str) -> None:
        self.found.append((kind, text))


def specifics(text: str, tag: Tagger, own: Iterable[str] = ()) -> Specifics:
    """Rule: Arabic figures with their measure (not 2035年/2050年, 5G), Chinese figures in 万/亿, dates and
    years (not 千万/百万/十万 before a noun: words, 千万工程); places: words the segmenter's dictionary tags ns
    (HMM off) that end in 省/市/县/区/镇/乡/村 …, their stems tagged ns (绍兴), the provinces' short and other
    names and their one-character names closing a slogan after 兴/强/富 (人才兴皖; the product's data file
    resources/place_names.txt and desktop.core.slots.SLOGAN_VERBS), a dictionary place's stem before a zone word
    (金昌经开区; desktop.core.slots.ZONE_WORDS), and words of 3+ characters ending in such a suffix whose stem is
    not generic (全县, 我市, 城区 …) and that the dictionary does not list as a common word (示范县, 鱼米之乡);
    organisations tagged nt that hold a place or end in 大学/公司 …, or X大学/中学/公司/医院 … with a proper name
    for X; people: words tagged nr (HMM on) of 1–3 characters directly before or after a title (书记, 县长,
    同志 …) — all outside 【…】 slots and not the writer's own (topic words, settings)."""
    own = tuple(w for w in own if w)
    body = SLOT.sub("　", text)
    out = Specifics()

    def mine(s: str) -> bool:
        return any(s in w or w in s for w in own)

    taken: list[tuple[int, int]] = []
    for m in _DATE.finditer(body):
        if not FIXED_FIGURES.fullmatch(m.group(0).replace(" ", "")):
            out.add("日期", m.group(0))
            taken.append(m.span())
    for m in _FIGURE.finditer(body):
        if not m.group(0).strip() or any(a <= m.start() < b for a, b in taken):
            continue
        if not re.search(r"\d|万|亿|百分之", m.group(0)) or re.fullmatch(r"[一二三四五六七八九十两百千]+", m.group(0)):
            continue
        if FIXED_FIGURES.search(body[max(0, m.start() - 1) : m.end() + 2]):
            continue
        out.add("数字", m.group(0))
    for hmm in (False, True):
        pos = 0
        for word, flag in tag(body, hmm):
            start = body.find(word, pos)
            start = pos if start < 0 else start
            pos = end = start + len(word)
            if mine(word) or word in NOT_PLACE or word in NOT_PERSON or body.startswith(NAMED_MODEL, end):
                continue
            before, after = body[max(0, start - 3) : start], body[end : end + 3]
            if hmm:
                if (
                    flag in ("nr", "nrfg")
                    and len(word) <= 3
                    and (_TITLED.match(after) or _TITLED_BEFORE.search(before))
                ):
                    out.add("人名", word)
            elif (flag == "ns" and word in _dictionary_places()) or (_admin_name(word) and not _common_word(word)):
                out.add("地名", word)
            elif flag == "nt" and (_ORG_SUFFIX.search(word) or any(p in word for p in _dictionary_places())):
                out.add("单位", word)
    for m in _other_names().finditer(body):
        if not mine(m.group(0)) and not body.startswith(NAMED_MODEL, m.end()):
            out.add("地名", m.group(0))
    for m in _slogans().finditer(body):
        out.add("地名", m.group(0))
    for m in _zones().finditer(body):
        stem = next((m.group(1)[-n:] for n in (4, 3, 2) if m.group(1)[-n:] in _dictionary_stems()), None)
        if stem is not None and not mine(stem):
            out.add("地名", stem + m.group(0)[len(m.group(1)) :])
    for m in _ORG_SUFFIX.finditer(body):
        if not mine(m.group(0)) and _named(tag, m.group(1)[-4:]):
            out.add("单位", m.group(0))
    return out


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, str]:
    """The segmenter dictionary's words and their tags."""
    import jieba

    words = {}
    for line in (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            words[parts[0]] = parts[2]
    return words


@lru_cache(maxsize=1)
def _dictionary_places() -> frozenset[str]:
    """The segmenter dictionary's place words (ns) that end in an administrative suffix, and their
    stems where the stem is itself a place word (绍兴 of 绍兴市); its other ns words are not all places."""
    words = _dictionary()
    full = {w for w, f in words.items() if f == "ns" and _admin_name(w)}
    stems = {w[:-1] for w in full if words.get(w[:-1]) == "ns"}
    return frozenset(full | stems | set(PROVINCES))


@lru_cache(maxsize=1)
def _dictionary_stems() -> frozenset[str]:
    """The dictionary's administrative place names (ns) less their suffix, 2+ characters (金昌 of 金昌市)."""
    return frozenset(w[:-1] for w, f in _dictionary().items() if f == "ns" and _admin_name(w) and len(w) >= 3)


def _common_word(word: str) -> bool:
    """The dictionary lists the word, tagged as something other than a place or a name (示范县 n, 鱼米之乡 i)."""
    flag = _dictionary().get(word)
    return flag is not None and flag not in ("ns", "nr", "nz", "nt")


@lru_cache(maxsize=1)
def _other_names() -> re.Pattern[str]:
    """The provinces' other names of the product's place file (江淮, 齐鲁), that are not a province's short name."""
    from desktop.core.slots import default_lexicon

    names = sorted(default_lexicon().short_places - set(PROVINCES), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)) or "(?!)")


@lru_cache(maxsize=1)
def _slogans() -> re.Pattern[str]:
    from desktop.core.slots import SLOGAN_VERBS, default_lexicon

    chars = "".join(sorted(default_lexicon().abbreviations))
    return re.compile(
        f"(?<=[\u4e00-\u9fff]{{2}}[{SLOGAN_VERBS}])[{chars}](?![\u4e00-\u9fff])|"
        f"(?<=[\u4e00-\u9fff]{{2}}[{SLOGAN_VERBS}])[{chars}](?=工程|战略|行动|计划)"
    )


@lru_cache(maxsize=1)
def _zones() -> re.Pattern[str]:
    from desktop.core.slots import ZONE_WORDS

    return re.compile(f"([\u4e00-\u9fff]{{2,4}}?)(?:{ZONE_WORDS})")


PROVINCES = _words(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南",
    "四川 贵州 云南 陕西 甘肃 青海 内蒙古 广西 西藏 宁夏 新疆",
)


def _admin_name(word: str) -> bool:
    generic = _GENERIC_PLACE.match(word) or word.endswith(GENERIC_AREAS)
    return len(word) >= 3 and word[-1] in _ADMIN_END and not generic


# Kinds of area, not one place; a place before 经验/精神 names a model the whole field cites (枫桥经验).
GENERIC_AREAS = (
    "示范区",
    "自治区",
    "自治州",
    "自治县",
    "开发区",
    "经济区",
    "新区",
    "园区",
    "城区",
    "社区",
    "景区",
    "地区",
)
NAMED_MODEL = ("经验", "精神", "模式")


def _named(tag: Tagger, stem: str) -> bool:
    return any(f in ("ns", "nz", "nt", "nr") for _, f in tag(stem, False))


def on_topic(sentence: str, terms: Iterable[str]) -> bool:
    return any(t and t in sentence for t in terms)


def heading_terms(words: str, cut: Callable[[str], list[str]]) -> list[str]:
    """Rule: the content words (≥ 2 characters) of the heading that are not GENERIC."""
    return [w for w in cut(words) if len(w) >= 2 and w not in GENERIC and not re.search(r"[\d【】]", w)]


def meetings_named(text: str, title: str, topics: Iterable[str]) -> list[str]:
    """Rule: a meeting or ceremony named in the text (…会议/大会/全会/座谈会/典礼 …) whose own words
    (the 2–6 characters before the meeting word, past 召开/参加/在 …) are neither in the draft's title nor a
    topic word, and are not deictic (这次会议, 今天的会议 …)."""
    out = []
    own = [title, *topics]
    for m in _MEETING.finditer(text):
        lead = re.split(r"[，。；：、“”（）\s]|召开|举行|参加|出席|举办|在|的|开好|开展|于", m.group(1))[-1]
        if not lead or _DEICTIC.search(lead) or len(lead) < 2:
            continue
        if any(lead[-2:] in o for o in own):
            continue
        out.append(lead + m.group(2))
    return out


def topics_named(text: str, topic: str) -> list[str]:
    """Rule: a campaign or topic name of TOPIC_NAMES that is not the draft's topic, not one of its related
    terms, and not part of either (the writer's own place and unit of the settings are left out first)."""
    mine = (topic, *RELATED.get(topic, ()))
    return [n for n in TOPIC_NAMES if n in text and not any(n in m or m in n for m in mine)]


RULES = {
    "on_topic": "a body sentence is on topic when it contains a topic word, a related term of the bench's "
    "vocabulary (bench/draft_rules.py RELATED), or a content word that is not GENERIC of its section's heading "
    "or the heading's level-1 parent, where that heading itself names the topic or a related term; a sentence "
    "that is a hinted slot 【待填：…】 is counted apart; in a draft without headings (致辞) the body is every "
    "paragraph between the first after the salutation and the closing",
    "specifics": specifics.__doc__.split("Rule: ")[1].replace("\n   ", "").strip(),
    "repeats": near_duplicate.__doc__.split("Rule: ")[1].replace("\n   ", "").strip()
    + " (or the same text, punctuation aside)",
    "openings": meetings_named.__doc__.split("Rule: ")[1].replace("\n   ", "").strip()
    + "; and "
    + topics_named.__doc__.split("Rule: ")[1].replace("\n   ", "").strip(),
    "precision": "a hit is relevant when the query is a phrase kind's name and the hit is of that kind; "
    "otherwise when its text contains the query, or one of the query's related terms (RELATED); a hit that is "
    "a near duplicate of a higher one is not; fewer than 5 hits count the missing ones as not relevant",
}


_OCCASION = re.compile(
    r"(新年|春节|元旦|国庆|中秋|端午|七一|五一|五四|周年|到来|来临|开幕|召开|举办|成立|开学|毕业|典礼|之年)"
)
TYPE_WORDS = ("讲话", "致辞", "发言", "报告", "讲稿", "体会", "综述")


def form_breaks(speech_type: str, title: str, text: str) -> list[str]:
    """Rule: the title's own type is the draft's (core.speech_types.infer_type), its type word (讲话, 致辞 …)
    stands once, 全会 stands only in a 全会讲话 title and there after a 委 (县委…全会), and no 值此X之际
    names something that is no occasion (值此安全生产之际)."""
    from desktop.core.speech_types import infer_type

    out = []
    inferred = infer_type(title)
    if inferred != speech_type:
        out.append(f"标题读作“{inferred}”")
    for w in TYPE_WORDS:
        if title.count(w) > 1:
            out.append(f"“{w}”重复")
    if "全会" in title and (speech_type != "全会讲话" or not re.search(r"委[^，。]{0,12}全会", title)):
        out.append("全会用错")
    for m in re.finditer(r"值此([^，。]{1,20}?)之际", text):
        if not _OCCASION.search(m.group(1)):
            out.append(f"值此{m.group(1)}之际")
    return out


WORN_RUN = 8


@lru_cache(maxsize=1)
def _field_names() -> tuple[str, ...]:
    root = Path(__file__).resolve().parents[1] / "resources" / "userdict.txt"
    words = [line.split(" ", 1)[0].strip() for line in root.read_text(encoding="utf-8").splitlines()]
    return tuple(sorted((w for w in words if len(w) >= WORN_RUN), key=len, reverse=True))


def _runs(sentence: str, topic: str) -> set[str]:
    text = SLOT.sub("|", sentence).replace(topic, "|")
    for name in _field_names():
        text = text.replace(name, "|")
    pieces = [p for p in re.split(r"[^\u4e00-\u9fff]", text) if len(p) >= WORN_RUN]
    return {p[i : i + WORN_RUN] for p in pieces for i in range(len(p) - WORN_RUN + 1)}


def worn_sentences(sentences: Iterable[str], topic: str) -> list[str]:
    """Rule: a sentence that holds a run of 8 Chinese characters already standing in two earlier
    sentences of the draft (the phrase said a third time); slots, the topic word and the field's
    fixed names of resources/userdict.txt (习近平新时代中国特色社会主义思想 …) are left out of the runs."""
    counts: dict[str, int] = {}
    out = []
    for s in sentences:
        runs = _runs(s, topic)
        if any(counts.get(r, 0) >= 2 for r in runs):
            out.append(s)
        for r in runs:
            counts[r] = counts.get(r, 0) + 1
    return out


RULES["worn"] = worn_sentences.__doc__.split("Rule: ")[1].replace("\n   ", "").strip()
RULES["form"] = form_breaks.__doc__.split("Rule: ")[1].replace("\n   ", "").strip()
