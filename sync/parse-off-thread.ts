// The server parses plans in a worker thread: a parse of a large or pathological plan takes seconds of CPU,
// and on the main thread every page, tick and /healthz waited for it (a 50,000-item plan froze the server for
// 14 s). One worker, started on first use, parses one document at a time; the main thread only waits for the
// answer. The CLI keeps parsing in-line (starting a worker costs more than it saves there).
import { Worker } from 'node:worker_threads';
import type { PlanModel } from '../parser/index';

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { resolve: (m: PlanModel) => void; reject: (e: Error) => void }>();

function start(): Worker {
  // The thread's module is TypeScript like this one: it loads through tsx's loader, as the server does (a
  // TypeScript entry file given to Worker itself is refused by Node 20 before any loader runs).
  const entry = new URL('./parse-thread.ts', import.meta.url).href;
  const w = new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true },
  );
  w.unref(); // an idle parser never keeps the process alive
  w.on('message', (m: { id: number; model?: PlanModel; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.model) p.resolve(m.model);
    else p.reject(new Error(m.error ?? 'the parser thread failed'));
  });
  const fail = (error: Error) => {
    worker = null;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the parser thread stopped (exit code ${code})`)));
  return w;
}

/** parsePlan(source) on the parser thread. */
export function parseOffThread(source: string): Promise<PlanModel> {
  worker ??= start();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.ref(); // while a parse is pending, the process waits for it
    worker!.postMessage({ id, source });
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  }) as Promise<PlanModel>;
}

/** Stops the parser thread (tests, shutdown). */
export async function stopParseThread(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}
