"""Typed fill-in slots: what ties a sentence to one place, unit, person or event becomes a slot.

A unit cut from someone else's speech is reusable only without their facts in it. On import each
unit's specifics are replaced by typed slots the writer fills in:

    【地名】 administrative names: full names from resources/place_names.txt (绍兴市, 突泉县 …),
            the provinces' short and other names (浙江, 内蒙古, 江淮, 齐鲁), their one-character
            names in a slogan (人才兴皖 → 人才兴【地名】), a city's or county's name before a zone
            (金昌经开区 → 【地名】经开区), and the short form of a full name the same document uses
            (多伦 where the document says 多伦县). Before 委/政府/长/级/域 … the suffix stays outside
            the slot: 【地名】县委, not 【地名】委.
    【单位】 an organisation named after a place or a proper name: 【地名】 + 一中/大学/公司/医院 …
    【人名】 a person next to a title or 同志 (王建国同志, 陈国阳局长, 王书记): the segmenter's name tag
            (HMM on) where a tagger is given, else a surname before a title
    【数字】 Arabic figures (the measure word stays: 【数字】家, 【数字】亿元, 【数字】％) and Chinese
            figures in 万/亿
    【日期】 years, days and months (2023年, 7月8日, 1月底, 二〇二三年)
    【会议名称】 a meeting named with its own words (县委十五届五次全会, 全县安全生产工作会议)

The field's fixed names stay as written: 习近平总书记, 党中央, 国务院, 党的二十大, 二十届三中全会, 2035年,
the user dictionary's terms. Core imports no segmenter: a tagger is any callable giving
(word, flag) pairs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from desktop.infra.data_files import read_text as read_data_text
from desktop.infra.lazy_re import LazyPattern
from desktop.infra.paths import resource_path

SLOT_NUMBER = "【数字】"
SLOT_PLACE = "【地名】"
SLOT_TEXT = "【待填】"
SLOT_UNIT = "【单位】"
SLOT_PERSON = "【人名】"
SLOT_DATE = "【日期】"
SLOT_MEETING = "【会议名称】"
SLOT_MARKERS = (SLOT_NUMBER, SLOT_PLACE, SLOT_TEXT, SLOT_UNIT, SLOT_PERSON, SLOT_DATE, SLOT_MEETING)
HINT_PREFIX = "【待填："
# A typed slot, or a hinted one (【待填：隐患排查台账，约200字】) that composition leaves where the bank
# has nothing that fits.
SLOT_RE = re.compile("|".join(re.escape(m) for m in SLOT_MARKERS) + r"|【待填：[^【】]{1,80}】")
HINTED_RE = re.compile(r"【待填：([^【】]{1,80}?)(?:，约(\d+)字)?】")

Tagger = Callable[[str], Sequence[tuple[str, str]]]

ADMIN_SUFFIX = "省市县区州盟旗镇乡村"
# After these the suffix belongs to the word that follows (县委, 市政府, 县长, 县域, 县城 …).
_SUFFIX_BOUND = "委政长级域城直属情内外里"
_ORG_TAIL = LazyPattern(
    r"^(一中|二中|三中|四中|实验学校|中学|小学|大学|学院|学校|公司|集团|医院|银行|研究院|研究所|报社)"
)
_TITLE = (
    "书记|副书记|县长|副县长|市长|副市长|省长|区长|镇长|乡长|村长|主任|部长|局长|厅长|处长|科长|校长|院长|"
    "主席|委员|会长|董事长|总经理|经理|教授|老师|同志|先生|女士|代表"
)
_TITLE_AFTER = LazyPattern(rf"^({_TITLE})")
_TITLE_BEFORE = LazyPattern(rf"({_TITLE})$")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
)
# Names of the field that never become slots, whatever a tag says.
FIXED_NAMES = frozenset(
    ["习近平", "毛泽东", "邓小平", "江泽民", "胡锦涛", "马克思", "恩格斯", "列宁", "孙中山", "周恩来"]
    + ["雷锋", "焦裕禄", "孔繁森", "谷文昌", "杨善洲", "廖俊波", "黄大年", "张桂梅"]
)
# The nation's meetings are the field's fixed names (党的二十大, 中央经济工作会议, 二十届三中全会).
_FIXED_MEETING = LazyPattern(r"党的|中央|全国|国务院|联合国|世界|中全会$")
_MEETING_WORDS = (
    "工作会议|推进会议|推进会|动员会|部署会|座谈会|交流会|研讨会|报告会|现场会|观摩会|调度会|表彰大会|茶话会|"
    "全会|大会|会议|典礼|论坛|开幕式|闭幕式|培训班|教代会|职代会|团代会|党代会"
)
_MEETING = LazyPattern(rf"({_MEETING_WORDS})")
# What ends a meeting name on its left: punctuation and the verbs and words that stand before one.
_MEETING_LEFT = LazyPattern(
    r"[，。；：、“”‘’（）《》！？\s【】]|召开|举行|举办|参加|出席|开好|开展|主持|在|于|是|的|和|与|及|今天|这次|本次|此次|这个|那次"
)
# A lead of only these words names a kind of meeting, not one meeting (召开动员大会, 全县干部大会).
_GENERIC_MEETING_LEAD = LazyPattern(
    r"^(全县|全市|全省|全区|全镇|全乡|全校|各类|各种|有关|相关|重要|一次|历次|各级|这些|此类|党委|党组|常委|动员|部署|推进"
    r"|总结|表彰|誓师|庆祝|纪念|全体|代表|职工|党员|干部|工作|专题|座谈|现场|调度|观摩|汇报|培训|欢迎|开学|毕业|年度|季度)+$"
)

_DATE = LazyPattern(
    r"(?<![\d.])(?:\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日|底|初|上旬|中旬|下旬)?)?"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}月(?:底|份|初|上旬|中旬|下旬)"
    r"|[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?)"
)
_FIXED_DATE = LazyPattern(r"^(2030|2035|2049|2050|2060)年$")  # the nation's goals
# A Chinese figure is one in 万/亿 (三千万, 一点五亿); a lone 十/百/千 before 万 is a word (千万工程, 百万雄师).
_NUMBER = LazyPattern(
    r"(?<![A-Za-z\d.])\d+(?:[.．]\d+)?(?![A-Za-z\d])"
    r"|(?![十百千][万亿])[一二三四五六七八九十两百千]+(?:点[一二三四五六七八九零〇]+)?(?=[万亿])"
    r"|(?<=百分之)[一二三四五六七八九十点零〇]+"
)
_FIXED_NUMBER_CONTEXT = LazyPattern(r"5G|4G|G20|(2030|2035|2049|2050|2060)年|\d+后")
_SLOT_OR_MARK = LazyPattern(r"【[^【】]*】")
_SUFFIX_CHAR = re.compile(f"[{ADMIN_SUFFIX}]")
# Short place names that are common words too (健康长寿, 重于泰山, 绿水青山): never slotted on their own.
COMMON_PLACE_WORDS = frozenset(
    ["长寿", "太平", "泰山", "青山", "东方", "和平", "光明", "前进", "胜利", "团结", "红旗", "新建", "新华", "长安"]
    + ["东北", "西北", "东南", "西南", "华北", "华东", "华南", "华中", "中原", "江南", "城关", "城中", "新城", "兴国"]
)
# A place name before these names a model the whole field cites (枫桥经验, 延安精神, 晋江模式): it stays.
_NAMED_MODEL = ("经验", "精神", "模式", "样板", "道路")
# Zones named after their city or county (金昌经开区, 绍兴高新区): the name before one is a place.
ZONE_WORDS = (
    "经济技术开发区|高新技术产业开发区|经开区|高新区|开发区|自贸区|自贸试验区|保税区|综保区|综合保税区|新区"
    "|工业园区|产业园区|工业园|产业园|示范区|试验区|先行区"
)
_ZONE = LazyPattern(rf"(?:{ZONE_WORDS})")
# A slogan of a province's one-character name: 人才兴皖, 科教强鲁, 工业富黔 (before 工程/战略 … or the
# slogan's end).
SLOGAN_VERBS = "兴强富"
_SLOGAN_END = r"(?=工程|战略|行动|计划|之路|[^\u4e00-\u9fff]|$)"


@dataclass(frozen=True)
class Lexicon:
    """What the rules know by name: places (full and short), and the field's fixed names."""

    full_places: frozenset[str]
    short_places: frozenset[str]
    fixed: frozenset[str]
    longest: int = 0  # characters of the longest full name
    stems: frozenset[str] = frozenset()  # full names less their suffix (绍兴 of 绍兴市)
    abbreviations: frozenset[str] = frozenset()  # provinces' one-character names (皖), slotted in slogans only

    def __post_init__(self) -> None:
        if not self.longest:
            object.__setattr__(self, "longest", max((len(p) for p in self.full_places), default=0))
        if not self.stems:
            object.__setattr__(self, "stems", frozenset(p[:-1] for p in self.full_places if len(p) >= 3))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """resources/place_names.txt and the user dictionary's words (fixed names)."""
    full: set[str] = set()
    short: set[str] = set()
    single: set[str] = set()
    path = resource_path("place_names.txt")
    for line in read_data_text(path).splitlines() if path.exists() else ():
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if len(name) == 1:
            single.add(name)
        else:
            (full if name[-1] in ADMIN_SUFFIX and len(name) >= 3 else short).add(name)
    fixed = set(FIXED_NAMES)
    userdict = resource_path("userdict.txt")
    for line in read_data_text(userdict).splitlines() if userdict.exists() else ():
        parts = line.split()
        if parts and not parts[0].startswith("#"):
            fixed.add(parts[0])
    return Lexicon(frozenset(full), frozenset(short), frozenset(fixed), abbreviations=frozenset(single))


@dataclass(frozen=True)
class Slotted:
    """A text with its specifics turned into slots, and what each slot stood for."""

    text: str
    fills: tuple[tuple[str, str], ...]  # (slot, original wording), in text order

    @property
    def count(self) -> int:
        return len(self.fills)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    slot: str


class Slotter:
    """Turns the specifics of one document's sentences into slots (see the module's docstring)."""

    def __init__(
        self, lexicon: Lexicon | None = None, tag: Tagger | None = None, local_places: Iterable[str] = ()
    ) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.tag = tag
        shorts = {*self.lexicon.short_places, *(p for p in local_places if len(p) >= 2)}
        shorts -= self.lexicon.fixed
        alternatives = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
        self._short = re.compile(f"(?:{alternatives})") if alternatives else None
        chars = "".join(sorted(self.lexicon.abbreviations))
        self._slogan = (
            re.compile(rf"(?<=[\u4e00-\u9fff]{{2}}[{SLOGAN_VERBS}])[{re.escape(chars)}]{_SLOGAN_END}")
            if chars
            else None
        )

    def __call__(self, text: str) -> Slotted:
        spans: list[_Span] = []
        marks = [m.span() for m in _SLOT_OR_MARK.finditer(text)]
        protected = marks + self._fixed_spans(text)
        tags = self._tags(text)
        found = [
            (self._meetings(text), marks),  # a meeting's name may hold a fixed one (…习近平…思想…会议)
            (self._dates(text), protected),
            (self._places(text, tags), protected),
            (self._people(text, tags), protected),
            (self._numbers(text), protected),
        ]
        for candidates, keep_out in found:
            for span in candidates:
                if not _overlaps(span, keep_out) and not _overlaps(span, [(s.start, s.end) for s in spans]):
                    spans.append(span)
        spans = self._units(text, sorted(spans, key=lambda s: s.start))
        out: list[str] = []
        fills: list[tuple[str, str]] = []
        pos = 0
        for s in spans:
            out.append(text[pos : s.start])
            out.append(s.slot)
            fills.append((s.slot, text[s.start : s.end]))
            pos = s.end
        out.append(text[pos:])
        return Slotted("".join(out), tuple(fills))

    # ---- the rules, each giving spans
    def _tags(self, text: str) -> list[tuple[str, str, int]]:
        """(word, flag, start) of the tagger's words; none without a tagger."""
        if self.tag is None:
            return []
        out = []
        pos = 0
        for word, flag in self.tag(text):
            start = text.find(word, pos)
            start = pos if start < 0 else start
            pos = start + len(word)
            out.append((word, flag, start))
        return out

    def _fixed_spans(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for name in self.lexicon.fixed:
            start = text.find(name)
            while start >= 0:
                spans.append((start, start + len(name)))
                start = text.find(name, start + 1)
        return spans

    def _meetings(self, text: str) -> list[_Span]:
        out = []
        for m in _MEETING.finditer(text):
            left = text[max(0, m.start() - 48) : m.start()]
            cuts = list(_MEETING_LEFT.finditer(left))
            lead = left[cuts[-1].end() :] if cuts else left
            if len(lead) < 2 or _GENERIC_MEETING_LEAD.match(lead) or _FIXED_MEETING.search(lead + m.group(0)):
                continue
            out.append(_Span(m.start() - len(lead), m.end(), SLOT_MEETING))
        return out

    def _dates(self, text: str) -> list[_Span]:
        return [
            _Span(m.start(), m.end(), SLOT_DATE)
            for m in _DATE.finditer(text)
            if not _FIXED_DATE.match(m.group(0).replace(" ", ""))
        ]

    def _numbers(self, text: str) -> list[_Span]:
        out = []
        for m in _NUMBER.finditer(text):
            around = text[max(0, m.start() - 1) : m.end() + 2]
            if _FIXED_NUMBER_CONTEXT.search(around):
                continue
            out.append(_Span(m.start(), m.end(), SLOT_NUMBER))
        return out

    def _places(self, text: str, tags: Sequence[tuple[str, str, int]]) -> list[_Span]:
        out: list[_Span] = []
        full, longest = self.lexicon.full_places, self.lexicon.longest
        for m in _SUFFIX_CHAR.finditer(text):
            i = m.start()
            for length in range(min(longest, i + 1), 2, -1):
                start = i + 1 - length
                if text[start : i + 1] in full and not _inside_word(text, start):
                    end = i if text[i + 1 : i + 2] and text[i + 1] in _SUFFIX_BOUND else i + 1
                    out.append(_Span(start, end, SLOT_PLACE))
                    break
        taken = [(s.start, s.end) for s in out]
        if self._short is not None:
            for m in self._short.finditer(text):
                span = _Span(m.start(), m.end(), SLOT_PLACE)
                if not _overlaps(span, taken) and not text.startswith(_NAMED_MODEL, m.end()):
                    out.append(span)
        for span in [*self._zones(text), *self._slogans(text)]:
            if not _overlaps(span, taken):
                out.append(span)
                taken.append((span.start, span.end))
        # A city's or county's short name the segmenter reads as a place word on its own (绍兴一中, 杭州).
        stems = self.lexicon.stems
        for word, flag, start in tags:
            if flag == "ns" and word in stems and word not in COMMON_PLACE_WORDS:
                span = _Span(start, start + len(word), SLOT_PLACE)
                if not _overlaps(span, taken) and not text.startswith(_NAMED_MODEL, span.end):
                    out.append(span)
        return out

    def _zones(self, text: str) -> list[_Span]:
        """The name of a city or county (a full name's stem, 2–4 characters) directly before a zone."""
        out = []
        stems = self.lexicon.stems
        for m in _ZONE.finditer(text):
            for length in (4, 3, 2):
                start = m.start() - length
                if start >= 0 and text[start : m.start()] in stems:
                    out.append(_Span(start, m.start(), SLOT_PLACE))
                    break
        return out

    def _slogans(self, text: str) -> list[_Span]:
        """A province's one-character name closing a four-character slogan (人才兴皖, 科教强鲁)."""
        if self._slogan is None:
            return []
        return [_Span(m.start(), m.end(), SLOT_PLACE) for m in self._slogan.finditer(text)]

    def _people(self, text: str, tags: Sequence[tuple[str, str, int]]) -> list[_Span]:
        out = []
        for word, flag, start in tags:
            if flag not in ("nr", "nrfg") or not 2 <= len(word) <= 3 or word in self.lexicon.fixed:
                continue
            end = start + len(word)
            if _TITLE_AFTER.match(text[end : end + 4]) or _TITLE_BEFORE.search(text[max(0, start - 4) : start]):
                out.append(_Span(start, end, SLOT_PERSON))
        # A surname alone before a title (王书记, 李县长): the way speeches name a colleague.
        for m in re.finditer(rf"(?<![\u4e00-\u9fff])([{SURNAMES}])(?=({_TITLE}))", text):
            out.append(_Span(m.start(), m.end(), SLOT_PERSON))
        for m in re.finditer(rf"(?<=[，、。；：“（\s])([{SURNAMES}])(?=({_TITLE}))", text):
            out.append(_Span(m.start(), m.end(), SLOT_PERSON))
        return out

    def _units(self, text: str, spans: list[_Span]) -> list[_Span]:
        """A place slot directly before 一中/大学/公司 … names an organisation: one 【单位】 for both."""
        out = []
        for s in spans:
            tail = _ORG_TAIL.match(text[s.end : s.end + 4]) if s.slot == SLOT_PLACE else None
            if tail is not None:
                s = _Span(s.start, s.end + tail.end(), SLOT_UNIT)
            out.append(s)
        return out


def _overlaps(span: _Span, others: Iterable[tuple[int, int]]) -> bool:
    return any(span.start < b and a < span.end for a, b in others)


def _inside_word(text: str, start: int) -> bool:
    """A full name glued to a generic 全/各/本 before it is part of a generic word, no place."""
    return start > 0 and text[start - 1] in "全各本该每"


def document_places(paragraphs: Iterable[str], lexicon: Lexicon | None = None) -> set[str]:
    """Short forms of the full place names a document uses (多伦 for 多伦县), to slot them there too."""
    lexicon = lexicon or default_lexicon()
    found: set[str] = set()
    longest = lexicon.longest
    for text in paragraphs:
        for i, ch in enumerate(text):
            if ch not in ADMIN_SUFFIX:
                continue
            for length in range(min(longest, i + 1), 2, -1):
                name = text[i + 1 - length : i + 1]
                if name in lexicon.full_places:
                    stem = name[:-1]
                    if len(stem) >= 2 and not stem.endswith(("自治", "特别行政", "新", "开发", "林")):
                        found.add(stem)
                    break
    return found


def for_document(paragraphs: Sequence[str], tag: Tagger | None = None) -> Slotter:
    """The slotter for one document's units: the lexicon and the document's own short place names."""
    lexicon = default_lexicon()
    return Slotter(lexicon, tag, document_places(paragraphs, lexicon))


def hinted_slot(hint: str, chars: int | None = None) -> str:
    """【待填：hint，约N字】: where a draft needs the writer's own text, and roughly how much."""
    hint = re.sub(r"[【】]", "", hint).strip("，。；： ")[:60]
    return f"{HINT_PREFIX}{hint}，约{chars}字】" if chars else f"{HINT_PREFIX}{hint}】"


def hinted_chars(text: str) -> tuple[int, int]:
    """(number of hinted slots, characters they ask for) in a text."""
    found = HINTED_RE.findall(text)
    return len(found), sum(int(n) for _, n in found if n)
