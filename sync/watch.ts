// `tickmark sync --watch` and the server's watcher: re-sync a plan file shortly after it changes on disk.
// Events are debounced per file (editors write in bursts, or by writing a temp file and renaming it over the
// plan); each sync compares the content hash first, so writes whose hash is already recorded — write-backs —
// cost one read and write nothing.
// Live pages: a recorded hash says the database is current, not that this process has told its pages. Another
// process (`tickmark set`, a second server on the same PostgreSQL) records the hash in the same step as its
// write, so its import finds nothing to do; the watcher therefore remembers the content it last saw per file
// and announces a plan change whenever the file differs from it. Changes this process made itself (its
// write-back engine announces them) are remembered too, so they are not announced twice.
import path from 'node:path';
import { watch } from 'chokidar';
import type { Db } from '../db/client';
import { syncedState } from '../db/queries/write-back';
import { emitPlanChanged, onPlanChanged } from './events';
import { syncPlan, type SyncOptions, type SyncResult } from './import';

export interface WatchOptions {
  /** Quiet time after the last event before syncing a file (ms). */
  debounceMs?: number;
  onSync?: (result: SyncResult) => void;
  onError?: (error: unknown, file: string) => void;
  /** Parser for the imports (the server parses on a worker thread: sync/parse-off-thread.ts). */
  parse?: SyncOptions['parse'];
}

export interface PlanWatcher {
  /** Resolves once the folder is being watched (writes before that may be missed). */
  ready: Promise<void>;
  /** Resolves when no sync is pending or running (for tests and clean shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

function isPlanFile(p: string): boolean {
  return p.toLowerCase().endsWith('.md') && !path.basename(p).startsWith('.');
}

export function watchPlans(db: Db, plansDir: string, opts: WatchOptions = {}): PlanWatcher {
  const root = path.resolve(plansDir);
  const debounceMs = opts.debounceMs ?? 150;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  /** File → hash of the content this process last saw (imported, found recorded, or wrote itself). */
  const seen = new Map<string, string>();
  let closed = false;

  const saw = (r: SyncResult) => {
    if (r.hash === null) {
      seen.delete(r.file);
      return;
    }
    const before = seen.get(r.file);
    seen.set(r.file, r.hash);
    // 'updated'/'created' announced themselves; 'unchanged' means someone else recorded these bytes.
    if (r.outcome === 'unchanged' && before !== r.hash && r.planId !== null && r.slug !== null) {
      emitPlanChanged({ planId: r.planId, slug: r.slug, source: 'markdown' });
    }
  };

  // This process's own write-backs: the hash they recorded is content we have seen (and announced).
  const unsubscribe = onPlanChanged((event) => {
    if (event.source === 'markdown' || closed) return;
    syncedState(db, event.planId)
      .then((state) => {
        if (state) seen.set(path.resolve(state.path), state.hash);
      })
      .catch(() => {}); // only costs a second announcement
  });

  const watcher = watch(root, {
    ignoreInitial: true,
    // An editor's rename-over-the-file arrives as unlink+add; `atomic` folds that into one change.
    atomic: true,
    ignored: (p, stats) => {
      const base = path.basename(p);
      if (p !== root && (base.startsWith('.') || base === 'node_modules')) return true;
      return !!stats?.isFile() && !isPlanFile(p);
    },
  });

  const run = (file: string) => {
    if (closed) return;
    if (running.has(file)) {
      again.add(file); // changed again while syncing: sync once more afterwards
      return;
    }
    const job = syncPlan(db, file, { plansDir: root, parse: opts.parse })
      .then((r) => {
        saw(r);
        opts.onSync?.(r);
      })
      .catch((error) =>
        opts.onError
          ? opts.onError(error, file)
          : console.error(`tickmark watch: ${file}: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        running.delete(file);
        if (again.delete(file)) schedule(file);
      });
    running.set(file, job);
  };

  const schedule = (file: string) => {
    if (closed || !isPlanFile(file)) return;
    clearTimeout(timers.get(file));
    timers.set(
      file,
      setTimeout(() => {
        timers.delete(file);
        run(file);
      }, debounceMs),
    );
  };

  for (const event of ['add', 'change', 'unlink'] as const) watcher.on(event, (p: string) => schedule(path.resolve(p)));
  watcher.on('error', (error) => opts.onError?.(error, root));

  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    async idle() {
      while (timers.size || running.size) {
        await Promise.all(running.values());
        if (timers.size) await new Promise((r) => setTimeout(r, debounceMs + 10));
      }
    },
    async close() {
      closed = true;
      unsubscribe();
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await watcher.close();
      await Promise.all(running.values());
    },
  };
}
