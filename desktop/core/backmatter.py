"""What follows a speech: appendices, 落款 and 成文日期, 版记, source notes and page chrome.

An appendix begins at a label line in the second half of a document (附件 / 附件1 / 附：… /
名词解释 / 注释 / 相关报道：) and runs to its end. Below the last paragraph of the text a document
may carry a signature (the issuing body), a date, 版记 lines (抄送：… / …印发), source notes and
the chrome of a web page; read from the end up, these are left out too. What remains ends with
the closing paragraph, which core.structure finds.
"""

from __future__ import annotations

import re

from desktop.core import frontmatter as fm

_HAN = "\u4e00-\u9fff"
_APPENDIX_START = re.compile(
    r"^(?:附件|附录|附表|附)\s*[0-9０-９一二三四五六七八九十]*\s*(?:[：:．.、]|$)"
    r"|^(?:名词解释|名词注释|注释|注解|相关报道|相关链接|相关阅读|相关新闻|延伸阅读|相关文档|附件下载)\s*[：:]?$"
)
# 版记: 抄送：… / 主送：… / XX办公室 2024年3月1日印发.
_DISTRIBUTION = re.compile(r"^(?:主送|抄送|抄报|分送|发送|报送)[：:]|印发$|^[（(]此页无正文[）)]$")
# 落款: the issuing body alone on a line (中共绍兴市第一中学委员会 / 某某市人民政府办公室).
_SIGNATURE = re.compile(
    rf"^[{_HAN}（）()·]{{2,30}}(?:委员会|人民政府|政府|办公室|办公厅|党委|党组|支部|总支|局|厅|部|处|科|院|所|校|学校|中学|小学|大学"
    rf"|公司|集团|中心|协会|学会|联合会|工会|团委)$"
)
_THANKS = re.compile(r"^(?:谢谢|感谢)(?:大家|各位|您|你们)?(?:的聆听|的倾听)?[！!。.]*$")
_LATE_DATE = re.compile(r"^[（(]?\s*\d{4}\s*[年.．/\-]\s*\d{1,2}\s*[月.．/\-]\s*\d{1,2}\s*日?\s*[）)]?$")


_LABEL = re.compile(r"^(?:附件|附录|附表|附)\s*[0-9０-９一二三四五六七八九十]*\s*[：:]")


def is_label(text: str) -> bool:
    """附：… / 附件2：… — a line that names something attached."""
    return bool(_LABEL.match(text))


def is_appendix_start(text: str) -> bool:
    return len(text) <= 60 and bool(_APPENDIX_START.match(text))


def is_trailer(text: str) -> bool:
    """A line that may follow the text: a signature, a date, 版记, a source note, page chrome."""
    return (
        fm.is_debris(text)
        or fm.is_date_line(text)
        or bool(_LATE_DATE.match(text))
        or bool(_DISTRIBUTION.search(text))
        or bool(_SIGNATURE.match(text))
        or (len(text) <= 20 and fm.is_byline(text))
    )


def is_thanks(text: str) -> bool:
    """A bare sign-off line: 谢谢！ / 谢谢大家！"""
    return bool(_THANKS.match(text))


def read_back(paras: list[str], taken: list[bool], start: int) -> tuple[int, list[int], list[int]]:
    """(end of the text, appendix lines, trailer lines) for the paragraphs from `start` on.

    The appendix is everything from its label line on; trailers are the lines above it (or above
    the end) that are signatures, dates, 版记, notes or chrome, read from the bottom up.
    """
    lines = [i for i in range(start, len(paras)) if not taken[i]]
    if not lines:
        return len(paras), [], []
    half = lines[len(lines) // 2]
    appendix_at = next((i for i in lines if i >= half and is_appendix_start(paras[i])), None)
    end = appendix_at if appendix_at is not None else len(paras)
    appendix = [i for i in lines if i >= end]
    trailers: list[int] = []
    for i in reversed([i for i in lines if i < end]):
        if not is_trailer(paras[i]):
            break
        trailers.append(i)
    return end, appendix, sorted(trailers)


# ---------------------------------------------------------------- units that are no part of a speech

_GLOSSARY_ENTRY = re.compile(r"^\d{1,2}\s*[.．、]\s*[“\"][^”\"]{1,20}[”\"]\s*[：:]|^[［\[]\d{1,3}[］\]]")
_PLACEHOLDER = re.compile(
    r"^[（(【\[]?\s*(?:此处)?(?:有)?(?:略|删节|省略|全文完|完|待补充|待填|图片|视频)\s*[）)】\]]?$"
    r"|^[×xX＊*]{2,}$|^(?:【[^】]{1,6}】[\s、，,。]*)+$"
)
_CLASS_NAME = re.compile(r"(?:高|初)?[一二三]?\s*[（(]\s*\d{1,2}\s*[）)]\s*班|\d{1,2}\s*班")
_LIST_SPLIT = re.compile(r"[、，,\s]+")
NAME_LIST_MIN_ITEMS = 4


def is_name_list(text: str) -> bool:
    """周某、吴某某、郑某某、王某: a list of people's names (most items a surname and one or two more)."""
    items = [i for i in _LIST_SPLIT.split(text.strip("。；;：: ")) if i]
    if len(items) < NAME_LIST_MIN_ITEMS:
        return False
    names = [i for i in items if 2 <= len(i) <= 3 and i[0] in fm.SURNAMES and re.fullmatch(f"[{_HAN}]+", i)]
    # 高起点、高标准、高质量、高效率 share their first character: a parallel run, not names
    return len(names) >= 0.8 * len(items) and len({n[0] for n in names}) >= 0.6 * len(names)


def is_class_list(text: str) -> bool:
    """高一（3）班、高二（5）班、…: a list of classes."""
    return len(_CLASS_NAME.findall(text)) >= 3 and len(_CLASS_NAME.sub("", text).strip("、，,。；：: ")) < 12


def is_not_speech(text: str, kind: str | None = None) -> bool:
    """Whether a would-be unit of the bank is metadata or debris rather than words of the speech:
    chrome, captions, source notes, document numbers, dates, bylines and venue lines, 主送/抄送/印发,
    signatures, attachment labels, glossary entries, placeholders, name and class lists, and a
    salutation that only names offices (a 公文's 主送机关)."""
    flat = text.strip()
    if not flat:
        return True
    if kind == "称呼":
        return fm.names_bodies_only(flat)
    if len(flat) <= fm.MAX_BYLINE_CHARS and (fm.is_byline(flat) or _SIGNATURE.match(flat)):
        return True
    return (
        is_trailer(flat)
        or is_appendix_start(flat)
        or bool(_GLOSSARY_ENTRY.match(flat))
        or bool(_PLACEHOLDER.match(flat))
        or is_name_list(flat)
        or is_class_list(flat)
    )
