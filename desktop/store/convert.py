"""ORM rows → plain records, loaded while their session is open."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store.heading_groups import headings_by_id
from desktop.store.models import Document, Tag, Unit, UnitSource, unit_tags
from desktop.store.records import SourceRef, UnitRecord


def sources_of(session: Session, unit_ids: Sequence[int]) -> dict[int, list[SourceRef]]:
    found: dict[int, list[SourceRef]] = defaultdict(list)
    if not unit_ids:
        return found
    rows = session.execute(
        select(UnitSource.unit_id, Document.id, Document.name, UnitSource.paragraph)
        .join(Document, Document.id == UnitSource.document_id)
        .where(UnitSource.unit_id.in_(unit_ids))
        .order_by(UnitSource.unit_id, Document.id, UnitSource.paragraph)
    )
    for unit_id, doc_id, name, paragraph in rows:
        found[unit_id].append(SourceRef(doc_id, name, paragraph))
    return found


def tags_of(session: Session, unit_ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not unit_ids:
        return found
    rows = session.execute(
        select(unit_tags.c.unit_id, Tag.name)
        .join(Tag, Tag.id == unit_tags.c.tag_id)
        .where(unit_tags.c.unit_id.in_(unit_ids))
        .order_by(Tag.name)
    )
    for unit_id, name in rows:
        found[unit_id].append(name)
    return found


def unit_records(session: Session, units: Sequence[Unit]) -> list[UnitRecord]:
    ids = [u.id for u in units]
    sources, tags = sources_of(session, ids), tags_of(session, ids)
    groups = headings_by_id(session, [u.group_id for u in units])
    return [
        UnitRecord(
            id=u.id,
            text=u.text,
            kind=u.kind,
            speech_type=u.speech_type,
            keywords=tuple(u.keywords or ()),
            slots=u.slots,
            group=groups.get(u.group_id, ()) if u.group_id else (),
            favourite=bool(u.favourite),
            uses=u.uses,
            tags=tuple(tags.get(u.id, ())),
            sources=tuple(sources.get(u.id, ())),
            deleted_at=u.deleted_at,
            created_at=u.created_at,
            updated_at=u.updated_at,
            last_used_at=u.last_used_at,
            dated=u.dated,
        )
        for u in units
    ]


def unit_record(session: Session, unit: Unit) -> UnitRecord:
    session.flush()
    return unit_records(session, [unit])[0]
