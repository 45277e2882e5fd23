// make bench: the join of gen-join's figures.csv and reference.csv in DuckDB,
// written as CSV to the file given (the same work cchc-join does).
// usage: node duckdb-join.mjs FIGURES REFERENCE OUT
import { DuckDBInstance } from '@duckdb/node-api';
const [fig, ref, out] = process.argv.slice(2).map((s) => s.replace(/'/g, "''"));
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`copy (select f.*, r.par_index, r.sipas
	from read_csv('${fig}', header = true, all_varchar = true) f
	join read_csv('${ref}', header = true, all_varchar = true) r
	using (province, period)) to '${out}' (header, delimiter ',')`);
