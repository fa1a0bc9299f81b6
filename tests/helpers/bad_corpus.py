"""The bad-input corpus, generated into a folder: every kind of file a writer may hand the app.

Each Case says what the file is and what must happen to it: refused with a message containing
`expect` (a fragment of the reader's Chinese message), or read with the same paragraphs as
the clean UTF-8 original (`same_as`).
"""

from __future__ import annotations

import io
import os
import random
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.zip_parts import rezip

HUGE_BYTES = 200 * 1024 * 1024
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

SIMPLIFIED = (
    "在全县经济工作会议上的讲话\n"
    "同志们：\n"
    "今天召开会议，主要任务是总结上半年工作，部署下半年任务。\n"
    "一、稳中求进，经济运行持续向好\n"
    "上半年，全县地区生产总值同比增长百分之六点五，固定资产投资稳步增长，𠮷祥物产业园顺利开工。\n"
    "二、真抓实干，确保全年目标完成\n"
    "各级各部门要切实扛起责任，以钉钉子精神抓好各项工作落实。\n"
    "同志们，让我们团结一心，奋力完成全年目标任务！\n"
)
# 𠮷 (U+20BB7) exists only in GB18030, not GBK: the GB18030 case needs it, the others drop it.
GBK_SAFE = SIMPLIFIED.replace("𠮷祥物", "吉祥物")
TRADITIONAL = (
    "各位委員，同志們：\n"
    "今天我們召開會議，主要任務是總結上半年工作，部署下半年任務。\n"
    "經濟發展穩中有進，人民生活持續改善，社會大局和諧穩定。\n"
    "我們要堅持穩中求進工作總基調，推動各項事業再上新台階。\n"
)


@dataclass(frozen=True)
class Case:
    name: str  # what the file is, for test ids and the report
    file: str  # its name in the corpus folder
    expect: str | None = None  # refused: a fragment of the message
    same_as: str | None = None  # read: the text it must read as
    note: str = ""


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xxe_document_xml() -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>机密：&xxe;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()


def _bomb_document_xml() -> bytes:
    # 40 MB of spaces deflates to about 40 KB: a ratio no real document has.
    return b'<w:document xmlns:w="' + W_NS.encode() + b'">' + b" " * (40 * 1024 * 1024) + b"</w:document>"


def write_sparse(path: Path, size: int, head: bytes) -> Path:
    """A file of `size` bytes that takes no disk: `head`, then a hole."""
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)
    return path


UTF16_TEXT = GBK_SAFE * 4  # long enough for the encoding guess to be sure


def build_corpus(folder: Path) -> list[Case]:
    """Write every bad input into folder; return the cases in a fixed order."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(6)
    good_docx = _docx(SIMPLIFIED.splitlines())
    utf16_text = UTF16_TEXT
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "blank.txt": " \r\n\r\n\t\u3000\n".encode("utf-8"),
        "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)),
        "random-bytes.txt": bytes(rng.randrange(256) for _ in range(8192)),
        "not-a-zip.docx": "这其实是一段纯文本，只是扩展名改成了 docx。".encode(),
        "truncated.docx": good_docx[: len(good_docx) // 2],
        "zip-bomb.docx": rezip(good_docx, {"word/document.xml": _bomb_document_xml()}),
        "external-entity.docx": rezip(good_docx, {"word/document.xml": _xxe_document_xml()}),
        "old-word.doc": OLE_MAGIC + bytes(rng.randrange(256) for _ in range(2048)),
        "old-wps.wps": OLE_MAGIC + bytes(rng.randrange(256) for _ in range(2048)),
        "old-word-renamed.docx": OLE_MAGIC + bytes(rng.randrange(256) for _ in range(2048)),
        "gbk.txt": GBK_SAFE.encode("gbk"),
        "gb18030.txt": SIMPLIFIED.encode("gb18030"),
        "big5.txt": TRADITIONAL.encode("big5"),
        "utf16-bom.txt": b"\xff\xfe" + utf16_text.encode("utf-16-le"),
        "utf16be-bom.txt": b"\xfe\xff" + utf16_text.encode("utf-16-be"),
        "utf16-no-bom.txt": utf16_text.encode("utf-16-le"),
        "no-chinese.txt": b"Quarterly report\r\nRevenue grew 5 percent in Q2.\r\nThank you.\r\n",
        "名字 有 空格 的 讲稿（定稿）.txt": GBK_SAFE.encode("utf-8"),
        "名字 有 空格 的 讲稿.docx": good_docx,
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    write_sparse(folder / "huge-200MB.txt", HUGE_BYTES, SIMPLIFIED.encode("utf-8"))
    return CASES


CASES = [
    Case("empty file", "empty.txt", expect="文件是空的"),
    Case("only blank lines", "blank.txt", expect="文件是空的"),
    Case("binary renamed .txt", "binary.txt", expect="不是文本文件"),
    Case("random bytes as .txt", "random-bytes.txt", expect="不是文本文件"),
    Case(".docx that is not a zip", "not-a-zip.docx", expect="不是有效的 .docx"),
    Case("truncated .docx", "truncated.docx", expect="不完整或已损坏"),
    Case("zip bomb .docx", "zip-bomb.docx", expect="解压后过大"),
    Case(".docx with external entity", "external-entity.docx", expect="不安全的 XML"),
    Case("old binary .doc", "old-word.doc", expect="另存为 .docx"),
    Case(".wps", "old-wps.wps", expect="另存为 .docx"),
    Case(".doc renamed .docx", "old-word-renamed.docx", expect="另存为 .docx"),
    Case("200 MB text file", "huge-200MB.txt", expect="文件太大（200.0 MB）"),
    Case("no Chinese at all", "no-chinese.txt", expect="没有中文"),
    Case("GBK", "gbk.txt", same_as=GBK_SAFE),
    Case("GB18030 (with a character outside GBK)", "gb18030.txt", same_as=SIMPLIFIED),
    Case("Big5", "big5.txt", same_as=TRADITIONAL),
    Case("UTF-16 LE with BOM", "utf16-bom.txt", same_as=UTF16_TEXT),
    Case("UTF-16 BE with BOM", "utf16be-bom.txt", same_as=UTF16_TEXT),
    Case("UTF-16 LE without BOM", "utf16-no-bom.txt", same_as=UTF16_TEXT),
    Case("name with spaces and Chinese (.txt)", "名字 有 空格 的 讲稿（定稿）.txt", same_as=GBK_SAFE),
    Case("name with spaces and Chinese (.docx)", "名字 有 空格 的 讲稿.docx", same_as=SIMPLIFIED),
]


def build_big_folder(folder: Path, count: int, good: int, seed: int = 6) -> tuple[set[str], set[str]]:
    """`count` files, `good` of them small readable speeches, the rest unreadable in some way.

    Returns (good file names, bad file names). Bad files rotate through empty, binary, no
    Chinese, an undecidable encoding, a damaged .docx and, where the OS enforces it for this
    user, a file without read permission.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    can_lock = os.geteuid() != 0  # root reads files whatever their mode
    good_names: set[str] = set()
    bad_names: set[str] = set()
    kinds = ["empty", "binary", "latin", "damaged"] + (["locked"] if can_lock else [])
    good_at = set(rng.sample(range(count), good))
    for i in range(count):
        sub = folder / f"第{i // 500 + 1}批"  # nested folders, as a real archive has
        sub.mkdir(exist_ok=True)
        if i in good_at:
            name = f"讲话 {i:04d}.txt"
            text = (
                f"在第{i}次工作会议上的讲话\n同志们：\n"
                f"第{i}项工作已经部署，各单位要抓好落实，确保按期完成{i % 97}项任务。\n"
            )
            (sub / name).write_text(text, encoding="utf-8")
            good_names.add(name)
            continue
        kind = kinds[i % len(kinds)]
        name = f"坏文件 {i:04d}.{'docx' if kind == 'damaged' else 'txt'}"
        path = sub / name
        if kind == "empty":
            path.write_bytes(b"")
        elif kind == "binary":
            path.write_bytes(bytes(rng.randrange(256) for _ in range(256)))
        elif kind == "latin":
            path.write_bytes(b"plain English notes, no Chinese here\n")
        elif kind == "damaged":
            path.write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(200)))
        else:
            path.write_text("锁住的文件，读不到。\n", encoding="utf-8")
            path.chmod(0)
        bad_names.add(name)
    return good_names, bad_names
