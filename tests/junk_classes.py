"""What must never be a unit of the phrase bank: the junk classes of issue 11, as a reader sees them.

Written apart from the parser's own rules (core.frontmatter, core.backmatter, core.phrases) so
that the bank can be checked against them: each class is a pattern over a unit's text (and, for
the salutation of a 公文, its kind), describing what a page or a Word file carries around a
speech: site chrome, photo captions, bylines, venue lines, source notes, dates, document
numbers, 主送/抄送/印发 lines, placeholders, name and class lists, attachment labels and the
entries of a glossary appendix. tests/core/test_bank_hygiene.py and bench/bank_hygiene.py use it.
"""

from __future__ import annotations

import re

_HAN = r"\u4e00-\u9fff"
# The 100 commonest surnames: a name list is a list of items that start with one of them.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_TITLES = (
    "书记|副书记|省长|副省长|市长|副市长|县长|副县长|区长|主席|副主席|校长|副校长|主任|副主任|局长|副局长|厅长"
    "|部长|院长|处长|科长|委员|董事长|总经理|老师|教授|同学"
)

CLASSES: dict[str, re.Pattern[str]] = {
    # Site chrome: download/print/font-size bars, breadcrumbs, share boxes, page time stamps.
    "chrome": re.compile(
        r"^(下载|打印|全屏|收藏|分享|首页|返回|关闭|【?字[号体]|扫一扫|打印本页|关闭窗口|当前位置|上一篇|下一篇|相关报道"
        r"|发表时间|发布时间|阅读量|浏览次数)[\s:：】]*"
        r"|^\d{4}-\d{2}-\d{2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$"
    ),
    # Photo captions: …作政府工作报告。本报记者 某某 摄 / 图为… / （资料图）.
    "caption": re.compile(
        rf"(记者|通讯员|摄影|图\s*/)[{_HAN}·\s/]{{0,20}}摄\s*$|^图为|[（(](资料)?图[)）]$|记者[{_HAN}]{{2,4}}$"
    ),
    # Bylines: an office and a name, or a name and a date, on a short line of their own.
    "byline": re.compile(
        rf"^[{_HAN}、·（）()]{{0,24}}({_TITLES})\s*[{_HAN}·]{{2,4}}$"
        rf"|^[{_HAN}]{{2,4}}\s*\d{{4}}[.．/\-年]\d{{1,2}}([.．/\-月]\d{{1,2}}日?)?$"
    ),
    # Venue lines: when and where, in brackets: （1月13日下午4点，行政楼会议室四）.
    "venue": re.compile(
        r"^[（(][^（）()]{0,40}(上午|下午|晚上|\d{1,2}[点时:：]|会议室|礼堂|报告厅|体育馆|大会堂|会场)[^（）()]{0,40}[）)]$"
    ),
    # Source notes: （来源：新华社）, 编辑：…, （新华社北京4月24日电）.
    "source": re.compile(
        r"^[（(]?(来源|稿源|信息来源|文章来源|转自|转载自|责任编辑|编辑|审核|校对|作者)[：:]"
        r"|[（(]来源[：:][^）)]*[）)]\s*$|^[（(][^（）()]{0,20}(社|报)[^（）()]{0,12}电[）)]"
    ),
    # Dates on their own: 2023.12.31, （2018年9月3日）, 二〇二六年一月二十七日, 2021年1月18.
    "date": re.compile(
        r"^[（(]?\s*\d{4}\s*[.．/\-年]\s*\d{1,2}\s*([.．/\-月]\s*\d{1,2}\s*日?)?\s*[）)]?$"
        r"|^[（(]?[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月([一二三四五六七八九十]{1,3}日)?[）)]?$"
    ),
    # Document numbers and copy numbers: 绍政办发〔2024〕3号, 000123, 密级 lines.
    "document number": re.compile(
        r"[〔［\[]\s*\d{4}\s*[〕］\]]\s*\d+\s*号|^[（(]?\d{4,8}[）)]?$|^(份号|密级|紧急程度|签发人)[：:]|^(特急|加急|平急)$"
    ),
    # 主送/抄送/印发 lines of a 公文.
    "distribution": re.compile(
        r"^(主送|抄送|抄报|分送|发送|印发)[：:]|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$|印发$"
    ),
    # Placeholders: （略）, 此处有删节, （全文完）, ×××, 【待填】 alone.
    "placeholder": re.compile(
        r"^[（(【\[]?\s*(此处)?(有)?(略|删节|省略|全文完|完|待补充|待填|图片|视频)\s*[）)】\]]?$"
        r"|^[×xX＊*]{2,}$|^(【(数字|地名|待填)】[\s、，]*)+$"
    ),
    # Attachment labels: 附件：1．…, 附：…, 附件2.
    "attachment": re.compile(r"^(附件|附)\s*\d*\s*[：:．.]|^附件\s*\d*$"),
    # Entries of a 名词解释 appendix: 12.“单一窗口”：…
    "glossary entry": re.compile(r"^\d{1,2}\s*[.．、]\s*[“\"][^”\"]{1,20}[”\"]\s*[：:]"),
}


def _name_list(text: str) -> bool:
    items = [i for i in re.split(r"[、，,\s]+", text.strip("。；")) if i]
    if len(items) < 4:
        return False
    names = [i for i in items if 2 <= len(i) <= 3 and i[0] in SURNAMES and re.fullmatch(f"[{_HAN}]+", i)]
    return len(names) >= 0.8 * len(items)


_CLASS_NAME = re.compile(r"(高|初)?[一二三]?\s*[（(]\s*\d{1,2}\s*[）)]\s*班|\d{1,2}\s*班")


def _class_list(text: str) -> bool:
    return len(_CLASS_NAME.findall(text)) >= 3 and len(_CLASS_NAME.sub("", text).strip("、，,。；： ")) < 12


# A salutation that names bodies, not people: the 主送机关 of a 公文 is the document's metadata.
_PEOPLE = re.compile("同志|代表|老师|同学|朋友|领导|来宾|家长|女士|先生|们|各位|嘉宾|校友|委员")
_BODIES = re.compile("人民政府|委员会|部门|单位|办公室|办事处|党组|直属|局|厅|委|办")


def junk_class(text: str, kind: str | None = None) -> str | None:
    """The junk class a unit's text belongs to, or None when it may stand in the bank."""
    flat = re.sub(r"[ \u3000]+", " ", text.strip())
    for name, pattern in CLASSES.items():
        if pattern.search(flat):
            return name
    if _name_list(flat):
        return "name list"
    if _class_list(flat):
        return "class list"
    if kind == "称呼" and _BODIES.search(flat) and not _PEOPLE.search(flat):
        return "distribution"
    return None
