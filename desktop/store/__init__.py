"""The phrase bank: one interface (core.phrase_source.PhraseSource), an engine per database.

Shared by every engine (this folder):
    models        the tables, the one schema definition (SQLAlchemy declarative)
    ranking       the ranking rules: boost, listing order, ranked order, token relevance
    filtering     a SearchFilter as the WHERE of every search path
    search        a query's terms, and ranking candidates in Python
    terms         what the index holds for a text and what a query looks for
    records       the records the bank hands out (and the bank's clock)
    units, convert, transfer   the writer's operations, ORM rows → records, JSON backup (ORM)
    migrations    the schema version and the upgrade steps
    importing/    reading and cutting files for an import (the writing is the engine's)
    bank, first_read, seed, prebuilt   the personal bank and how it comes to be there

What each engine owns:
    sqlite/       the personal bank (embedded, the default): connection PRAGMAs and errors,
                  the DDL generated from the models, FTS5 (the full index and the
                  quality-ordered rank index with its rowid layout), search in plain SQL, the
                  import writer on the DBAPI connection, file backup and WAL handling
"""
