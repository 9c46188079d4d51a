// Other engineers' modules the server calls, loaded lazily with the agreed signatures (docs: notes/apis.md).
import type { Db } from '../db/client';

type Status = 'todo' | 'in-progress' | 'done' | 'cancelled';

interface EngineModule {
  setStatus(
    db: Db,
    plan: { slug: string } | { id: number },
    itemKey: string,
    status: Status,
    opts: { actor: string; source: 'ui' | 'cli'; expectedVersion?: number },
  ): Promise<{ item: { status: string } | null; version: number; edits: unknown[] }>;
  VersionConflictError: new (...args: never[]) => Error;
  UnknownItemError: new (...args: never[]) => Error;
}
interface ImportModule {
  syncPlan(db: Db, path: string, opts?: unknown): Promise<unknown>;
  syncAll(db: Db, plansDir: string): Promise<unknown>;
}
interface WatchModule {
  watchPlans(db: Db, plansDir: string, opts?: { onError?: (error: unknown, file: string) => void }): {
    ready?: Promise<void>;
    close(): void | Promise<void>;
  };
}
interface ParserModule {
  repairMojibake(source: string): string;
}

const load = <T>(rel: string): Promise<T> => import(new URL(rel, import.meta.url).href) as Promise<T>;

export const sync = {
  engine: () => load<EngineModule>('../sync/engine.ts'),
  importer: () => load<ImportModule>('../sync/import.ts'),
  watch: () => load<WatchModule>('../sync/watch.ts'),
};
export const parser = () => load<ParserModule>('../parser/index.ts');

export async function readPlan(file: string): Promise<{ source: string }> {
  const m = await load<{ readPlanFile(p: string): Promise<{ source: string }> }>('../cli/lib/read-plan-file.ts');
  return m.readPlanFile(file);
}
export async function writeAtomic(file: string, data: string): Promise<void> {
  const m = await load<{ writeFileAtomic(p: string, d: string): Promise<void> }>('../sync/atomic-write.ts');
  return m.writeFileAtomic(file, data);
}
