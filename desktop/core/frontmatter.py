"""What stands around a speech rather than in it: page chrome, captions, bylines, the title block.

Real documents carry, before the speech's first words, the chrome of the web page they were saved
from (下载 / 打印 / 【字号：】 / breadcrumbs / time stamps), news leads and photo captions, the
parts of an official document's 版头 (份号, 密级, 发文字号), the title block (main title, a second
line, a ——/（…） date-and-meeting line), bylines and venue lines, and the salutation. These rules
tell each kind of line apart; core.structure uses them to read the front of a document, and
core.backmatter the chrome and notes that can stand anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.core.numbering import match_marker

_HAN = "\u4e00-\u9fff"
MAX_TITLE_CHARS = 80
MAX_BYLINE_CHARS = 40
MAX_SALUTATION_CHARS = 60
FRONT_SCAN = 45  # the salutation of a speech stands among its first lines
MAX_FRONT_LEADS = 3  # body-like paragraphs allowed before a salutation (news leads, notes)

# Page chrome: a line that is nothing but a control of the page it was saved from.
_CHROME = re.compile(
    r"^[【\[]?\s*(?:下载|打印|全屏|收藏|分享|分享到|分享到微信|分享到微博|加大|还原|减小|默认|大|中|小|首页|返回|关闭"
    r"|纠错|字号|字体|阅读模式|打印本页|关闭窗口|返回顶部|收藏本页|扫一扫|二维码)?\s*[：:]?\s*[】\]]?$"
    r"|^[>＞»›|｜×/\\·•\s]+$"
    r"|^(?:扫一扫|扫描二维码|手机扫|分享到|当前位置|您的位置|您现在的位置|上一篇|下一篇)"
    r"|^[》>]+[^《<]{0,20}[《<]+$"
)
# A page time stamp: 2026-02-03 09:02:33.
_TIMESTAMP = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*\d{1,2}:\d{2}(?::\d{2})?$")
# Photo captions: …作政府工作报告。本报记者 某某 摄 / 图为… / （资料图）.
_CAPTION = re.compile(
    rf"(?:记者|通讯员|摄影|摄像|图\s*/)[{_HAN}·\s]{{0,20}}摄\s*$|记者.{{1,12}}摄$"
    rf"|记者\s*[{_HAN}·]{{2,4}}\s*$|^图为|^[（(](?:资料)?图(?:片)?[)）]$"
)
# A caption that only says who made the report: 省长某某作政府工作报告。
_REPORT_CAPTION = re.compile(
    r"^[^，。！？：；]{2,40}(?:作了?(?:政府工作报告|工作报告|重要讲话|讲话)|(?<!工)作了?报告)[^，；：]{0,40}$"
)
# Source notes: （来源：新华社）, 编辑：…, （新华社北京4月24日电）.
_SOURCE = re.compile(
    r"^[（(]?\s*(?:来源|稿源|信息来源|文章来源|转自|转载自|责任编辑|编辑|审核|校对|供稿)[：:]"
    r"|^[（(][^（）()]{0,24}(?:社|报|台|网)[^（）()]{0,16}电\s*[）)]"
    r"|^[（(]\s*(?:来源|转自|据)[^（）()]{0,30}[）)]$"
)
# 公文 版头 items: 份号, 密级, 紧急程度, 发文字号, 签发人, the issuing body's 文件 line.
_DOCUMENT_NUMBER = re.compile(
    r"[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号$|^[（(]?\d{4,8}[）)]?$|^(?:份号|密级|紧急程度|签发人)[：:]"
    r"|^(?:特急|加急|平急)$|^(?:绝密|机密|秘密)(?:[★*]\S{0,10})?$"
)
_MASTHEAD = re.compile(rf"^[{_HAN}（）()]{{2,30}}(?:文件|简报|通报|信息|情况反映)$")

_DATE = (
    r"(?:\d{4}\s*[年.．/\-]\s*\d{1,2}\s*[月.．/\-]\s*\d{1,2}\s*日?|\d{4}\s*年\s*\d{1,2}\s*月"
    r"|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?)"
)
_DATE_LINE = re.compile(rf"^[（(]?\s*{_DATE}\s*(?:上午|下午|晚上|晚)?\s*[）)]?$")
_OFFICES = (
    "书记|副书记|省长|副省长|市长|副市长|县长|副县长|区长|主席|副主席|校长|副校长|主任|副主任|局长|副局长|厅长"
    "|部长|院长|处长|科长|委员|董事长|总经理|教授|老师|同志|党委|社长|会长|理事长"
)
_NAME = rf"(?:[{_HAN}]{{2,4}}|[{_HAN}]{{1,6}}·[{_HAN}·]{{1,10}})"
_GENRE_END = re.compile("(?:发言|讲话|报告|致辞|材料|体会|总结|汇报|通知|提纲|献词|贺词|演讲|说明|决定|意见)$")
_BYLINE = re.compile(
    rf"^[{_HAN}、·（）()]{{0,30}}(?:{_OFFICES})\s*{_NAME}$"  # 浙江省省长 刘捷
    rf"|^[{_HAN}·]{{2,4}}\s*{_DATE}$"  # 王可青2018.05.21
    rf"|^[（(][^（）()]{{4,24}}[）)]\s*[{_HAN}·]{{2,4}}$"  # （2023年3月13日）习近平
    rf"|^[{_HAN}·]{{2,4}}\s*[（(][^（）()]{{4,24}}[）)]$"
)
_NAME_ONLY = re.compile(rf"^[{_HAN}][{_HAN}·]{{1,3}}$")
# A venue or date line in brackets: （1月13日下午4点，行政楼会议室四）.
_BRACKETED = re.compile(r"^[（(][^（）()]{2,40}[）)]$")
_MEETING = re.compile(r"在.{2,60}(?:上|时|之际)|会议|大会|全会|典礼|仪式")

# The title block's second line: ——在…上的讲话, （2026年1月27日在…会议上）, 2026年…在…会议上.
_DASHES = ("——", "――", "—", "--", "－－")
_SUBTITLE_DATE = re.compile(rf"^{_DATE}.{{0,4}}在")
_SUBTITLE_TAIL = re.compile(r"(?:会议|大会|全会|典礼|仪式|会|上)上$")
# A byline glued to the end of a title line: …致辞王  琛 / …会议上 陕西省省长 赵刚.
_GLUED_BYLINE = re.compile(
    rf"^(?P<title>.*(?:讲话|致辞|发言|报告|献词|贺词|演讲|会议上|大会上|全会上|典礼上|仪式上|会上))"
    rf"\s*(?P<byline>(?:[{_HAN}、]{{0,16}}(?:{_OFFICES}))?\s*[{_HAN}·]{{2,4}})$"
)
# The commonest surnames: a bare name glued to a title line starts with one of them.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)

# Salutations: …： or …，大家好！ — an addressee, then a colon or a greeting.
_ADDRESSEE = re.compile(
    "同志|代表|委员|老师|同学|朋友|领导|来宾|嘉宾|家长|女士|先生|校友|专家|同仁|员工|教工|职工|青年|团员|队员|学员"
    "|伙伴|各位|尊敬|亲爱|敬爱|们"
)
# The 主送机关 of a 公文: 各县（市、区）人民政府，市政府各部门： / 市教育局：
_BODY_ADDRESSEE = re.compile(
    rf"(?:人民政府|委员会|部门|单位|机关|办公室|办事处|党组|局|厅|委|办|公司|学校|[{_HAN}]校)$"
)
_GREETING = re.compile(
    rf"[，,：:、\s]*[{_HAN}]{{0,2}}?(?:大家|你们|各位)?(?:早上|上午|中午|下午|晚上|新年|新学期|节日)?好[！!。]?$"
)


def is_chrome(text: str) -> bool:
    """A line of the page's own controls (下载, 打印, 【字号：, 首页, >, 扫一扫…, time stamps)."""
    return bool(_CHROME.match(text) or _TIMESTAMP.match(text))


def is_caption(text: str) -> bool:
    return len(text) <= 160 and bool(_CAPTION.search(text))


def is_report_caption(text: str) -> bool:
    """省长某某作政府工作报告。 — a caption line under a photo of the speaker."""
    return bool(_REPORT_CAPTION.match(text)) and not text.startswith(("关于", "在"))


def is_source_note(text: str) -> bool:
    return len(text) <= 80 and bool(_SOURCE.match(text))


def is_document_number(text: str) -> bool:
    return len(text) <= 40 and bool(_DOCUMENT_NUMBER.search(text))


def is_debris(text: str) -> bool:
    """Page chrome, a caption, a source note or a 版头 number: never a paragraph of the speech."""
    return is_chrome(text) or is_caption(text) or is_source_note(text) or is_document_number(text)


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text))


def ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in "。！？；!?;…：:，,、"


def is_subtitle(text: str) -> bool:
    """The second line of a title block: a ——line, or a date-and-meeting line."""
    if len(text) > MAX_TITLE_CHARS or text.endswith(("。", "！", "？", "；", "：")):
        return False
    if text.startswith(_DASHES):
        return True
    if _BRACKETED.match(text):
        return bool(_MEETING.search(text)) and "在" in text
    return bool(_SUBTITLE_DATE.match(text) or _SUBTITLE_TAIL.search(text)) and match_marker(text) is None


_GENRE = "通知|通报|意见|决定|办法|规定|细则|方案|规划|计划|要点|报告|请示|批复|函|纪要|讲话|发言|说明|总结|汇报|致辞"
_TITLE_TAIL = re.compile(f"(?:{_GENRE})$")
_OPEN_END = re.compile("(?:的|和|与|及|暨|、|关于|进一步|全面|加快|加强|推进|做好|开展)$")


def continues_title(first: str, second: str) -> bool:
    """A main title set on two lines: 关于进一步加强 / 安全生产工作的通知, or a first line that stops
    on a word that needs more (…的 / …和)."""
    if len(first) + len(second) > MAX_TITLE_CHARS or _TITLE_TAIL.search(first) or is_subtitle(second):
        return False
    opens = first.startswith("关于") and bool(_TITLE_TAIL.search(second))
    return opens or bool(_OPEN_END.search(first))


def is_byline(text: str, name_only: bool = False) -> bool:
    """A speaker, date or venue line under a title (浙江省省长 刘捷 / （2018年9月3日） / 王琛2020.6.20)."""
    if len(text) > MAX_BYLINE_CHARS or text.endswith(("。", "！", "？", "；", "：", "，")):
        return False
    if is_date_line(text) or (_BYLINE.match(text) and not _GENRE_END.search(text)):
        return True
    if _BRACKETED.match(text) and not (_MEETING.search(text) and "在" in text):
        return True  # a venue or date line
    return name_only and bool(_NAME_ONLY.match(text))


def split_glued_byline(text: str) -> tuple[str, str | None]:
    """A title line with a byline stuck to its end → (the title part, the byline)."""
    m = _GLUED_BYLINE.match(text)
    if not m or len(m.group("title")) < 6:
        return text, None
    byline = m.group("byline").strip()
    if not re.search(_OFFICES, byline) and byline[0] not in SURNAMES:
        return text, None  # …讲话提纲: no name
    return m.group("title").rstrip(), byline


def is_salutation(text: str) -> bool:
    """各位代表： / 同志们，朋友们： / 各位领导、同仁，大家下午好！ / 尊敬的…：早上好！ / a 主送机关."""
    if len(text) > MAX_SALUTATION_CHARS or match_marker(text) is not None:
        return False
    greeting = _GREETING.search(text)
    rest = text[: greeting.start()] if greeting else text
    if rest.endswith(("：", ":")):
        rest = rest[:-1]
    elif not greeting:
        return False
    rest = rest.strip("，, ")
    if not rest or len(rest) > 48 or any(c in rest for c in "。！？!?；;"):
        return False
    if _ADDRESSEE.search(rest):
        return True
    return text.endswith(("：", ":")) and (rest.startswith("各") or bool(_BODY_ADDRESSEE.search(rest)))


def names_bodies_only(salutation: str) -> bool:
    """A 主送机关 line (各县（市、区）人民政府：): it addresses offices, not people."""
    rest = salutation.rstrip("：: ")
    people = re.compile("同志|代表|老师|同学|朋友|领导|来宾|家长|女士|先生|们|各位|嘉宾|校友|委员|同仁|员工|教工")
    return bool(_BODY_ADDRESSEE.search(rest) or rest.startswith("各")) and not people.search(rest)


def is_title_like(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE_CHARS
        and not text.endswith(("。", "；", "：", ":", "，", ","))
        and match_marker(text) is None
        and not is_salutation(text)
    )


def _body_like(text: str) -> bool:
    return len(text) > MAX_TITLE_CHARS or (len(text) > 20 and text.endswith(("。", "！", "？")))


@dataclass
class FrontMatter:
    """Where the front of a document ends and what its lines are."""

    title: str | None = None
    subtitle: str | None = None
    title_lines: list[int] = field(default_factory=list)
    subtitle_lines: list[int] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    byline_lines: list[int] = field(default_factory=list)
    salutation: str | None = None
    salutation_line: int | None = None
    debris: list[int] = field(default_factory=list)
    end: int = 0  # the first paragraph after the front matter


def read_front(paras: list[str], taken: list[bool]) -> FrontMatter:
    """Read the front of a document. `taken` marks paragraphs already given a role (blanks)."""
    front = FrontMatter()
    lines = [i for i in range(len(paras)) if not taken[i]]
    if not lines:
        front.end = len(paras)
        return front
    scan = [i for i in lines[:FRONT_SCAN]]
    debris = {i for i in scan if is_debris(paras[i]) or (_MASTHEAD.match(paras[i]) and i == scan[0])}
    sal = _find_salutation(paras, [i for i in scan if i not in debris])
    if sal is not None:
        _read_before_salutation(paras, [i for i in lines if i < sal], debris, front)
        front.salutation, front.salutation_line = paras[sal], sal
        front.end = sal + 1
    else:
        _read_without_salutation(paras, lines, debris, front)
    front.debris = sorted(i for i in debris if i < front.end)
    return front


def _find_salutation(paras: list[str], scan: list[int]) -> int | None:
    leads = 0
    for k, i in enumerate(scan):
        text = paras[i]
        if is_salutation(text):
            return i
        if k and match_marker(text) is not None:
            return None  # the body has begun
        if _body_like(text):
            leads += 1
            if leads > MAX_FRONT_LEADS:
                return None
    return None


def _read_before_salutation(paras: list[str], before: list[int], debris: set[int], front: FrontMatter) -> None:
    """Lines above a salutation: the last title block among them, bylines; the rest is debris."""
    kinds: dict[int, str] = {}
    for i in before:
        text = paras[i]
        if i in debris or is_report_caption(text):
            kinds[i] = "debris"
        elif is_byline(text, name_only=True):
            kinds[i] = "byline"
        elif is_subtitle(text):
            kinds[i] = "subtitle"
        elif is_title_like(text) or (len(text) <= MAX_TITLE_CHARS and text.endswith(("！", "？"))):
            kinds[i] = "title"
        else:
            kinds[i] = "lead"
    shown = [i for i in before if kinds[i] != "debris"]
    for k, i in enumerate(shown[:-1]):
        if kinds[i] == "byline" and _NAME_ONLY.match(paras[i]) and kinds[shown[k + 1]] == "subtitle":
            kinds[i] = "title"  # 走向远方 / ——在…上的讲话: a short title, not a name
    # The title block is the last run of title and subtitle lines with a subtitle, else the last
    # run that bylines follow, else the last run (page chrome may repeat the title above it).
    runs: list[tuple[list[int], bool]] = []  # (lines, followed by a byline)
    run: list[int] = []
    for i in before:
        if kinds[i] == "debris":
            continue
        if kinds[i] in ("title", "subtitle"):
            run.append(i)
            continue
        if run:
            runs.append((run, kinds[i] == "byline"))
            run = []
    if run:
        runs.append((run, False))
    best = next((r for r, _ in reversed(runs) if any(kinds[i] == "subtitle" for i in r)), None)
    best = best or next((r for r, by in reversed(runs) if by), None) or (runs[-1][0] if runs else None)
    if best:
        start = len(best) - 1
        subs = [k for k, i in enumerate(best) if kinds[i] == "subtitle"]
        if subs:
            first = subs[-1]
            while first > 0 and kinds[best[first - 1]] == "subtitle":
                first -= 1
            start = max(0, first - 1)
        while (
            start > 0
            and kinds[best[start - 1]] == "title"
            and continues_title(paras[best[start - 1]], paras[best[start]])
        ):
            start -= 1  # 关于进一步加强… / …工作的通知: one title set on two lines
        block = best[start:]
        _take_title(paras, block, front)
        title_start = block[0]
    else:
        title_start = before[-1] + 1 if before else 0
    for i in before:
        if i in front.title_lines or i in front.subtitle_lines:
            continue
        if i > title_start and kinds[i] in ("byline", "title", "subtitle") and not _body_like(paras[i]):
            front.bylines.append(paras[i])
            front.byline_lines.append(i)
        else:
            debris.add(i)


def _read_without_salutation(paras: list[str], lines: list[int], debris: set[int], front: FrontMatter) -> None:
    """No salutation: the title is the first line that can be one, then its second lines and bylines."""
    k = 0
    while k < len(lines) and k < FRONT_SCAN and (lines[k] in debris or is_report_caption(paras[lines[k]])):
        debris.add(lines[k])
        k += 1
    if k >= len(lines):
        front.end = len(paras)
        return
    first = paras[lines[k]]
    titled = (is_title_like(first) or (len(first) <= MAX_TITLE_CHARS and first.endswith(("！", "？")))) and not (
        is_byline(first)
    )
    if not titled:
        front.end = lines[k]
        return
    block = [lines[k]]
    k += 1
    if k < len(lines) and is_title_like(paras[lines[k]]) and continues_title(first, paras[lines[k]]):
        block.append(lines[k])
        k += 1
    while k < len(lines) and (lines[k] in debris or is_subtitle(paras[lines[k]])):
        if lines[k] not in debris:
            block.append(lines[k])
        k += 1
    _take_title(paras, block, front)
    while k < len(lines) and (lines[k] in debris or is_byline(paras[lines[k]], name_only=True)):
        if lines[k] not in debris:
            front.bylines.append(paras[lines[k]])
            front.byline_lines.append(lines[k])
        k += 1
    front.end = lines[k] if k < len(lines) else len(paras)


def _take_title(paras: list[str], block: list[int], front: FrontMatter) -> None:
    main, *rest = block
    title_text, glued = split_glued_byline(paras[main]) if not rest else (paras[main], None)
    front.title_lines.append(main)
    parts = [title_text]
    for i in rest:
        text, by = split_glued_byline(paras[i])
        if by:
            glued = by
        front.subtitle_lines.append(i)
        if front.subtitle is None and is_subtitle(paras[i]):
            front.subtitle = paras[i]
        if text.startswith(("——", "――")):
            parts[-1] += text
        elif text.startswith(_DASHES):
            parts[-1] += "——" + text.lstrip("—-－")
        else:
            parts.append(text)
    front.title = "\n".join(parts)
    if glued:
        front.bylines.append(glued)
