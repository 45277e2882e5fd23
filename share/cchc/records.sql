-- The records of cchc-normalize as a typed table, for sqlite3 and DuckDB:
-- value and denominator are numbers, the period's bounds dates, line and
-- year integers, so max(value) compares numbers, not text.
--
--   sqlite3 cchc.db '.read share/cchc/records.sql' \
--       '.import --csv --skip 1 records.csv records'
--   duckdb cchc.duckdb -c ".read share/cchc/records.sql" \
--       -c "COPY records FROM 'records.csv' (HEADER)"
--
-- (sqlite3 is a Debian package that make deps installs; the duckdb command
-- is not packaged by Debian: install DuckDB's CLI from duckdb.org, or use
-- its Node package, which make deps installs into build/node when npm is
-- there: tests/duckdb-load.mjs runs these same statements through it.)
--
-- (sqlite3 keeps an empty field as '': filter with value <> '' where a
-- column may be empty; DuckDB reads it as NULL.)
CREATE TABLE records (
	doc TEXT,
	line INTEGER,
	province TEXT,
	province_code TEXT,
	province_2025 TEXT,
	province_2025_code TEXT,
	period TEXT,
	period_start DATE,
	period_end DATE,
	year INTEGER,
	metric TEXT,
	subject TEXT,
	value DOUBLE,
	denominator DOUBLE,
	unit TEXT,
	qualifier TEXT,
	ambiguous INTEGER,
	raw TEXT,
	kind TEXT,
	owner TEXT,
	component TEXT,
	block TEXT,
	doc_date DATE,
	own_report INTEGER
);
