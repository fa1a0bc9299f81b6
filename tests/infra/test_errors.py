from __future__ import annotations

import errno

from desktop.infra.errors import os_reason


def test_system_reasons_are_told_in_chinese():
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "磁盘或文件夹是只读的"
    assert os_reason(PermissionError(errno.EPERM, "Operation not permitted")).startswith("操作不被允许")


def test_unknown_reasons_fall_back_to_the_systems_words():
    assert os_reason(OSError(errno.ECONNRESET, "Connection reset by peer")) == "Connection reset by peer"
    assert os_reason(OSError("plain")) == "plain"
