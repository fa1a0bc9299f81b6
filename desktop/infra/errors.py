"""The base of every error whose message is meant for the writer.

`str(err)` is Simplified Chinese and says what is wrong and what to do. The command line
prints it to stderr and exits non-zero; the window shows it in a message box.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the writer can understand and act on."""


_OS_REASONS = {
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘配额已用完",
    "EROFS": "磁盘或文件夹是只读的",
    "EACCES": "没有权限",
    "EPERM": "操作不被允许，文件可能被锁定或设为只读",
    "EBUSY": "文件正被其他程序占用",
    "ETXTBSY": "文件正被其他程序占用",
    "ENOENT": "文件或文件夹不存在",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EISDIR": "这是一个文件夹，不是文件",
    "ENAMETOOLONG": "文件名太长",
    "EIO": "磁盘读写出错",
    "EMFILE": "打开的文件太多",
    "EEXIST": "文件已存在",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese; the system's own words only when we have none."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    winerror = getattr(exc, "winerror", None)
    if winerror in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return "文件正被其他程序（如 Word、WPS）占用"
    return exc.strerror or str(exc) or type(exc).__name__
