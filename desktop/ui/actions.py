"""Every QAction, its shortcut, the menus and the toolbar, in one place.

The main window connects `triggered` of these actions to its handlers in one block; no other
module makes a QAction with a shortcut.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar, QToolBar

StdKey = QKeySequence.StandardKey


class MainActions:
    """The main window's actions, menus and toolbar."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window

        def act(text: str, shortcut: QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
            action = QAction(text, window)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if tip:
                action.setStatusTip(tip)
                action.setToolTip(tip)
            window.addAction(action)  # shortcuts work while any child widget has focus
            return action

        # 文件
        self.new_draft = act("新建讲稿(&N)…", StdKey.New, "选择讲话类型和结构，新建讲稿")
        self.open_draft = act("打开(&O)…", StdKey.Open, "打开草稿，或把 Word/文本文件作为草稿打开")
        self.save = act("保存(&S)", StdKey.Save, "保存草稿")
        self.save_as = act("另存为(&A)…", "Ctrl+Shift+S", "把草稿另存为新文件")
        self.export = act("导出(&E)…", "Ctrl+E", "导出为 Word、文本或 Markdown 文件")
        self.settings = act("设置(&T)…", None, "字体、语速、数据文件夹和版式")
        self.quit = act("退出(&X)", StdKey.Quit)
        # 编辑
        self.undo = act("撤销(&U)", StdKey.Undo)
        self.redo = act("重做(&R)", "Ctrl+Y")
        self.cut = act("剪切(&T)", StdKey.Cut)
        self.copy = act("复制(&C)", StdKey.Copy)
        self.paste = act("粘贴(&P)", StdKey.Paste)
        self.select_all = act("全选(&L)", StdKey.SelectAll)
        self.find = act("查找(&F)…", StdKey.Find)
        self.replace = act("替换(&H)…", "Ctrl+H")
        self.next_slot = act("下一个空位", None, "跳到下一个待填空位（Tab）")
        self.previous_slot = act("上一个空位", None, "跳到上一个待填空位（Shift+Tab）")
        self.add_to_bank = act("选中文字加入素材库…", "Ctrl+Shift+B")
        # 提纲
        self.section_up = act("本节上移", "Alt+Shift+Up", "把光标所在的一节（连同下级）上移")
        self.section_down = act("本节下移", "Alt+Shift+Down", "把光标所在的一节（连同下级）下移")
        self.promote = act("升级", "Alt+Shift+Left", "把光标所在的标题升一级")
        self.demote = act("降级", "Alt+Shift+Right", "把光标所在的标题降一级")
        self.renumber = act("重新编号", None, "按提纲重新编写标题序号")
        # 工具
        self.compose = act("一键成稿…", None, "按类型和结构生成完整初稿")
        self.check = act("检查(&C)", "F5", "检查讲稿：空位、序号、字数和时长")
        self.bank_window = act("素材库(&B)…", "Ctrl+B", "管理素材库：搜索、编辑、导入、备份")
        self.team_bank = act("团队素材库(&G)…", None, "办公室共用的团队素材库：团队素材、提交与审核、提交文档")
        self.focus_phrases = act("搜索素材", "Ctrl+K", "把光标移到素材搜索框")
        self.focus_editor = act("回到正文", "Ctrl+Shift+E")
        self.focus_outline = act("转到提纲", "Ctrl+Shift+O")
        # 帮助
        self.guide = act("使用入门(&G)", StdKey.HelpContents, "讲稿助手的基本用法")
        self.shortcuts = act("快捷键一览(&K)", None, "列出所有快捷键")
        self.open_data_folder = act("打开数据文件夹(&D)", None, "在文件管理器中打开素材库、草稿和自动保存所在的文件夹")
        self.about = act("关于讲稿助手(&A)", None)

        self.view_actions: list[QAction] = []  # dock toggles, filled by the window

    def build_menus(self, menubar: QMenuBar) -> None:
        file_menu = menubar.addMenu("文件(&F)")
        for a in (self.new_draft, self.open_draft):
            file_menu.addAction(a)
        self.recent_menu = file_menu.addMenu("最近打开(&R)")  # filled by the window from the recent list
        for a in (self.save, self.save_as):
            file_menu.addAction(a)
        file_menu.addSeparator()
        file_menu.addAction(self.export)
        file_menu.addSeparator()
        file_menu.addAction(self.settings)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)

        edit = menubar.addMenu("编辑(&E)")
        for a in (self.undo, self.redo):
            edit.addAction(a)
        edit.addSeparator()
        for a in (self.cut, self.copy, self.paste, self.select_all):
            edit.addAction(a)
        edit.addSeparator()
        for a in (self.find, self.replace):
            edit.addAction(a)
        edit.addSeparator()
        for a in (self.next_slot, self.previous_slot, self.add_to_bank):
            edit.addAction(a)

        outline = menubar.addMenu("提纲(&O)")
        for a in (self.section_up, self.section_down, self.promote, self.demote):
            outline.addAction(a)
        outline.addSeparator()
        outline.addAction(self.renumber)

        tools = menubar.addMenu("工具(&T)")
        for a in (self.compose, self.check, self.bank_window, self.team_bank):
            tools.addAction(a)

        self.view_menu = menubar.addMenu("视图(&V)")
        for a in (self.focus_phrases, self.focus_outline, self.focus_editor):
            self.view_menu.addAction(a)
        self.view_menu.addSeparator()

        help_menu = menubar.addMenu("帮助(&H)")
        for a in (self.guide, self.shortcuts, self.open_data_folder):
            help_menu.addAction(a)
        help_menu.addSeparator()
        help_menu.addAction(self.about)

    def shortcut_lines(self) -> list[str]:
        """Every action with a shortcut, as 帮助 → 快捷键一览 lists them."""
        lines = []
        for action in self._window.actions():
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                lines.append(f"{action.text().replace('&', '').split('(')[0].rstrip('…')}\t{keys}")
        return lines

    def add_view_toggle(self, action: QAction) -> None:
        self.view_actions.append(action)
        self.view_menu.addAction(action)

    def build_toolbar(self, toolbar: QToolBar) -> None:
        for a in (self.new_draft, self.open_draft, self.save):
            toolbar.addAction(a)
        toolbar.addSeparator()
        for a in (self.undo, self.redo):
            toolbar.addAction(a)
        toolbar.addSeparator()
        for a in (self.section_up, self.section_down, self.promote, self.demote):
            toolbar.addAction(a)
        toolbar.addSeparator()
        for a in (self.check, self.export, self.bank_window):
            toolbar.addAction(a)
