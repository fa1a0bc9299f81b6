"""The phrase bank's schema (SQLAlchemy 2.x declarative models).

Schema, version 7 (SCHEMA_VERSION in store.migrations; 3 added the index of store.sqlite.rank_index, 4 its
filters in the rowid, 5 the heading groups as rows of their own, 6 units.grams, 7 units.dated and documents.dated):

    documents     one row per imported document (a file may hold several: 附件 behind a speech)
      dated         the document's own date as yyyymmdd (core.doc_dates), NULL when it names none
      content_hash  sha256 of the document's dedup keys: the same speech imported twice, even
                    re-encoded or re-punctuated, is skipped as a whole
    units         one row per distinct phrase unit
      dedup_key     core.phrases.dedup_key(text); identical and near-identical texts share it and
                    are stored once, with every place they came from in unit_sources
      tokens        text segmented by text.Tokenizer (HMM off), the words joined by spaces: for
                    ranking (store.ranking), not indexed
      grams         the search index's text (store.terms.grams: two-character pieces of each
                    Chinese run, Latin and digit words); the full-text indexes (engine-specific,
                    see store.sqlite.fts; PostgreSQL: store.postgres) are built over this column only
      keywords      JSON list of content words, most frequent first
      group_id      headings only: the heading_groups row of the sibling headings it stood with
    heading_groups  one row per distinct group of sibling headings (a JSON list), shared by every
                  heading of the group: N siblings cost N texts, not N² (each heading holding them all)
      group_key     sha256 of the group's JSON; the same group cut twice is stored once
      deleted_at    set when moved to the trash; NULL when live
      last_used_at  when the writer last used it (count_use); for ranking by recency
      dated         the date of its newest document (documents.dated), or of the day the writer
                    typed it in, as yyyymmdd; NULL when unknown; newer ranks first at equal relevance
    unit_sources  unit ↔ (document, paragraph); hand-added units have none
    tags, unit_tags   the writer's own labels
    meta          key/value; 'schema_version' lives here

Deleting a document or a unit cascades to its sources and tag links (ON DELETE CASCADE, with
foreign keys switched on per connection by the engine module).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    column,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import JSON

from desktop.store.ranking import LISTING_ORDER, order_terms
from desktop.store.records import utc_now


class Base(DeclarativeBase):
    """Declarative base of the bank's tables."""


unit_tags = Table(
    "unit_tags",
    Base.metadata,
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_unit_tags_tag", "tag_id"),
)


def _listing_index(name: str, *leading: str) -> Index:
    """An index in the empty-query order of store.ranking.LISTING_ORDER over the live units."""
    live = text("deleted_at IS NULL")
    terms = (text(term) for term in order_terms(LISTING_ORDER))
    return Index(name, *leading, *terms, sqlite_where=live, postgresql_where=live)


class Document(Base):
    """One imported document."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    source_path: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    speech_type: Mapped[str | None] = mapped_column(String(50))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    dated: Mapped[int | None] = mapped_column(Integer)

    sources: Mapped[list[UnitSource]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Unit(Base):
    """One distinct phrase unit."""

    __tablename__ = "units"
    # Without these an empty query sorts every live unit: 200 ms in a 100,000-unit bank (bench/).
    __table_args__ = (
        _listing_index("ix_units_listing"),
        _listing_index("ix_units_kind_listing", "kind"),
        # One text, one unit. SQLite: a unique constraint on the key itself. PostgreSQL: on its md5,
        # since a btree row holds at most ~2,700 bytes and a seed paragraph's key alone is longer;
        # lookups there compare the hash first (store.postgres), so this index serves them.
        UniqueConstraint("dedup_key").ddl_if(dialect="sqlite"),
        Index("uq_units_dedup_hash", func.md5(column("dedup_key")), unique=True).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(50), index=True)
    speech_type: Mapped[str | None] = mapped_column(String(50), index=True)
    dedup_key: Mapped[str] = mapped_column(Text)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    tokens: Mapped[str] = mapped_column(Text, default="")
    grams: Mapped[str] = mapped_column(Text, default="")
    slots: Mapped[int] = mapped_column(Integer, default=0)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("heading_groups.id", ondelete="SET NULL"))
    favourite: Mapped[bool] = mapped_column(Boolean, default=False)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    dated: Mapped[int | None] = mapped_column(Integer)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    sources: Mapped[list[UnitSource]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary=unit_tags, back_populates="units")


class HeadingGroup(Base):
    """The sibling headings one or more heading units stood with, stored once."""

    __tablename__ = "heading_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_key: Mapped[str] = mapped_column(String(64), unique=True)
    headings: Mapped[list[str]] = mapped_column(JSON)


class UnitSource(Base):
    """One place a unit was found (document and paragraph index)."""

    __tablename__ = "unit_sources"
    __table_args__ = (UniqueConstraint("unit_id", "document_id", "paragraph"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    paragraph: Mapped[int] = mapped_column(Integer)

    unit: Mapped[Unit] = relationship(back_populates="sources")
    document: Mapped[Document] = relationship(back_populates="sources")


class Tag(Base):
    """A writer's label."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    units: Mapped[list[Unit]] = relationship(secondary=unit_tags, back_populates="tags")


class Meta(Base):
    """Key/value facts about the bank itself (schema_version)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
