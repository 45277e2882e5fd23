// Load a records CSV into DuckDB (tests: the records load unchanged); prints rows|rows with value > 0|distinct metrics.
// With a second argument, records.sql: the typed load; prints rows|max(value)|max(period_end).
import { DuckDBInstance } from '@duckdb/node-api';
const file = process.argv[2];
const schema = process.argv[3];  // share/cchc/records.sql: the typed load
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
if (schema) {
	const { readFileSync } = await import('node:fs');
	await con.run(readFileSync(schema, 'utf8'));
	await con.run(`copy records from '${file.replace(/'/g, "''")}' (header)`);
	const t = await con.runAndReadAll(`select count(*)::int, max(value)::bigint, max(period_end)::varchar from records`);
	const r = t.getRows()[0];
	console.log(`${r[0]}|${r[1]}|${r[2]}`);
	process.exit(0);
}
await con.run(`create table r as select * from read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true)`);
const res = await con.runAndReadAll(`select count(*)::int as n, sum(case when try_cast(value as double) > 0 then 1 else 0 end)::int as pos, count(distinct metric)::int as m from r`);
const row = res.getRows()[0];
console.log(`${row[0]}|${row[1]}|${row[2]}`);
