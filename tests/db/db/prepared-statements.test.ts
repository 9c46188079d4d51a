// Statements kept prepared (decision 058): PGlite's transaction statements are named prepared statements, kept
// per text. The answers must be the ones an unnamed statement gives, a failing statement must fail as before
// (and its transaction roll back), and more texts than are kept must still run. On the server, where statements
// go unprepared, the same answers hold.
import { sql } from 'drizzle-orm';
import { resultRows } from '../../../db/batch';
import { isEmbedded } from '../../../db/client';
import { testDb } from '../../helpers/database';

it('answers repeated statements with their own parameters, in and out of transactions', async () => {
  const db = await testDb();
  for (let i = 0; i < 8; i++) {
    const rows = await db.transaction(async (tx) => [
      ...resultRows(await tx.execute(sql`select ${i}::int + 1 as n, ${`it's ${i}`}::text as s, ${null}::jsonb as j`)),
      ...resultRows(await tx.execute(sql`select ${JSON.stringify({ i })}::jsonb as j`)),
    ]);
    expect(rows).toEqual([{ n: i + 1, s: `it's ${i}`, j: null }, { j: { i } }]);
    expect(resultRows(await db.execute(sql`select ${i}::int * 2 as n`))).toEqual([{ n: 2 * i }]);
  }
});

// A tick's write sends kilobytes of text (its stated numbers, diagnostics and inverse edits as JSON), in any script.
it('sends long and non-ASCII parameters byte for byte, beside nulls', async () => {
  const db = await testDb();
  const long = 'Progress ✅ 60 % — café 🎉 '.repeat(150);
  const json = JSON.stringify([{ message: 'ðŸŽ‰ for 🎉', text: ' ✅' }]);
  for (let i = 0; i < 3; i++) {
    const rows = await db.transaction(async (tx) =>
      resultRows(
        await tx.execute(sql`select ${null}::text as a, ${long}::text as b, octet_length(${long}::text) as bytes,
          ${json}::jsonb as j, ${null}::int as c, ${'é'}::text as d`),
      ),
    );
    expect(rows).toEqual([{ a: null, b: long, bytes: Buffer.byteLength(long), j: JSON.parse(json), c: null, d: 'é' }]);
  }
});

it('fails a statement as before, rolls its transaction back, and runs the next one', async () => {
  const db = await testDb();
  await db.execute(sql`create table if not exists prepared_probe (id int primary key)`);
  await db.execute(sql`delete from prepared_probe`);
  for (let round = 0; round < 3; round++) {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into prepared_probe (id) values (${1})`);
        await tx.execute(sql`insert into prepared_probe (id) values (${1})`);
      }),
    ).rejects.toMatchObject({ cause: { code: '23505' } }); // unique_violation, from PostgreSQL
    expect(resultRows(await db.execute(sql`select count(*)::int as n from prepared_probe`))).toEqual([{ n: 0 }]);
  }
  await db.execute(sql`drop table prepared_probe`);
});

it('fails a statement PostgreSQL cannot parse, and runs the next one', async () => {
  const db = await testDb();
  for (let round = 0; round < 2; round++) {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`select n from prepared_probe_missing where n = ${round}`);
      }),
    ).rejects.toMatchObject({ cause: { code: '42P01' } }); // undefined_table
    expect(resultRows(await db.transaction((tx) => tx.execute(sql`select ${round}::int as n`)))).toEqual([
      { n: round },
    ]);
  }
});

it('runs more distinct statements than it keeps', async () => {
  const db = await testDb();
  const sums = await db.transaction(async (tx) => {
    const out: unknown[] = [];
    // A distinct text each time (PGlite keeps 200), one parameter.
    for (let i = 0; i < 520; i++)
      out.push(...resultRows(await tx.execute(sql`select ${i}::int + ${sql.raw(String(i))} as n`)));
    return out;
  });
  expect(sums).toEqual(Array.from({ length: 520 }, (_, i) => ({ n: 2 * i })));
});

it('knows an embedded database and its transactions (whose plan lock is skipped)', async () => {
  const db = await testDb();
  const embedded = !process.env.DATABASE_URL;
  expect(isEmbedded(db)).toBe(embedded);
  await db.transaction(async (tx) => expect(isEmbedded(tx)).toBe(embedded));
});
