// Benchmarks measure in child processes: each gets its own heap and its own peak RSS.
import { spawn } from 'node:child_process';

/** Node flags for a TypeScript child with `gc()` available between runs. */
export const CHILD_NODE_ARGS = ['--expose-gc', '--import', 'tsx'];

/**
 * Run `script` in a fresh Node process and return the JSON it prints as its last stdout line.
 * stderr is passed through so a failing child explains itself.
 */
export function runChild<T>(script: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_NODE_ARGS, script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${signal ?? code}`));
      const last = out.trimEnd().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} ${args.join(' ')} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** Peak resident set size of this process so far, in bytes (threads included). */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Collect garbage between runs when the process was started with --expose-gc. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
