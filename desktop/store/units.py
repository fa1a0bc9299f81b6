"""The writer's own operations on units. Each is one transaction and returns what changed."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from desktop.core.phrases import SLOT_RE, dedup_key, phrase_kinds
from desktop.store.convert import unit_record, unit_records
from desktop.store.errors import BankError, DuplicateUnitError, EmptyTextError, UnitNotFoundError
from desktop.store.heading_groups import drop_unused
from desktop.store.models import Document, Tag, Unit, UnitSource, unit_tags
from desktop.store.records import UnitRecord, utc_now
from desktop.store.sqlite.context import BankContext
from desktop.store.terms import grams
from desktop.text.tokenizer import Tokenizer, keywords_from_tokens

MAX_TAG_LENGTH = 100


def index_fields(tokenizer: Tokenizer, text: str) -> dict:
    """tokens (its words), grams (its index, store.terms), keywords and slots computed from a unit's text."""
    tokens = tokenizer.cut(SLOT_RE.sub(" ", text))
    return {
        "tokens": " ".join(tokens),
        "grams": grams(text),
        "keywords": keywords_from_tokens(tokens),
        "slots": len(SLOT_RE.findall(text)),
    }


def today_dated() -> int:
    """Today as units.dated holds a date (yyyymmdd): the date of a unit the writer types in."""
    today = utc_now()
    return today.year * 10000 + today.month * 100 + today.day


def _clean_text(text: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned or not dedup_key(cleaned):
        raise EmptyTextError()
    return cleaned


def _check_kind(kind: str) -> str:
    kinds = phrase_kinds()
    if kind not in kinds:
        raise BankError(f"未知的句子类别“{kind}”。可选的类别有：{'、'.join(kinds)}。")
    return kind


def clean_tag(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise BankError("标签名为空，请输入标签名。")
    if len(cleaned) > MAX_TAG_LENGTH:
        raise BankError(f"标签名太长（{len(cleaned)} 个字），请控制在 {MAX_TAG_LENGTH} 个字以内。")
    return cleaned


def get_or_create_tag(session: Session, name: str) -> Tag:
    tag = session.scalar(select(Tag).where(Tag.name == name))
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
        session.flush()
    return tag


def _unit(session: Session, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise UnitNotFoundError(unit_id)
    return unit


def get_unit(ctx: BankContext, unit_id: int) -> UnitRecord:
    with ctx.reading() as session:
        return unit_record(session, _unit(session, unit_id))


def get_units(ctx: BankContext, unit_ids: Iterable[int]) -> list[UnitRecord]:
    ids = list(unit_ids)
    with ctx.reading() as session:
        units = session.scalars(select(Unit).where(Unit.id.in_(ids))).all()
        by_id = {r.id: r for r in unit_records(session, units)}
    return [by_id[i] for i in ids if i in by_id]


def add_unit(
    ctx: BankContext, text: str, kind: str, *, tags: Iterable[str] = (), speech_type: str | None = None
) -> UnitRecord:
    """A unit the writer typed in; raises DuplicateUnitError if the bank already has it."""
    text, kind = _clean_text(text), _check_kind(kind)
    tag_names = [clean_tag(t) for t in tags]
    fields = index_fields(ctx.tokenizer, text)
    with ctx.writing() as session:
        key = dedup_key(text)
        existing = session.scalar(select(Unit.id).where(Unit.dedup_key == key))
        if existing is not None:
            raise DuplicateUnitError(existing)
        unit = Unit(text=text, kind=kind, speech_type=speech_type, dedup_key=key, dated=today_dated(), **fields)
        unit.tags = [get_or_create_tag(session, n) for n in dict.fromkeys(tag_names)]
        session.add(unit)
        return unit_record(session, unit)


def edit_unit(
    ctx: BankContext,
    unit_id: int,
    *,
    text: str | None = None,
    kind: str | None = None,
    speech_type: str | None = None,
    keywords: list[str] | None = None,
) -> UnitRecord:
    """Change a unit; a new text is re-indexed (tokens, keywords, slots, dedup key)."""
    if text is not None:
        text = _clean_text(text)
        fields = index_fields(ctx.tokenizer, text)
    if kind is not None:
        _check_kind(kind)
    with ctx.writing() as session:
        unit = _unit(session, unit_id)
        if text is not None and text != unit.text:
            key = dedup_key(text)
            clash = session.scalar(select(Unit.id).where(Unit.dedup_key == key, Unit.id != unit_id))
            if clash is not None:
                raise DuplicateUnitError(clash)
            unit.text, unit.dedup_key = text, key
            unit.tokens, unit.grams, unit.slots = fields["tokens"], fields["grams"], fields["slots"]
            unit.keywords = fields["keywords"]
        if kind is not None:
            unit.kind = kind
        if speech_type is not None:
            unit.speech_type = speech_type or None
        if keywords is not None:
            unit.keywords = [k for k in dict.fromkeys(w.strip() for w in keywords) if k]
        unit.updated_at = utc_now()
        return unit_record(session, unit)


def _set_deleted(ctx: BankContext, unit_ids: Iterable[int], deleted: bool) -> list[int]:
    ids = list(dict.fromkeys(unit_ids))
    with ctx.writing() as session:
        state = Unit.deleted_at.is_(None) if deleted else Unit.deleted_at.is_not(None)
        changed = list(session.scalars(select(Unit.id).where(Unit.id.in_(ids), state)))
        if changed:
            now = utc_now()
            session.execute(
                update(Unit).where(Unit.id.in_(changed)).values(deleted_at=now if deleted else None, updated_at=now)
            )
        return changed


def trash_units(ctx: BankContext, unit_ids: Iterable[int]) -> list[int]:
    """Move units to the trash; returns the ids that moved (not those already there)."""
    return _set_deleted(ctx, unit_ids, True)


def restore_units(ctx: BankContext, unit_ids: Iterable[int]) -> list[int]:
    """Bring units back from the trash; returns the ids that came back."""
    return _set_deleted(ctx, unit_ids, False)


def purge_trash(ctx: BankContext, unit_ids: Iterable[int] | None = None) -> list[int]:
    """Delete for good the trashed units given (all of the trash if None); live units are never purged."""
    with ctx.writing() as session:
        query = select(Unit.id).where(Unit.deleted_at.is_not(None))
        if unit_ids is not None:
            query = query.where(Unit.id.in_(list(unit_ids)))
        doomed = list(session.scalars(query))
        if doomed:
            session.execute(delete(Unit).where(Unit.id.in_(doomed)))
            drop_unused(session)
        return doomed


def tag_unit(ctx: BankContext, unit_id: int, tag: str) -> UnitRecord:
    name = clean_tag(tag)
    with ctx.writing() as session:
        unit = _unit(session, unit_id)
        if name not in {t.name for t in unit.tags}:
            unit.tags.append(get_or_create_tag(session, name))
            unit.updated_at = utc_now()
        return unit_record(session, unit)


def untag_unit(ctx: BankContext, unit_id: int, tag: str) -> UnitRecord:
    """Remove a tag from a unit; a tag no unit carries any more is removed too."""
    name = clean_tag(tag)
    with ctx.writing() as session:
        unit = _unit(session, unit_id)
        kept = [t for t in unit.tags if t.name != name]
        if len(kept) != len(unit.tags):
            unit.tags = kept
            unit.updated_at = utc_now()
            session.flush()
            used = select(unit_tags.c.tag_id)
            session.execute(delete(Tag).where(Tag.name == name, Tag.id.not_in(used)))
        return unit_record(session, unit)


def set_favourite(ctx: BankContext, unit_id: int, favourite: bool = True) -> UnitRecord:
    with ctx.writing() as session:
        unit = _unit(session, unit_id)
        if bool(unit.favourite) != favourite:
            unit.favourite = favourite
            unit.updated_at = utc_now()
        return unit_record(session, unit)


def count_use(ctx: BankContext, unit_id: int) -> UnitRecord:
    """The writer used this unit in a draft: it ranks higher from now on."""
    with ctx.writing() as session:
        unit = _unit(session, unit_id)
        unit.uses = (unit.uses or 0) + 1
        unit.last_used_at = utc_now()
        return unit_record(session, unit)


def list_tags(ctx: BankContext) -> list[tuple[str, int]]:
    """Every tag with the number of live units carrying it, by name."""
    with ctx.reading() as session:
        rows = session.execute(
            select(Tag.name, func.count(Unit.id))
            .select_from(Tag)
            .outerjoin(unit_tags, unit_tags.c.tag_id == Tag.id)
            .outerjoin(Unit, (Unit.id == unit_tags.c.unit_id) & Unit.deleted_at.is_(None))
            .group_by(Tag.id)
            .order_by(Tag.name)
        )
        return [(name, count) for name, count in rows]


def set_document_type(ctx: BankContext, document_id: int, speech_type: str | None) -> int:
    """The writer corrects the speech type of an imported document (None: not known). The document
    and every unit found in it take the type, so drafts and type filters follow at once; a unit found
    in several documents takes the type set last. Returns how many units changed."""
    from desktop.core.speech_types import type_names

    if speech_type is not None and speech_type not in type_names():
        raise BankError(f"没有“{speech_type}”这个讲话类型。可选：{'、'.join(type_names())}。")
    with ctx.writing() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise BankError(f"素材库里没有编号为 {document_id} 的来源文稿。请先列出来源文稿，按列出的编号指定。")
        document.speech_type = speech_type
        in_document = select(UnitSource.unit_id).where(UnitSource.document_id == document_id)
        changed = session.execute(
            update(Unit)
            .where(Unit.id.in_(in_document), Unit.speech_type.is_distinct_from(speech_type))
            .values(speech_type=speech_type, updated_at=utc_now())
        )
        return int(changed.rowcount or 0)  # type: ignore[attr-defined]
