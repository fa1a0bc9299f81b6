"""The team server's password: never in the settings file.

Settings keep the URL without a password (`without_password`). The password is looked up, in
order: the platform's keyring, when the `keyring` package is installed (Windows Credential
Manager, macOS Keychain, the Secret Service on a Linux desktop); then libpq's own sources
(PGPASSWORD, ~/.pgpass or %APPDATA%\\postgresql\\pgpass.conf), which psycopg reads when no
password is given; else the caller asks the writer at start (`ask`). `keyring` is optional, not
a dependency: on a 麒麟 or UOS PC without a Secret Service it would only fail.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

SERVICE = "speechdraft-team"


def without_password(url: str) -> str:
    """url with any password taken out (what settings may hold)."""
    from sqlalchemy.engine import make_url

    # URL.set(password=None) leaves the password as it is; the NamedTuple's own _replace clears it.
    return make_url(url)._replace(password=None).render_as_string(hide_password=False)


def password_in(url: str) -> str | None:
    from sqlalchemy.engine import make_url

    password = make_url(url).password
    return None if password is None else str(password)


def _account(url: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return f"{u.username}@{u.host}:{u.port or 5432}/{u.database}"


def _keyring():  # noqa: ANN202 - the optional keyring module, or None
    try:
        import keyring  # type: ignore[import-not-found]
    except ImportError:
        return None
    return keyring


def keyring_available() -> bool:
    """Whether a password can be kept in the platform's keyring here."""
    return _keyring() is not None


def team_url_problem(url: str) -> str | None:
    """What is wrong with a team server address as the writer typed it (Chinese), None when usable."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        return f"团队服务器地址写得不对（{exc}）。格式：postgresql+psycopg://用户名@服务器:5432/数据库名"
    if not parsed.drivername.startswith("postgresql"):
        return f"团队服务器地址应以 postgresql+psycopg:// 开头，现在是 {parsed.drivername}://。"
    if not parsed.host or not parsed.username or not parsed.database:
        return "团队服务器地址要写明用户名、服务器和数据库名，例如：postgresql+psycopg://zhang@192.168.1.10:5432/speechdraft"
    return None


def stored_password(url: str) -> str | None:
    """The password the keyring holds for this user and server, if any."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        return keyring.get_password(SERVICE, _account(url))
    except Exception as exc:  # noqa: BLE001 - a keyring backend that fails is no keyring
        log.warning("keyring unavailable: %s", exc)
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep the password in the keyring; False where there is none (the writer is asked each start)."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, _account(url), password)
    except Exception as exc:  # noqa: BLE001
        log.warning("keyring unavailable: %s", exc)
        return False
    return True


def needs_password(exc: BaseException) -> bool:
    """Whether a failed connection failed for want of a (right) password: the writer can be asked."""
    return "password" in str(exc).lower()


def account(url: str) -> str:
    """user@host:port/db, as the password dialog names the login."""
    return _account(url)


def open_team_bank(url: str, *, ask: Callable[[str], str | None] | None = None, tokenizer=None):  # noqa: ANN001, ANN201
    """The team bank at url: with the password in url, the keyring's, libpq's, or (when the
    server asks for one) the writer's answer to ask(account) — remembered in the keyring."""
    from desktop.store.postgres.bank import TeamBank, TeamUnavailableError

    password = password_in(url) or stored_password(url)
    try:
        return TeamBank.open(url, password=password, tokenizer=tokenizer)
    except TeamUnavailableError as exc:
        if ask is None or not needs_password(exc):
            raise
    answer = ask(_account(url))
    if not answer:
        raise TeamUnavailableError("没有输入团队素材库的密码，已改用个人素材库。")
    bank = TeamBank.open(url, password=answer, tokenizer=tokenizer)
    remember_password(url, answer)
    return bank
