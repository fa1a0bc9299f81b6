"""Qt's own Chinese: the standard dialogs (打开/保存/取消, 是/否, 查找范围/文件名称) in the UI language.

PySide6 ships Qt's translation catalogues (translations/qtbase_zh_CN.qm); they are loaded at start.
Some of Qt's strings carry a mnemonic the catalogue lacks ("&Look in:" where the catalogue has
"Look in:"): a second translator answers those from the catalogue's entry for the plain text and
puts the mnemonic after it the Chinese way (查找范围(&L)：), so no English is left in the dialogs.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

CATALOGUES = ("qtbase_zh_CN",)
_MNEMONIC = re.compile(r"&(\w)")
_COLONS = ":："


def translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


class MnemonicFallback(QTranslator):
    """Translates "&Look in:" as the catalogue translates "Look in:", with the mnemonic kept."""

    def __init__(self, catalogue: QTranslator) -> None:
        super().__init__()
        self._catalogue = catalogue

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None (a null string) lets Qt ask the next translator; "" would be taken as the answer.
        if not source or "&" not in source:
            return None
        direct = self._catalogue.translate(context, source, disambiguation, n)
        if direct:
            return direct
        found = _MNEMONIC.search(source)
        if found is None:
            return None
        plain = source.replace("&&", "\0").replace("&", "").replace("\0", "&")
        text = self._catalogue.translate(context, plain, disambiguation, n)
        if not text or "&" in text:
            return None
        colon = ""
        while text and text[-1] in _COLONS:
            colon, text = text[-1] + colon, text[:-1]
        return f"{text}(&{found.group(1).upper()}){colon.replace(':', '：')}"


def install_chinese(app: QApplication) -> list[QTranslator]:
    """Load Qt's Chinese catalogues into the application; the translators installed (kept alive by
    the caller: Qt does not own them). Empty when the catalogues are missing (English dialogs then)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    installed: list[QTranslator] = []
    folder = translations_folder()
    for name in CATALOGUES:
        catalogue = QTranslator(app)
        if not catalogue.load(name, folder):
            continue
        app.installTranslator(catalogue)
        fallback = MnemonicFallback(catalogue)
        app.installTranslator(fallback)  # asked first: installed last
        installed += [catalogue, fallback]
    return installed
