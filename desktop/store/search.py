"""Full-text search over the bank.

Whatever the writer types is cut by the same Tokenizer that indexed the units and turned into
terms (store.terms); every term is searched as literal text (sqlite_engine.match_expression),
all terms required, the last one as a prefix so that results follow the typing.

Ranking (larger is better):

    score = relevance × (1 + FAVOURITE_BOOST·favourite) × (1 + USE_BOOST·uses / (uses + USE_HALF))

relevance is −bm25 from the index. The use factor saturates (a unit used 5 times gets half of
USE_BOOST, one used 100 times almost all of it) so that a much-used unit rises among good
matches but never buries a better match. With an empty query the filters list units by
favourite, then uses, then most recently used or changed.

A text query with no tag or source filter, outside the trash, is answered from the
quality-ordered index (store.rank_index): its first CANDIDATES matches (at least four times the
limit) are ranked by the formula above, with bm25 computed from their tokens with every term
weighted alike; the rest of the hits are longer or less used units that would rank below them.
Other queries rank every hit.

What the phrase panel asks (a text query or the listing, with kind, speech-type and favourite
filters) runs in plain SQL on a pooled sqlite3 connection: no SQLAlchemy to import at start,
no ORM per row at a million phrases. Tag, source and trash filters go through the ORM.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from desktop.store import rank_index
from desktop.store import sqlite_engine as db
from desktop.store.context import BankContext
from desktop.store.records import SearchHit
from desktop.store.terms import query_terms

if TYPE_CHECKING:
    from sqlalchemy import Select

FAVOURITE_BOOST = 0.5
USE_BOOST = 0.5
USE_HALF = 5.0
MAX_QUERY_TOKENS = 64  # beyond this a query is a pasted paragraph; more terms only cost time
CANDIDATES = 240  # ranked exactly by the quality-ordered path; overlap with full ranking measured in bench/

# Lone surrogates cannot be encoded for SQLite; control characters are never text to find.
_UNSEARCHABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(query: str | None) -> str:
    return _UNSEARCHABLE.sub(" ", query or "").strip()


def _filtered(
    stmt: Select,
    *,
    kind: str | None,
    speech_type: str | None,
    tag: str | None,
    source: str | int | None,
    favourites_only: bool,
    include_deleted: bool,
) -> Select:
    from sqlalchemy import select

    from desktop.store.models import Document, Tag, Unit, UnitSource, unit_tags

    if kind:
        stmt = stmt.where(Unit.kind == kind)
    if speech_type:
        stmt = stmt.where(Unit.speech_type == speech_type)
    if tag:
        tagged = select(unit_tags.c.unit_id).join(Tag, Tag.id == unit_tags.c.tag_id).where(Tag.name == tag.strip())
        stmt = stmt.where(Unit.id.in_(tagged))
    if source is not None and source != "":
        which = Document.id == source if isinstance(source, int) else Document.name == source
        from_doc = select(UnitSource.unit_id).join(Document, Document.id == UnitSource.document_id).where(which)
        stmt = stmt.where(Unit.id.in_(from_doc))
    if favourites_only:
        stmt = stmt.where(Unit.favourite.is_(True))
    if not include_deleted:
        stmt = stmt.where(Unit.deleted_at.is_(None))
    return stmt


def search(
    ctx: BankContext,
    query: str,
    *,
    kind: str | None = None,
    speech_type: str | None = None,
    tag: str | None = None,
    source: str | int | None = None,
    favourites_only: bool = False,
    include_deleted: bool = False,
    limit: int = 20,
) -> list[SearchHit]:
    """Units matching the query and filters, best first. Never raises on what the writer typed."""
    if limit <= 0:
        return []
    text = clean_query(query)
    tokens = ctx.tokenizer.cut(text)[:MAX_QUERY_TOKENS] if text else []
    if text and not tokens:
        return []  # only punctuation or symbols: nothing the index holds can match
    kind, speech_type, tag = (clean_query(v) if v else None for v in (kind, speech_type, tag))
    if isinstance(source, str):
        source = clean_query(source)
    plain = not include_deleted and not tag and (source is None or source == "")
    if plain and tokens:
        return _search_ranked(
            ctx, tokens, kind=kind, speech_type=speech_type, favourites_only=favourites_only, limit=limit
        )
    if plain:
        with ctx.reading_connection() as raw:
            return listing(raw, kind=kind, speech_type=speech_type, favourites_only=favourites_only, limit=limit)
    return _search_orm(
        ctx,
        tokens,
        kind=kind,
        speech_type=speech_type,
        tag=tag,
        source=source,
        favourites_only=favourites_only,
        include_deleted=include_deleted,
        limit=limit,
    )


def _search_orm(
    ctx: BankContext,
    tokens: list[str],
    *,
    kind: str | None,
    speech_type: str | None,
    tag: str | None,
    source: str | int | None,
    favourites_only: bool,
    include_deleted: bool,
    limit: int,
) -> list[SearchHit]:
    """Tag, source and trash filters: the ORM query, every hit ranked."""
    from sqlalchemy import case, func, literal, select

    from desktop.store.models import Unit

    boost = (1 + case((Unit.favourite.is_(True), FAVOURITE_BOOST), else_=0.0)) * (
        1 + USE_BOOST * Unit.uses / (Unit.uses + USE_HALF)
    )
    columns = (Unit.id, Unit.text, Unit.kind, Unit.speech_type, Unit.favourite, Unit.uses, Unit.deleted_at)
    if tokens:
        matches = db.relevance_query().bindparams(match=db.match_expression(query_terms(tokens))).subquery()
        score = (matches.c.relevance * boost).label("score")
        stmt = select(*columns, score).join(matches, matches.c.unit_id == Unit.id).order_by(score.desc(), Unit.id)
    else:
        score = (literal(0.0) + boost).label("score")
        recency = func.coalesce(Unit.last_used_at, Unit.updated_at)
        stmt = select(*columns, score).order_by(Unit.favourite.desc(), Unit.uses.desc(), recency.desc(), Unit.id.desc())
    stmt = _filtered(
        stmt,
        kind=kind,
        speech_type=speech_type,
        tag=tag,
        source=source,
        favourites_only=favourites_only,
        include_deleted=include_deleted,
    ).limit(limit)
    with ctx.reading() as session:
        rows = session.execute(stmt).all()
        names = source_names(session.connection().connection.dbapi_connection, [r.id for r in rows])
    return [
        SearchHit(
            unit_id=r.id,
            text=r.text,
            kind=r.kind,
            speech_type=r.speech_type,
            score=float(r.score),
            favourite=bool(r.favourite),
            uses=r.uses,
            sources=names[r.id],
            in_trash=r.deleted_at is not None,
        )
        for r in rows
    ]


# The empty-query order and score (0 + the boost), as the ORM query above has them.
_LISTING_SCORE = (
    f"0.0 + (1 + CASE WHEN favourite = 1 THEN {FAVOURITE_BOOST} ELSE 0.0 END)"
    f" * (1 + {USE_BOOST} * uses / (uses + {USE_HALF}))"
)
_LISTING_ORDER = "favourite DESC, uses DESC, coalesce(last_used_at, updated_at) DESC, id DESC"


def listing(
    raw: sqlite3.Connection, *, kind: str | None, speech_type: str | None, favourites_only: bool, limit: int
) -> list[SearchHit]:
    """The live units by favourite, uses, then most recently used or changed (the listing indexes
    of store.models answer it): what the panel shows before anything is typed."""
    where, params = ["deleted_at IS NULL"], []
    if kind:
        where.append("kind = ?")
        params.append(kind)
    if speech_type:
        where.append("speech_type = ?")
        params.append(speech_type)
    if favourites_only:
        where.append("favourite = 1")
    rows = raw.execute(
        f"SELECT id, text, kind, speech_type, favourite, uses, {_LISTING_SCORE} FROM units"
        f" WHERE {' AND '.join(where)} ORDER BY {_LISTING_ORDER} LIMIT ?",
        (*params, limit),
    ).fetchall()
    names = source_names(raw, [r[0] for r in rows])
    return [
        SearchHit(
            unit_id=r[0],
            text=r[1],
            kind=r[2],
            speech_type=r[3],
            score=float(r[6]),
            favourite=bool(r[4]),
            uses=r[5],
            sources=names[r[0]],
        )
        for r in rows
    ]


def _search_ranked(
    ctx: BankContext, tokens: list[str], *, kind: str | None, speech_type: str | None, favourites_only: bool, limit: int
) -> list[SearchHit]:
    """The quality-ordered path, in plain SQL: at a million phrases the ORM, and even Core's row
    processing, cost more than these queries themselves."""
    terms = query_terms(tokens)
    with ctx.reading_connection() as raw:
        found = rank_index.candidates(
            raw,
            db.match_expression(terms),
            kind=kind,
            speech_type=speech_type,
            favourites_only=favourites_only,
            limit=max(CANDIDATES, 4 * limit),
        )
        if not found:
            return []
        average = rank_index.average_terms(raw) or 1.0
        lowered = [(term.lower(), prefix) for term, prefix in terms]
        scored = sorted(
            (
                (
                    -_relevance(row[1], lowered, average)
                    * (1 + FAVOURITE_BOOST * bool(row[2]))
                    * (1 + USE_BOOST * row[3] / (row[3] + USE_HALF)),
                    row[0],
                    row,
                )
                for row in found
            ),
        )[:limit]
        names = source_names(raw, [unit_id for _, unit_id, _ in scored])
        return [
            SearchHit(
                unit_id=unit_id,
                text=row[4],
                kind=row[5],
                speech_type=row[6],
                score=-negative,
                favourite=bool(row[2]),
                uses=row[3],
                sources=names[unit_id],
                in_trash=bool(row[7]),
            )
            for negative, unit_id, row in scored
        ]


BM25_K1 = 1.2
BM25_B = 0.75


def _relevance(unit_tokens: str, lowered_terms: list[tuple[str, bool]], average_terms: float) -> float:
    """bm25 of one unit for the (lower-cased) query terms, every term weighted alike (IDF left out).

    FTS5's bm25() would count every hit of every term for the IDF on each query; among units
    that all contain all the terms, the IDF only weighs one term's repeats against another's.
    """
    spaced = " " + unit_tokens.lower()
    words: list[str] | None = None
    norm = BM25_K1 * (1 - BM25_B + BM25_B * spaced.count(" ") / average_terms)
    score = 0.0
    for term, prefix in lowered_terms:
        if prefix:  # terms are joined by single spaces: a space before the prefix starts a term
            tf = spaced.count(" " + term)
        else:
            words = words if words is not None else spaced.split()
            tf = words.count(term)
        score += tf * (BM25_K1 + 1) / (tf + norm)
    return score


def _marks(values: object) -> str:
    return ",".join("?" * len(values))  # type: ignore[arg-type]


def source_names(raw: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, ...]]:
    """The documents each unit came from, by name, in import order (each name once)."""
    names: dict[int, list[str]] = {i: [] for i in ids}
    if ids:
        for unit_id, name in raw.execute(
            "SELECT s.unit_id, d.name FROM unit_sources s JOIN documents d ON d.id = s.document_id"
            f" WHERE s.unit_id IN ({_marks(ids)}) ORDER BY d.id",
            tuple(ids),
        ):
            if name not in names[unit_id]:
                names[unit_id].append(name)
    return {i: tuple(n) for i, n in names.items()}
