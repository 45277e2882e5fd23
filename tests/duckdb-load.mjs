// Load a records CSV into DuckDB (tests: the records load unchanged); prints rows|rows with value > 0|distinct metrics.
import { DuckDBInstance } from '@duckdb/node-api';
const file = process.argv[2];
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`create table r as select * from read_csv('${file.replace(/'/g, "''")}', header = true, all_varchar = true)`);
const res = await con.runAndReadAll(`select count(*)::int as n, sum(case when try_cast(value as double) > 0 then 1 else 0 end)::int as pos, count(distinct metric)::int as m from r`);
const row = res.getRows()[0];
console.log(`${row[0]}|${row[1]}|${row[2]}`);
