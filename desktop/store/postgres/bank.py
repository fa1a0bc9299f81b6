"""TeamBank: the office's shared bank on PostgreSQL, a core.phrase_source.PhraseSource.

Each writer connects as their own PostgreSQL role (store.postgres.roles says what each may do;
the server enforces it). What this class adds to a bank's search: proposing units and whole
documents, approving and rejecting them (editors), provenance (who added a unit, from which
speech and when) and the record of uses (who used it in which draft, for which speaker, when),
so that the panel can warn of 撞稿; pushing a personal bank to it as proposals and pulling its
approved units into a personal bank.

Thread-safe: a small pool of connections (SQLAlchemy's, psycopg underneath), a transaction per
call. Connection failures become TeamUnavailableError with a Chinese message.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.phrase_source import TEAM, SearchFilter, SearchHit, SourceRef, UnitRecord
from desktop.store.errors import BankError, BankOpenError
from desktop.store.migrations import MIGRATIONS, SCHEMA_VERSION
from desktop.store.postgres import roles, schema
from desktop.store.postgres import search as pg_search
from desktop.store.postgres.schema import APPROVED, PROPOSED, REJECTED
from desktop.store.postgres.writer import NewDocument, NewUnit, Written, write_document
from desktop.store.records import ImportedDocument, ImportReport, RefusedFile, SkippedDocument
from desktop.store.search import Terms, find
from desktop.text.tokenizer import Tokenizer, default_tokenizer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop.core.phrase_source import PhraseSource
    from desktop.store.bank import PhraseBank

AVERAGE_TERMS_SECONDS = 300.0  # how long the sampled average unit length is reused
CONNECT_TIMEOUT = 5  # seconds before an unreachable server is reported


class TeamUnavailableError(BankError):
    """The team server cannot be reached (or refused the login)."""


class PermissionDeniedError(BankError):
    """The server refused an operation this role may not do."""


@dataclass(frozen=True)
class Proposal:
    """A unit in the team bank with its review state, as the review list shows it."""

    unit_id: int
    text: str
    kind: str
    status: str
    added_by: str
    created_at: datetime
    reviewed_by: str | None
    review_note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Use:
    """One use of a team unit: who, in which draft, for which speaker, when."""

    unit_id: int
    used_by: str
    draft: str
    speaker: str | None
    used_at: datetime


@dataclass(frozen=True)
class Provenance:
    unit_id: int
    added_by: str
    status: str
    created_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    documents: tuple[tuple[str, date | None, datetime], ...]  # (name, speech date, imported at)
    uses: tuple[Use, ...]


def make_engine(url: str, password: str | None = None) -> Engine:
    """An engine for the team server at url (postgresql+psycopg://user@host:port/db)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise BankOpenError(f"团队素材库地址应以 postgresql+psycopg:// 开头，现在是：{parsed.drivername}。")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if password:
        parsed = parsed.set(password=password)
    return create_engine(
        parsed,
        pool_size=4,
        max_overflow=4,
        pool_pre_ping=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT, "application_name": "speechdraft"},
    )


@contextmanager
def translated_errors() -> Iterator[None]:
    """Driver errors as the bank's Chinese errors."""
    import psycopg
    from sqlalchemy import exc as sa_exc

    try:
        yield
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation) as e:
        raise PermissionDeniedError(f"团队素材库拒绝了这个操作：您的账号没有相应权限（{_first_line(e)}）。") from e
    except psycopg.OperationalError as e:
        raise TeamUnavailableError(
            f"连接不上团队素材库服务器（{_first_line(e)}）。请检查网络和服务器地址，或联系管理员；个人素材库照常可用。"
        ) from e
    except sa_exc.OperationalError as e:
        raise TeamUnavailableError(
            f"连接不上团队素材库服务器（{_first_line(e.orig)}）。请检查网络和服务器地址，或联系管理员；个人素材库照常可用。"
        ) from e
    except sa_exc.DBAPIError as e:
        if isinstance(e.orig, psycopg.errors.InsufficientPrivilege | psycopg.errors.CheckViolation):
            raise PermissionDeniedError(
                f"团队素材库拒绝了这个操作：您的账号没有相应权限（{_first_line(e.orig)}）。"
            ) from e
        raise


def _first_line(e: BaseException | None) -> str:
    return str(e).strip().splitlines()[0] if e is not None and str(e).strip() else type(e).__name__


class TeamBank:
    """An open connection to the team bank."""

    def __init__(self, engine: Engine, tokenizer: Tokenizer, search_index: str) -> None:
        self._engine = engine
        self._tokenizer = tokenizer
        self.search_index = search_index  # 'gin' (store.postgres.schema; 'rum' in a bank made before version 8)
        self._average: tuple[float, float] | None = None
        self._lock = threading.Lock()
        self.user, self.role = self.whoami()  # the login role, and 'admin' / 'editor' / 'writer' / 'none'

    # ---- opening ----

    @classmethod
    def open(cls, url: str, *, password: str | None = None, tokenizer: Tokenizer | None = None) -> TeamBank:
        """Connect to an initialised team bank (`speechdraft team init` made it)."""
        engine = make_engine(url, password)
        try:
            with translated_errors(), engine.connect() as conn:
                raw = conn.connection.driver_connection
                if schema.is_empty(raw):
                    raise BankOpenError("这个数据库里还没有团队素材库。请管理员先运行 speechdraft team init。")
                version = int(schema.read_meta(raw, "schema_version") or 0)
                if version > SCHEMA_VERSION:
                    raise BankOpenError(
                        f"团队素材库由更新版本的讲稿助手创建（格式版本 {version}），请升级讲稿助手后再连接。"
                    )
                if version < SCHEMA_VERSION:
                    raise BankOpenError(
                        f"团队素材库的格式较旧（版本 {version}），请管理员运行 speechdraft team init 升级后再连接。"
                    )
                index = schema.read_meta(raw, "search_index") or "gin"
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, tokenizer or default_tokenizer(), index)

    @classmethod
    def init(cls, url: str, *, password: str | None = None, tokenizer: Tokenizer | None = None) -> TeamBank:
        """Create (or upgrade) the team bank's schema, roles and row-level security; as an admin.

        Repeatable: on a current bank it reinstalls the grants, policies and functions."""
        engine = make_engine(url, password)
        try:
            with translated_errors(), engine.begin() as conn:
                raw = conn.connection.driver_connection
                schema.check_server(raw)
                if schema.is_empty(raw):
                    index = schema.create(conn, SCHEMA_VERSION)
                else:
                    index = migrate(conn, tokenizer or default_tokenizer())
                roles.install(raw)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, tokenizer or default_tokenizer(), index)

    def close(self) -> None:
        self._engine.dispose()

    def reorder(self) -> None:
        """Lay the team bank's rows out in rank order again (store.postgres.schema.reorder); the
        admin's, at a quiet time: the table is locked while it runs (about a minute a million units)."""
        with self._raw(write=True) as raw:
            schema.reorder(raw)

    def __enter__(self) -> TeamBank:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _raw(self, *, write: bool = False) -> Iterator[Any]:
        """The psycopg connection of one transaction (committed if write and all went well)."""
        with translated_errors(), self._engine.begin() if write else self._engine.connect() as conn:
            yield conn.connection.driver_connection

    @property
    def tokenizer(self) -> Tokenizer:
        return self._tokenizer

    def keywords(self, text: str, limit: int = 6) -> list[str]:
        return self._tokenizer.keywords(text, limit)

    def whoami(self) -> tuple[str, str]:
        """(role name, 'admin' / 'editor' / 'writer' / 'none')."""
        with self._raw() as raw:
            name, admin, editor, writer = raw.execute(
                "SELECT session_user, pg_has_role(session_user, %s, 'MEMBER') OR rolsuper,"
                " pg_has_role(session_user, %s, 'MEMBER'), pg_has_role(session_user, %s, 'MEMBER')"
                " FROM pg_roles WHERE rolname = session_user",
                (roles.ADMIN, roles.EDITOR, roles.WRITER),
            ).fetchone()
        return str(name), "admin" if admin else "editor" if editor else "writer" if writer else "none"

    def add_member(self, name: str, group: str, password: str | None) -> str:
        """A writer's or editor's login role (store.postgres.roles.add_member); the admin's to do."""
        with self._raw(write=True) as raw:
            return roles.add_member(raw, name, group, password)

    # ---- finding ----

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        speech_type: str | None = None,
        tag: str | None = None,
        source: str | int | None = None,
        favourites_only: bool = False,
        include_deleted: bool = False,
        limit: int = 20,
        widen: bool = True,
    ) -> list[SearchHit]:
        """Approved units and the caller's own proposals matching the query, best first (store.search.find,
        as the personal bank: a kind's name, related terms)."""
        if limit <= 0:
            return []
        f = SearchFilter.of(
            kind=kind,
            speech_type=speech_type,
            tag=tag,
            source=source,
            favourites_only=favourites_only,
            include_deleted=include_deleted,
        )

        # One connection for every query of the find (a kind's name, widening): checking one out
        # of the pool costs a round trip each time.
        with self._raw() as raw:

            def run(terms: Terms, g: SearchFilter, n: int) -> list[SearchHit]:
                return pg_search.search(raw, terms, g, n, self._average_terms(raw) if terms else 0.0)

            return find(self._tokenizer, query, f, limit, run, widen)

    def _average_terms(self, raw: Any) -> float:
        with self._lock:
            cached = self._average
        if cached is not None and time.monotonic() - cached[1] < AVERAGE_TERMS_SECONDS:
            return cached[0]
        value = float(raw.execute("SELECT team_average_terms()").fetchone()[0] or 0.0)
        with self._lock:
            self._average = (value, time.monotonic())
        return value

    def get_units(self, unit_ids: Iterable[int]) -> list[UnitRecord]:
        """The units with these ids the caller may see, in the order asked."""
        ids = list(dict.fromkeys(unit_ids))
        if not ids:
            return []
        with self._raw() as raw:
            rows = raw.execute(
                "SELECT u.id, text, kind, speech_type, keywords, slots, g.headings, favourite, uses, deleted_at,"
                " created_at, updated_at, last_used_at FROM units u LEFT JOIN heading_groups g ON g.id = u.group_id"
                " WHERE u.id = ANY(%s)",
                (ids,),
            ).fetchall()
            tags: dict[int, list[str]] = {i: [] for i in ids}
            for unit_id, name in raw.execute(
                "SELECT ut.unit_id, t.name FROM unit_tags ut JOIN tags t ON t.id = ut.tag_id"
                " WHERE ut.unit_id = ANY(%s) ORDER BY t.name",
                (ids,),
            ):
                tags[unit_id].append(name)
            sources: dict[int, list[SourceRef]] = {i: [] for i in ids}
            for unit_id, doc_id, name, paragraph in raw.execute(
                "SELECT s.unit_id, d.id, d.name, s.paragraph FROM unit_sources s JOIN documents d"
                " ON d.id = s.document_id WHERE s.unit_id = ANY(%s) ORDER BY d.id, s.paragraph",
                (ids,),
            ):
                sources[unit_id].append(SourceRef(doc_id, name, paragraph))
        by_id = {
            r[0]: UnitRecord(
                id=r[0],
                text=r[1],
                kind=r[2],
                speech_type=r[3],
                keywords=tuple(r[4] or ()),
                slots=r[5],
                group=tuple(r[6] or ()),
                favourite=bool(r[7]),
                uses=r[8],
                tags=tuple(tags[r[0]]),
                sources=tuple(sources[r[0]]),
                deleted_at=r[9],
                created_at=r[10],
                updated_at=r[11],
                last_used_at=r[12],
            )
            for r in rows
        }
        return [by_id[i] for i in ids if i in by_id]

    def live_units(self) -> int:
        """Units outside the trash the caller can see (approved, and their own proposals)."""
        with self._raw() as raw:
            return int(raw.execute("SELECT count(*) FROM units WHERE deleted_at IS NULL").fetchone()[0])

    def integrity_check(self) -> list[str]:
        """What is wrong with the team bank's structure; [] when all is well."""
        problems = []
        with self._raw() as raw:
            if schema.search_index_kind(raw) is None:
                problems.append("团队素材库缺少检索索引，请管理员运行 speechdraft team init 重建。")
            if schema.read_meta(raw, "schema_version") != str(SCHEMA_VERSION):
                problems.append("团队素材库的格式版本与本程序不符，请管理员运行 speechdraft team init。")
        return problems

    # ---- the bank's own operations (an editor's; a writer's add is a proposal) ----

    def add_unit(self, text: str, kind: str, *, tags: Iterable[str] = (), speech_type: str | None = None) -> UnitRecord:
        """A unit typed in: approved at once when an editor or the admin adds it, else proposed."""
        from desktop.store.errors import DuplicateUnitError

        unit = self._typed_unit(text, kind, speech_type, tags)
        status = APPROVED if self.role in ("editor", "admin") else PROPOSED
        with self._raw(write=True) as raw:
            written = write_document(raw, None, [unit], status)
            if not written.added:
                existing = written.unit_ids[0] if written.unit_ids else 0
                raise DuplicateUnitError(existing)
        return self.get_units(written.unit_ids)[0]

    def _typed_unit(self, text: str, kind: str, speech_type: str | None, tags: Iterable[str]) -> NewUnit:
        from desktop.store.units import _check_kind, _clean_text, clean_tag, index_fields, today_dated

        text, kind = _clean_text(text), _check_kind(kind)
        fields = index_fields(self._tokenizer, text)
        return NewUnit(
            text=text,
            kind=kind,
            speech_type=speech_type,
            tokens=fields["tokens"],
            grams=fields["grams"],
            keywords=fields["keywords"],
            slots=fields["slots"],
            tags=tuple(dict.fromkeys(clean_tag(t) for t in tags)),
            dated=today_dated(),
        )

    def set_favourite(self, unit_id: int, favourite: bool = True) -> UnitRecord:
        """An editor's recommendation (推荐): ranks like a personal favourite."""
        self._update_one(unit_id, "favourite = %s", (favourite,))
        return self.get_units([unit_id])[0]

    def count_use(self, unit_id: int, draft: str = "", speaker: str | None = None) -> UnitRecord:
        self.record_use(unit_id, draft, speaker=speaker)
        return self.get_units([unit_id])[0]

    def trash(self, unit_ids: Iterable[int]) -> list[int]:
        return self._set_deleted(unit_ids, True)

    def restore(self, unit_ids: Iterable[int]) -> list[int]:
        return self._set_deleted(unit_ids, False)

    def _set_deleted(self, unit_ids: Iterable[int], deleted: bool) -> list[int]:
        ids = list(dict.fromkeys(unit_ids))
        state = "deleted_at IS NULL" if deleted else "deleted_at IS NOT NULL"
        with self._raw(write=True) as raw:
            rows = raw.execute(
                f"UPDATE units SET deleted_at = %s, updated_at = %s WHERE id = ANY(%s) AND {state} RETURNING id",
                (_now() if deleted else None, _now(), ids),
            ).fetchall()
        return [r[0] for r in rows]

    def _update_one(self, unit_id: int, assignment: str, params: tuple) -> None:
        from desktop.store.errors import UnitNotFoundError

        with self._raw(write=True) as raw:
            row = raw.execute(
                f"UPDATE units SET {assignment}, updated_at = %s WHERE id = %s RETURNING id", (*params, _now(), unit_id)
            ).fetchone()
        if row is None:
            raise UnitNotFoundError(unit_id)

    # ---- proposing ----

    def propose_unit(self, text: str, kind: str, *, speech_type: str | None = None, tags: Iterable[str] = ()) -> int:
        """A unit typed in, proposed for review; returns its id. Raises DuplicateUnitError-like
        BankError when the team bank already holds the text."""
        unit = self._typed_unit(text, kind, speech_type, tags)
        with self._raw(write=True) as raw:
            written = write_document(raw, None, [unit], PROPOSED)
        if not written.added:
            raise BankError("团队素材库中已有相同的句子（或已有人提交过），无需重复提交。")
        return written.unit_ids[0]

    def propose_paths(
        self, paths: Iterable[str | os.PathLike[str]], *, speech_date: date | None = None, approved: bool = False
    ) -> ImportReport:
        """Import files and folders into the team bank as proposals (approved=True: an editor's
        or admin's load, approved at once). One transaction per file."""
        from desktop.store.importing.importer import collect_files
        from desktop.store.importing.workers import cut_in_order

        report = ImportReport()
        files = collect_files(paths, report)
        status = APPROVED if approved else PROPOSED
        with cut_in_order(files, self._tokenizer, worker=None) as cut_files:
            for done, path in enumerate(files):
                cut = cut_files.get(done)
                if cut.refused is not None:
                    report.refused.append(RefusedFile(str(path), cut.refused))
                    continue
                try:
                    with self._raw(write=True) as raw:
                        for doc in cut.documents:
                            units = [_new_unit(doc, i, self._tokenizer) for i, key in enumerate(doc.keys) if key]
                            document = NewDocument(
                                doc.doc.name, doc.doc.source_path or str(path), doc.digest, doc.speech_type, speech_date
                            )
                            written = write_document(raw, document, units, status)
                            if written.document_id is None:
                                report.skipped.append(
                                    SkippedDocument(str(path), doc.doc.name, "团队素材库中已有的文档")
                                )
                            else:
                                report.imported.append(
                                    ImportedDocument(str(path), doc.doc.name, written.added, written.merged)
                                )
                except TeamUnavailableError:
                    raise
                except BankError as exc:
                    report.refused.append(RefusedFile(str(path), str(exc)))
        return report

    # ---- reviewing ----

    def proposals(self, *, status: str | None = PROPOSED, limit: int = 500) -> list[Proposal]:
        """Units in review (or of the given status; None: every status) the caller may see, oldest first."""
        with self._raw() as raw:
            rows = raw.execute(
                "SELECT id, text, kind, status, added_by, created_at, reviewed_by, review_note FROM units"
                " WHERE (%s::text IS NULL OR status = %s) ORDER BY created_at, id LIMIT %s",
                (status, status, limit),
            ).fetchall()
            names = pg_search.source_names(raw, [r[0] for r in rows])
        return [Proposal(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], names[r[0]]) for r in rows]

    def approve(self, unit_ids: Iterable[int], note: str | None = None) -> list[int]:
        return self._review(unit_ids, APPROVED, note)

    def reject(self, unit_ids: Iterable[int], note: str | None = None) -> list[int]:
        return self._review(unit_ids, REJECTED, note)

    def _review(self, unit_ids: Iterable[int], status: str, note: str | None) -> list[int]:
        """Set the status of proposals; the ids changed. A writer's attempt is refused by the server."""
        ids = list(dict.fromkeys(unit_ids))
        refused = PermissionDeniedError(f"只有审核人才能审核团队素材库的句子（{self.user} 是撰稿人账号）。")
        try:
            with self._raw(write=True) as raw:
                rows = raw.execute(
                    "UPDATE units SET status = %s, reviewed_by = current_user, reviewed_at = %s, review_note = %s,"
                    " updated_at = %s WHERE id = ANY(%s) AND status <> %s RETURNING id",
                    (status, _now(), note, _now(), ids, status),
                ).fetchall()
        except PermissionDeniedError as exc:
            raise refused from exc
        changed = [r[0] for r in rows]
        if ids and not changed and self.role == "writer":  # the server showed none of them to this writer
            raise refused
        return changed

    def delete(self, unit_ids: Iterable[int]) -> list[int]:
        """Delete units for good (a writer: only their own unapproved proposals; the server decides)."""
        ids = list(dict.fromkeys(unit_ids))
        with self._raw(write=True) as raw:
            return [r[0] for r in raw.execute("DELETE FROM units WHERE id = ANY(%s) RETURNING id", (ids,))]

    # ---- uses and provenance (撞稿) ----

    def record_use(self, unit_id: int, draft: str, *, speaker: str | None = None) -> None:
        """The caller used the unit in a draft (for speaker): counted, and remembered for 撞稿 warnings."""
        with self._raw(write=True) as raw:
            raw.execute(
                "INSERT INTO unit_uses (unit_id, draft, speaker, used_at) VALUES (%s, %s, %s, %s)",
                (unit_id, draft.strip()[:500] or "未命名讲稿", speaker, _now()),
            )

    def earlier_uses(self, unit_ids: Iterable[int], *, speaker: str | None = None) -> list[Use]:
        """Uses of these units (by that speaker, when given), newest first: what 撞稿 warns of."""
        ids = list(dict.fromkeys(unit_ids))
        with self._raw() as raw:
            rows = raw.execute(
                "SELECT unit_id, used_by, draft, speaker, used_at FROM unit_uses WHERE unit_id = ANY(%s)"
                " AND (%s::text IS NULL OR speaker = %s) ORDER BY used_at DESC, id DESC",
                (ids, speaker, speaker),
            ).fetchall()
        return [Use(*r) for r in rows]

    def provenance(self, unit_id: int) -> Provenance:
        with self._raw() as raw:
            row = raw.execute(
                "SELECT added_by, status, created_at, reviewed_by, reviewed_at FROM units WHERE id = %s", (unit_id,)
            ).fetchone()
            if row is None:
                from desktop.store.errors import UnitNotFoundError

                raise UnitNotFoundError(unit_id)
            documents = raw.execute(
                "SELECT d.name, d.speech_date, d.imported_at FROM unit_sources s JOIN documents d"
                " ON d.id = s.document_id WHERE s.unit_id = %s ORDER BY d.id",
                (unit_id,),
            ).fetchall()
        added_by, status, created_at, reviewed_by, reviewed_at = row
        uses = tuple(self.earlier_uses([unit_id]))
        return Provenance(unit_id, added_by, status, created_at, reviewed_by, reviewed_at, tuple(documents), uses)

    def stats(self) -> dict[str, int]:
        """Counts of the units the caller can see, by status."""
        with self._raw() as raw:
            counts = dict(raw.execute("SELECT status, count(*) FROM units GROUP BY status").fetchall())
        return {s: int(counts.get(s, 0)) for s in (APPROVED, PROPOSED, REJECTED)}

    # ---- moving between the banks ----

    def push_from(self, bank: PhraseBank, *, tag: str | None = None) -> Written:
        """Propose the personal bank's live units (those with tag, when given) with their documents."""
        from desktop.store import transfer

        backup = _read_export(bank)
        units = [u for u in backup["units"] if u["deleted_at"] is None and (tag is None or tag in u["tags"])]
        by_document: dict[str | None, list[NewUnit]] = {}
        for u in units:
            from desktop.store.units import index_fields

            fields = index_fields(self._tokenizer, u["text"])
            refs = u["sources"] or [(None, None)]
            for doc_key, paragraph in refs:
                by_document.setdefault(doc_key, []).append(
                    NewUnit(
                        text=u["text"],
                        kind=u["kind"],
                        speech_type=u["speech_type"],
                        tokens=fields["tokens"],
                        grams=fields["grams"],
                        keywords=u["keywords"] or fields["keywords"],
                        slots=u["slots"],
                        group=u["group"],
                        paragraph=paragraph,
                        tags=tuple(u["tags"]),
                        dated=u["dated"],
                    )
                )
        del transfer
        added = merged = 0
        ids: list[int] = []
        with self._raw(write=True) as raw:
            for doc_key, doc_units in by_document.items():
                document = None
                if doc_key is not None:
                    d = backup["documents"][doc_key]
                    document = NewDocument(d["name"], d["source_path"], doc_key, d["speech_type"])
                written = write_document(raw, document, doc_units, PROPOSED)
                if document is not None and written.document_id is None:
                    written = write_document(raw, None, doc_units, PROPOSED)  # the document is there already
                added += written.added
                merged += written.merged
                ids.extend(written.unit_ids)
        return Written(None, added, merged, tuple(dict.fromkeys(ids)))

    def pull_into(self, bank: PhraseBank) -> tuple[int, int]:
        """Merge the team's approved units (with their documents and tags) into a personal bank;
        returns (units added, units already there)."""
        import json
        import tempfile

        from desktop.store.transfer import FORMAT, FORMAT_VERSION

        with self._raw() as raw:
            rows = raw.execute(
                "SELECT u.id, text, kind, speech_type, keywords, slots, g.headings, uses, last_used_at, created_at,"
                " updated_at, dated FROM units u LEFT JOIN heading_groups g ON g.id = u.group_id"
                " WHERE status = 'approved' AND deleted_at IS NULL ORDER BY u.id"
            ).fetchall()
            docs = raw.execute(
                "SELECT DISTINCT d.id, d.content_hash, d.name, d.source_path, d.speech_type, d.imported_at"
                " FROM documents d JOIN unit_sources s ON s.document_id = d.id JOIN units u ON u.id = s.unit_id"
                " WHERE u.status = 'approved'"
            ).fetchall()
            key_of = {d[0]: d[1] for d in docs}
            sources: dict[int, list[dict]] = {}
            for unit_id, doc_id, paragraph in raw.execute(
                "SELECT s.unit_id, s.document_id, s.paragraph FROM unit_sources s JOIN units u ON u.id = s.unit_id"
                " WHERE u.status = 'approved' ORDER BY s.unit_id, s.document_id, s.paragraph"
            ):
                if doc_id in key_of:
                    sources.setdefault(unit_id, []).append({"document": key_of[doc_id], "paragraph": paragraph})
            tags: dict[int, list[str]] = {}
            for unit_id, name in raw.execute(
                "SELECT ut.unit_id, t.name FROM unit_tags ut JOIN tags t ON t.id = ut.tag_id"
                " JOIN units u ON u.id = ut.unit_id WHERE u.status = 'approved'"
            ):
                tags.setdefault(unit_id, []).append(name)

        def iso(v: datetime | None) -> str | None:
            return v.isoformat() if v is not None else None

        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "exported_at": _now().isoformat(),
            "documents": [
                {"key": d[1], "name": d[2], "source_path": d[3], "speech_type": d[4], "imported_at": iso(d[5])}
                for d in docs
            ],
            "units": [
                {
                    "text": r[1],
                    "kind": r[2],
                    "speech_type": r[3],
                    "keywords": list(r[4] or []),
                    "slots": r[5],
                    "group": list(r[6] or []),
                    "favourite": False,
                    "uses": 0,
                    "last_used_at": None,
                    "deleted_at": None,
                    "created_at": iso(r[9]),
                    "updated_at": iso(r[10]),
                    "dated": r[11],
                    "tags": sorted(tags.get(r[0], [])),
                    "sources": sources.get(r[0], []),
                }
                for r in rows
            ],
        }
        with tempfile.TemporaryDirectory(prefix="speechdraft-pull-") as folder:
            path = Path(folder) / "team.json"
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            report = bank.restore_json(path, merge=True)
        return report.units_added, report.units_merged


def _read_export(bank: PhraseBank) -> dict:
    """The personal bank in its backup format, checked as a restore checks it (store.transfer)."""
    import tempfile

    from desktop.store.transfer import read_backup

    with tempfile.TemporaryDirectory(prefix="speechdraft-push-") as folder:
        path = Path(folder) / "personal.json"
        bank.export_json(path)
        return read_backup(path)


def _new_unit(doc: Any, i: int, tokenizer: Tokenizer) -> NewUnit:
    from desktop.store.importing.cutting import unit_terms

    unit = doc.units[i]
    tokens, unit_grams, keywords = doc.terms.get(i) or unit_terms(tokenizer, unit.text)
    return NewUnit(
        text=unit.text,
        kind=unit.kind,
        speech_type=unit.speech_type,
        tokens=tokens,
        grams=unit_grams,
        keywords=keywords,
        slots=unit.slots,
        group=list(unit.group),
        paragraph=unit.paragraph,
        dated=doc.dated,
    )


def _now() -> datetime:
    from desktop.store.records import utc_now

    return utc_now()


# Steps after which the search columns stand as they were: only the search indexes are made
# again (9: the tiers; dropping and adding the columns would rewrite a million rows for nothing).
INDEX_ONLY_STEPS = frozenset({9})


def migrate(conn: Any, tokenizer: Tokenizer) -> str:
    """Bring an older team bank up to SCHEMA_VERSION with the same steps as a personal bank
    (store.migrations.MIGRATIONS, written for SQLAlchemy, so they run on both engines), then
    reinstall this engine's own columns and search index; returns the search index kind."""
    raw = conn.connection.driver_connection
    version = int(schema.read_meta(raw, "schema_version") or 0)
    if version > SCHEMA_VERSION:
        raise BankOpenError(f"团队素材库由更新版本的讲稿助手创建（格式版本 {version}），请升级讲稿助手。")
    columns_due = any(step not in INDEX_ONLY_STEPS for step in range(version + 1, SCHEMA_VERSION + 1))
    if columns_due:
        # The search columns are generated from what the steps may rewrite (5: units.grams): they
        # and their index go first and come back, from the upgraded rows, with install_search_indexes.
        # Adding them rewrites the table, whose rows must stay in rank order (store.postgres.schema):
        # a synchronised scan would start the copy wherever another scan of the table last was.
        raw.execute("SET LOCAL synchronize_seqscans = off")
        schema.drop_search_indexes(raw)
        raw.execute("ALTER TABLE units DROP COLUMN IF EXISTS tsv, DROP COLUMN IF EXISTS rank_key")
    for step in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[step](conn, tokenizer)
    index = schema.install_search_indexes(raw, rebuild=version < SCHEMA_VERSION)
    schema.write_meta(raw, "schema_version", str(SCHEMA_VERSION))
    return index


__all__ = ["TEAM", "PermissionDeniedError", "TeamBank", "TeamUnavailableError"]

if TYPE_CHECKING:

    def _is_a_phrase_source(bank: TeamBank) -> PhraseSource:
        return bank  # mypy checks that TeamBank satisfies the protocol
