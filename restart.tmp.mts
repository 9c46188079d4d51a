import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
const work = mkdtempSync(path.join(tmpdir(), 'prof-'));
const { getDb, closeDb } = await import('/work/main/db/client');
const { syncPlan } = await import('/work/main/sync/import');
const { setStatus } = await import('/work/main/sync/engine');
const db = await getDb();
const plansDir = path.join(work, 'plans'); mkdirSync(plansDir);
const file = path.join(plansDir, 'seed.md');
writeFileSync(file, readFileSync('/work/main/tests/fixtures/seed/input.md'));
const r = await syncPlan(db, file, { plansDir });
await setStatus(db, { id: r.planId! }, 'CACHE-001', 'todo', { source: 'cli', plansDir });
const admin = postgres(process.env.DATABASE_URL!, { max: 1 });
const killed = await admin`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
console.log('terminated', killed.length); await new Promise((r) => setTimeout(r, 500));
try { await setStatus(db, { id: r.planId! }, 'CACHE-002', 'todo', { source: 'cli', plansDir }); console.log('tick 2 ok'); } catch (e) { console.log('tick 2 failed:', (e as Error).message, (e as any).cause?.code, (e as any).cause?.message); }
try { await setStatus(db, { id: r.planId! }, 'CACHE-003', 'todo', { source: 'cli', plansDir }); console.log('tick 3 ok'); } catch (e) { console.log('tick 3 failed:', (e as Error).message); }
await admin.end(); await closeDb();
