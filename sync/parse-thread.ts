// The parser thread's side of sync/parse-off-thread.ts: parse each document posted, answer with its model.
import { parentPort } from 'node:worker_threads';
import { parsePlan } from '../parser/index';

parentPort!.on('message', ({ id, source }: { id: number; source: string }) => {
  try {
    parentPort!.postMessage({ id, model: parsePlan(source) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
