/** Fault injection for the crash tests: `TICKMARK_CRASH_AT=after-file-write` kills the process right there
 * (a real process exit, as a power cut or a kill -9 would); with `TICKMARK_CRASH_MODE=throw` the write-back
 * stops there by an exception instead (its transaction rolls back, what is on disk stays), so a test can
 * crash it many times in one process. */
export const CRASH_POINTS = ['after-intent', 'after-file-write', 'before-commit'] as const;

export function crashPoint(name: (typeof CRASH_POINTS)[number]): void {
  if (process.env.TICKMARK_CRASH_AT !== name) return;
  if (process.env.TICKMARK_CRASH_MODE === 'throw') throw new Error(`injected crash at ${name}`);
  process.kill(process.pid, 'SIGKILL');
}
