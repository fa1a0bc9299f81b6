"""The PostgreSQL engine: the office's shared team bank (store.postgres.bank.TeamBank).

What is PostgreSQL's own lives here and nowhere else: the team columns, tsvector and its GIN
search index (schema), the roles and row-level security (roles), search through the definer
functions (search), writing imports and bulk loads (writer). The tables are store.models', the
ranking store.ranking's, the query terms store.search's: the same as the SQLite engine's.
Loaded only when a team server is configured (psycopg is imported by SQLAlchemy on connect).
"""
