"""Groups of sibling headings, stored once per group (store.models.HeadingGroup).

Each heading unit points at the group it stood in; the group's texts are one row, however many
headings share it, so N siblings cost N texts and not N² (issue 13: 5,000 sibling headings made
a 930 MB bank when every heading held the whole list).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the import writer uses group_key without loading SQLAlchemy
    from sqlalchemy.orm import Session


def group_key(headings: Sequence[str]) -> str:
    """The group's identity: the same texts in the same order are the same group."""
    return hashlib.sha256(json.dumps(list(headings), ensure_ascii=False).encode("utf-8")).hexdigest()


def group_id(session: Session, headings: Sequence[str], known: dict[str, int] | None = None) -> int | None:
    """The id of the group of these headings, stored first if the bank lacks it; None for no group.

    `known` (group key → id) saves the lookups of groups met before in the same transaction."""
    from sqlalchemy import select

    from desktop.store.models import HeadingGroup

    if not headings:
        return None
    key = group_key(headings)
    if known is not None and key in known:
        return known[key]
    found = session.scalar(select(HeadingGroup.id).where(HeadingGroup.group_key == key))
    if found is None:
        row = HeadingGroup(group_key=key, headings=list(headings))
        session.add(row)
        session.flush()
        found = row.id
    if known is not None:
        known[key] = found
    return found


def headings_by_id(session: Session, ids: Sequence[int | None]) -> dict[int, tuple[str, ...]]:
    from sqlalchemy import select

    from desktop.store.models import HeadingGroup

    wanted = sorted({i for i in ids if i is not None})
    found: dict[int, tuple[str, ...]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for gid, headings in session.execute(
            select(HeadingGroup.id, HeadingGroup.headings).where(HeadingGroup.id.in_(chunk))
        ):
            found[gid] = tuple(headings or ())
    return found


def drop_unused(session: Session) -> None:
    """Delete the groups no unit points at any more (after units were deleted for good)."""
    from sqlalchemy import delete, select

    from desktop.store.models import HeadingGroup, Unit

    used = select(Unit.group_id).where(Unit.group_id.is_not(None))
    session.execute(delete(HeadingGroup).where(HeadingGroup.id.not_in(used)))
