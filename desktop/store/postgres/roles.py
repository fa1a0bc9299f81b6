"""Who may do what in the team bank: roles, grants, row-level security, the search functions.

Three group roles; each writer and editor logs in as a role of their own that is a member of one:

    speechdraft_writer   reads approved units and their own proposals (nothing else of other
                         writers: not their proposals, rejections or documents); proposes units
                         and documents; edits and withdraws their own proposals while proposed;
                         records their own uses; cannot approve, cannot delete others' units
    speechdraft_editor   (审核人) everything a writer may, and reads every unit, approves,
                         rejects, edits and deletes any unit
    speechdraft_admin    owns the tables (so bypasses row-level security); adds writers and editors

Row-level security states the rules on the tables themselves, so they hold for any client, not
only this program. Searching goes through SECURITY DEFINER functions (`team_candidates`,
`team_listing`, `team_average_terms`) that apply the same visibility rule (approved, or added
by the caller, or the caller is an editor) explicitly: under row-level security PostgreSQL may
not use a text-search index for a role the policy applies to (`@@` is not leakproof, so it must
run after the policy's filter) and every search would read the whole table.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.core.phrase_source import SearchFilter
from desktop.store.errors import BankError
from desktop.store.filtering import filter_sql
from desktop.store.postgres.schema import KIND_MARK, TYPE_MARK
from desktop.store.ranking import LISTING_ORDER, boost_sql, order_sql

WRITER, EDITOR, ADMIN = "speechdraft_writer", "speechdraft_editor", "speechdraft_admin"
GROUPS = (WRITER, EDITOR, ADMIN)
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_TABLES = ("units", "documents", "unit_sources", "tags", "unit_tags", "unit_uses", "meta", "heading_groups")
_IS_EDITOR = f"pg_has_role(current_user, '{EDITOR}', 'MEMBER')"
_IS_EDITOR_SESSION = f"pg_has_role(session_user, '{EDITOR}', 'MEMBER')"
# The visibility rule, for policies (current_user) and for the definer functions (session_user).
VISIBLE = f"(u.status = 'approved' OR u.added_by = current_user OR {_IS_EDITOR})"
VISIBLE_TO_CALLER = f"(u.status = 'approved' OR u.added_by = session_user OR {_IS_EDITOR_SESSION})"

# The filter of store.filtering with the functions' own parameters in place of the marks: the
# same WHERE as every other search path; a NULL parameter is no filter.
_FILTER_PARAMETERS = (
    "want_kind text, want_type text, want_tag text, want_source_id integer, want_source_name text,"
    " favourites boolean, with_trash boolean"
)


def _function_filter() -> str:
    """store.filtering's conditions, each made optional on its parameter."""
    full = SearchFilter(kind="k", speech_type="t", tag="g", source=None, favourites_only=True, include_deleted=False)
    conditions, _ = filter_sql(full, "u", "{}")
    names = ["want_kind", "want_type", "want_tag"]
    parts = []
    for condition, name in zip(conditions[:3], names, strict=True):
        parts.append(f"({name} IS NULL OR {condition.format(name)})")
    by_id, _ = filter_sql(SearchFilter(source=1), "u", "{}")
    by_name, _ = filter_sql(SearchFilter(source="n"), "u", "{}")
    parts.append(f"(want_source_id IS NULL OR {by_id[0].format('want_source_id')})")
    parts.append(f"(want_source_name IS NULL OR {by_name[0].format('want_source_name')})")
    parts.append(f"(NOT favourites OR {conditions[3]})")
    parts.append(f"(with_trash OR {conditions[4]})")
    return " AND ".join(parts)


_ROWS = (
    "id integer, tokens text, grams text, boost double precision, favourite boolean, uses integer, text text,"
    " kind text, speech_type text, in_trash boolean, status text, added_by text"
)
_ROW_COLUMNS = (
    f"u.id, u.tokens, u.grams, {boost_sql('u')}::double precision, u.favourite, u.uses, u.text, u.kind::text,"
    " u.speech_type::text, u.deleted_at IS NOT NULL, u.status, u.added_by"
)


_DEFINER = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp"
# Candidates are the first matches in disk order (store.postgres.schema), tier by tier: in each
# tier of the quality order, the hits its partial GIN index collects, read in disk order, until n
# are found; a frequent word stops in the first tier, a rare one reads a few hits in each. The
# tier's rank_key range goes into the query as literals (EXECUTE), so that the planner matches
# the tier's index. Only the bitmap of that index is allowed: a scan of the table with LIMIT
# assumes the hits spread evenly, but the short rows at the start hold few words (such a scan
# read 140,000 rows for a word with a speech-type filter), and a bitmap of another index ANDed
# in (the kind's, 107 ms for 论述) costs more than checking the rows. The filter is checked on
# the rows the hits give, behind OFFSET 0 so that the planner cannot add such a bitmap; a kind or
# speech-type value held by fewer than FACET_SHARE of the units goes into the index's match as its
# lexeme instead (store.postgres.schema.KIND_MARK, TYPE_MARK: a word in 17 % of the units and a
# speech type in 0.05 %, 5 ms against 3.6 s of reading the word's hits). Then the rows changed
# since the last reorder, which may lie anywhere on disk; the caller keeps each unit once.
# No parallel scan, no synchronised scan (either would start elsewhere in the table).
_TIER_SETTINGS = (
    "SET search_path = public, pg_temp SET max_parallel_workers_per_gather = 0 SET synchronize_seqscans = off"
    " SET enable_seqscan = off SET enable_indexscan = off SET enable_bitmapscan = on"
)
FACET_SHARE = 0.15
_LEXEME_VALUE_MAX = 50  # the kind and speech-type columns' length (store.models): a longer value is no unit's


def _facet(column: str, value: str, mark: str) -> str:
    """plpgsql: q gains the lexeme of column = value (store.postgres.search._literal's quoting)
    when the statistics say fewer than FACET_SHARE of the units hold the value."""
    share = (
        "(SELECT m.f FROM pg_stats s, unnest(s.most_common_vals::text::text[], s.most_common_freqs) AS m(v, f)"
        f" WHERE s.schemaname = 'public' AND s.tablename = 'units' AND s.attname = '{column}' AND m.v = {value})"
    )
    quote = "''''"  # one ' in SQL text
    lexeme = f"{quote} || replace(replace('{mark}' || {value}, '\\', '\\\\'), {quote}, '''''') || {quote}"
    return (
        f" IF {value} IS NOT NULL AND length({value}) <= {_LEXEME_VALUE_MAX}"
        f" AND coalesce({share}, 0) < {FACET_SHARE} THEN q := q && ({lexeme})::tsquery; END IF;"
    )


_CHANGED_MAX = 5000  # rows changed since the last reorder that one search ranks at most
AVERAGE_SAMPLE_ROWS = 30_000  # the rows team_average_terms reads at most (as many as ANALYZE's sample)


def _numbered_filter() -> tuple[str, list[str]]:
    """The visibility rule and the filter with the parameters as $2, $3 … ($1 is the query), for
    EXECUTE; and the parameters' names in that order."""
    numbered = f"{VISIBLE_TO_CALLER} AND {_function_filter()}"
    params = [p.split()[0] for p in _FILTER_PARAMETERS.split(",")]
    for i, param in enumerate(params, start=2):
        numbered = re.sub(rf"\b{param}\b", f"${i}", numbered)
    return numbered, params


def _tiered(name: str, before: str, after: str) -> str:
    """A definer function returning up to n rows of units whose tsv matches q and that pass the
    filter, tier by tier in disk order (see _TIER_SETTINGS); before and after are plpgsql run
    before the tiers and after them."""
    numbered, params = _numbered_filter()
    left = f"${len(params) + 2}"
    in_tier = (
        f"SELECT {_ROW_COLUMNS} FROM (SELECT * FROM units u WHERE u.tsv @@ $1 AND %s OFFSET 0) u"
        f" WHERE {numbered} LIMIT {left}"
    )
    using = ", ".join(["q", *params, "n - got"])
    return (
        f"CREATE OR REPLACE FUNCTION {name}(q tsquery, {_FILTER_PARAMETERS}, n integer)"
        f" RETURNS TABLE ({_ROWS}) LANGUAGE plpgsql STABLE SECURITY DEFINER {_TIER_SETTINGS} AS $$"
        " DECLARE since timestamp; tiers jsonb; got integer := 0; more integer; BEGIN"
        # Each tier's rank_key range as its partial index holds it (store.postgres.schema.tier_conditions).
        " SELECT coalesce(max(value)::jsonb, '[\"true\"]') INTO tiers FROM meta WHERE key = 'search_tiers';"
        f" {before}"
        " FOR i IN 0 .. jsonb_array_length(tiers) - 1 LOOP"
        f"  RETURN QUERY EXECUTE format($q${in_tier}$q$, tiers ->> i) USING {using};"
        "  GET DIAGNOSTICS more = ROW_COUNT; got := got + more;"
        "  EXIT WHEN got >= n;"
        f" END LOOP; {after} END $$"
    )


def _functions() -> tuple[str, ...]:
    """The search functions (see the module docstring)."""
    where = f"{VISIBLE_TO_CALLER} AND {_function_filter()}"
    numbered, params = _numbered_filter()
    since = f"${len(params) + 2}"
    # The time of the last reorder goes in as a value, so that the plan knows how few rows
    # changed since (a subquery would be estimated at a third of the table: a full scan).
    changed = (
        f"SELECT {_ROW_COLUMNS} FROM units u WHERE u.tsv @@ $1 AND {numbered} AND u.changed_at > {since}"
        f" LIMIT {_CHANGED_MAX}"
    )
    facets = _facet("kind", "want_kind", KIND_MARK) + _facet("speech_type", "want_type", TYPE_MARK)
    last_reorder = "SELECT coalesce(max(value::timestamp), '-infinity') INTO since FROM meta WHERE key = 'ordered_at';"
    after_candidates = f"RETURN QUERY EXECUTE $q${changed}$q$ USING {', '.join(['q', *params, 'since'])};"
    return (
        _tiered("team_candidates", last_reorder + facets, after_candidates),
        f"CREATE OR REPLACE FUNCTION team_listing({_FILTER_PARAMETERS}, n integer)"
        f" RETURNS TABLE ({_ROWS}) {_DEFINER} AS $$"
        f" SELECT {_ROW_COLUMNS} FROM units u WHERE {where} ORDER BY {order_sql(LISTING_ORDER, 'u')} LIMIT n $$",
        # Every match, for the searches the quality order does not serve (tag, source, trash).
        _tiered("team_matches", "", ""),
        # The average number of grams (bm25's length normalisation, store.terms.gram_count) of the
        # live units, as SQLite's index keeps it: over every row of a small bank, else over a
        # sample of pages drawn across the whole table (the first rows are the best-ranked, no
        # sample of the bank: at 1M their average was 74 grams against 37 in all, which reordered
        # every top 20). REPEATABLE: the same table gives the same average, so the same ranking.
        "CREATE OR REPLACE FUNCTION team_average_terms() RETURNS double precision"
        " LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$"
        " DECLARE share float8; BEGIN"
        f" SELECT least(100, 100.0 * {AVERAGE_SAMPLE_ROWS} / greatest(reltuples, 1)) INTO share"
        " FROM pg_class WHERE oid = 'units'::regclass;"
        " RETURN (SELECT coalesce(avg(length(grams) - length(replace(grams, ' ', '')) + 1"
        " - (length(grams) - length(replace(grams, '|', '')))), 0)"
        " FROM units TABLESAMPLE SYSTEM (share) REPEATABLE (0) WHERE deleted_at IS NULL); END $$",
        # The id of a group of sibling headings (store.heading_groups), added if the bank lacks it;
        # a definer function, since the group may already stand with units the caller cannot see.
        "CREATE OR REPLACE FUNCTION heading_group_id(k text, h json) RETURNS integer"
        " LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$"
        " WITH added AS (INSERT INTO heading_groups (group_key, headings) VALUES (k, h)"
        " ON CONFLICT (group_key) DO NOTHING RETURNING id)"
        " SELECT id FROM added UNION ALL SELECT id FROM heading_groups WHERE group_key = k LIMIT 1 $$",
    )


def install_functions(conn: Any) -> None:
    for statement in _functions():
        conn.execute(statement)


def _policies() -> tuple[str, ...]:
    mine = "added_by = current_user"
    unit_visible = "EXISTS (SELECT 1 FROM units u WHERE u.id = unit_id)"  # itself under the units policy
    return (
        # units
        f"CREATE POLICY units_read ON units FOR SELECT USING ({VISIBLE.replace('u.', '')})",
        "CREATE POLICY units_propose ON units FOR INSERT"
        f" WITH CHECK (({mine} AND status = 'proposed') OR {_IS_EDITOR})",
        f"CREATE POLICY units_edit ON units FOR UPDATE USING (({mine} AND status = 'proposed') OR {_IS_EDITOR})"
        f" WITH CHECK (({mine} AND status = 'proposed') OR {_IS_EDITOR})",
        f"CREATE POLICY units_withdraw ON units FOR DELETE USING (({mine} AND status <> 'approved') OR {_IS_EDITOR})",
        # documents: one's own, and those an approved (visible) unit came from
        f"CREATE POLICY documents_read ON documents FOR SELECT USING ({mine} OR {_IS_EDITOR}"
        " OR EXISTS (SELECT 1 FROM unit_sources s JOIN units u ON u.id = s.unit_id"
        " WHERE s.document_id = documents.id))",
        f"CREATE POLICY documents_add ON documents FOR INSERT WITH CHECK ({mine} OR {_IS_EDITOR})",
        f"CREATE POLICY documents_change ON documents FOR UPDATE USING ({mine} OR {_IS_EDITOR})",
        f"CREATE POLICY documents_remove ON documents FOR DELETE USING ({mine} OR {_IS_EDITOR})",
        # sources, tag links, uses: those of units the caller can see
        f"CREATE POLICY unit_sources_all ON unit_sources USING ({unit_visible}) WITH CHECK ({unit_visible})",
        f"CREATE POLICY unit_tags_all ON unit_tags USING ({unit_visible}) WITH CHECK ({unit_visible})",
        f"CREATE POLICY unit_uses_read ON unit_uses FOR SELECT USING ({unit_visible})",
        f"CREATE POLICY unit_uses_add ON unit_uses FOR INSERT WITH CHECK (used_by = current_user AND {unit_visible})",
        f"CREATE POLICY unit_uses_remove ON unit_uses FOR DELETE USING (used_by = current_user OR {_IS_EDITOR})",
        # tags are labels shared by the team; meta is read by all, written by the admin
        "CREATE POLICY tags_all ON tags USING (true) WITH CHECK (true)",
        "CREATE POLICY meta_read ON meta FOR SELECT USING (true)",
        # a group of sibling headings: seen with the units that stand in it; added by heading_group_id
        "CREATE POLICY heading_groups_read ON heading_groups FOR SELECT"
        " USING (EXISTS (SELECT 1 FROM units u WHERE u.group_id = heading_groups.id))",
    )


def check_role_name(name: str) -> str:
    """A writer's login name as PostgreSQL will hold it (lower-case letters, digits, _)."""
    cleaned = (name or "").strip()
    if not _ROLE_NAME.match(cleaned):
        raise BankError(
            f"用户名“{name}”不可用：请只用小写英文字母、数字和下划线（以字母开头，最长 63 个字符），例如 zhang_wei。"
        )
    if cleaned in GROUPS or cleaned.startswith("pg_"):
        raise BankError(f"用户名“{name}”是系统保留的名称，请换一个。")
    return cleaned


def install(conn: Any) -> None:
    """Roles, ownership, grants, policies and functions; in the caller's transaction, repeatable."""
    existing = {r for (r,) in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(GROUPS),))}
    for group in GROUPS:
        if group not in existing:
            conn.execute(f"CREATE ROLE {group} NOLOGIN")
    me = conn.execute("SELECT current_user").fetchone()[0]
    if not conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
        conn.execute(f"GRANT {ADMIN} TO {me}")
    conn.execute(f"GRANT {WRITER} TO {EDITOR}")  # an editor may do all a writer may
    database = conn.execute("SELECT current_database()").fetchone()[0]
    conn.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {WRITER}')
    conn.execute(f"GRANT USAGE ON SCHEMA public TO {WRITER}")
    sequences = [
        s
        for (s,) in conn.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'"
        )
    ]
    for table in _TABLES:
        conn.execute(f"ALTER TABLE {table} OWNER TO {ADMIN}")
        conn.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        for (policy,) in conn.execute("SELECT policyname FROM pg_policies WHERE tablename = %s", (table,)).fetchall():
            conn.execute(f"DROP POLICY {policy} ON {table}")
    for sequence in sequences:
        conn.execute(f"ALTER SEQUENCE {sequence} OWNER TO {ADMIN}")
        conn.execute(f"GRANT USAGE ON SEQUENCE {sequence} TO {WRITER}")
    conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON units, documents, unit_sources, unit_tags TO {WRITER}")
    conn.execute(f"GRANT SELECT, INSERT ON tags TO {WRITER}")
    conn.execute(f"GRANT SELECT, INSERT, DELETE ON unit_uses TO {WRITER}")
    conn.execute(f"GRANT SELECT ON meta TO {WRITER}")
    conn.execute(f"GRANT SELECT ON heading_groups TO {WRITER}")
    for statement in _policies():
        conn.execute(statement)
    install_functions(conn)
    for function in (
        "team_candidates",
        "team_listing",
        "team_matches",
        "team_average_terms",
        "unit_used",
        "heading_group_id",
        "unit_changed",
    ):
        conn.execute(f"ALTER FUNCTION {function} OWNER TO {ADMIN}")
        conn.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    for function in ("team_candidates", "team_listing", "team_matches", "team_average_terms", "heading_group_id"):
        conn.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {WRITER}")


def add_member(conn: Any, name: str, group: str, password: str | None) -> str:
    """Create (or reuse) the login role name in group; a password set only when given.

    The password goes to the server as a literal of ALTER ROLE … PASSWORD (PostgreSQL stores it
    as a SCRAM hash); it is never written anywhere else."""
    if group not in (WRITER, EDITOR):
        raise ValueError(group)
    role = check_role_name(name)
    exists = conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (role,)).fetchone()[0]
    if not exists:
        conn.execute(f"CREATE ROLE {role} LOGIN")
    if password:
        quoted = "'" + password.replace("'", "''") + "'"
        conn.execute(f"ALTER ROLE {role} PASSWORD {quoted}")
    conn.execute(f"GRANT {group} TO {role}")
    return role
