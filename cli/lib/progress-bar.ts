// A one-line progress bar on stderr for long imports; silent when stderr is not a terminal.
export interface ProgressBar {
  /** `immediate`: show at once (a big file whose next step blocks the event loop for seconds). */
  update(label: string, done: number, total: number, immediate?: boolean): void;
  clear(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, opts: { delayMs?: number } = {}): ProgressBar {
  const tty = !!stream.isTTY;
  const started = Date.now();
  const delayMs = opts.delayMs ?? 300; // short imports never show a bar
  let last = 0;
  let shown = false;
  return {
    update(label, done, total, immediate = false) {
      if (!tty) return;
      const now = Date.now();
      if ((!immediate && now - started < delayMs) || (now - last < 80 && done < total && !immediate)) return;
      last = now;
      if (total <= 1 && done < total) {
        // A step that cannot report progress (parsing): say what is happening and for how long.
        stream.write(`\r${label}… ${((now - started) / 1000).toFixed(1)} s\x1b[K`);
        shown = true;
        return;
      }
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 20));
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(frac * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(frac * 100)}%\x1b[K`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
