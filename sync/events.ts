// In-process notifications that a plan changed (imported from disk or written back), for live pages (SSE).
import { EventEmitter } from 'node:events';

export interface PlanChanged {
  planId: number;
  slug: string;
  /** What moved: the file on disk, or a change made through Tickmark. */
  source: 'markdown' | 'ui' | 'cli';
  /** Item keys whose status or text changed, when known. */
  keys?: string[];
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0); // one listener per open page

export function onPlanChanged(listener: (event: PlanChanged) => void): () => void {
  emitter.on('plan-changed', listener);
  return () => emitter.off('plan-changed', listener);
}

export function emitPlanChanged(event: PlanChanged): void {
  emitter.emit('plan-changed', event);
}
