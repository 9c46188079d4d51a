// A full disk and a read-only file system under a write-back (issue 14): real ENOSPC and EROFS from a small
// tmpfs mounted for the test. The answer is a sentence naming what happened and saying the plan is intact; the
// file and the database keep their state, and the tick works once there is room again. Mounting needs root
// (CAP_SYS_ADMIN): elsewhere the test is skipped with that reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { testDb } from '../../helpers/database';
import type { Db } from '../../../db/client';
import { items } from '../../../db/schema';
import { syncPlan } from '../../../sync/import';
import { setStatus } from '../../../sync/engine';
import { PlanWriteError } from '../../../sync/file-error-sentences';

const mountPoint = mkdtempSync(path.join(tmpdir(), 'tickmark-hard-tmpfs-'));
const canMount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]).status === 0;

afterAll(() => {
  if (canMount) spawnSync('umount', [mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
});

const PLAN = `# Disk plan\n\n## Phase 1: Work\n\n- [ ] **DISK-001**: one\n- [ ] **DISK-002**: two\n`;

describe.skipIf(!canMount)('write-back on a full or read-only disk (needs mount: root in a container)', () => {
  let db: Db;
  let file: string;
  let planId: number;
  const plansDir = path.join(mountPoint, 'plans');

  beforeAll(async () => {
    db = await testDb();
    execFileSync('mkdir', ['-p', plansDir]);
    file = path.join(plansDir, `disk-${process.pid}.md`);
    writeFileSync(file, PLAN);
    const r = await syncPlan(db, file, { plansDir });
    expect(r.error).toBeNull();
    planId = r.planId!;
  });

  async function statusInDb(key: string): Promise<string> {
    const [row] = await db
      .select({ status: items.status })
      .from(items)
      .where(and(eq(items.planId, planId), eq(items.key, key)));
    return row.status;
  }

  test('ENOSPC: a sentence, the plan intact, and the tick works once space is freed', async () => {
    const filler = path.join(mountPoint, 'filler');
    // Fill the disk to the last block (dd stops with ENOSPC, which is the point).
    spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k']);
    const error = await setStatus(db, { id: planId }, 'DISK-001', 'done', { source: 'ui', plansDir }).catch((e) => e);
    expect(error).toBeInstanceOf(PlanWriteError);
    expect(error.message).toMatch(
      /^Could not save .*disk-\d+\.md: the disk is full \(ENOSPC\); the plan file is intact/,
    );
    expect(error.message).toContain('free some space');
    expect(readFileSync(file, 'utf8')).toBe(PLAN);
    expect(await statusInDb('DISK-001')).toBe('todo');
    rmSync(filler);
    await setStatus(db, { id: planId }, 'DISK-001', 'done', { source: 'ui', plansDir, today: '2026-12-01' });
    expect(readFileSync(file, 'utf8')).toMatch(/- \[x\] \*\*DISK-001\*\*/);
    expect(await statusInDb('DISK-001')).toBe('done');
  });

  test('EROFS: a sentence, the plan intact', async () => {
    const before = readFileSync(file, 'utf8');
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    try {
      const error = await setStatus(db, { id: planId }, 'DISK-002', 'done', { source: 'ui', plansDir }).catch((e) => e);
      expect(error).toBeInstanceOf(PlanWriteError);
      expect(error.message).toMatch(/the file system is read-only \(EROFS\); the plan file is intact/);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(await statusInDb('DISK-002')).toBe('todo');
  });
});
