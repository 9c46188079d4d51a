// The diagnostics the importer stores with a plan (jsonb), read back for display.
export interface DiagnosticView {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number | null;
  column: number | null;
}

/** Shaped defensively: the column is `unknown[]`, written by whichever importer version ran last. */
export function asDiagnostics(value: unknown): DiagnosticView[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d): DiagnosticView[] => {
    if (!d || typeof d !== 'object') return [];
    const o = d as Record<string, unknown>;
    const severity = o.severity === 'error' || o.severity === 'warning' ? o.severity : 'info';
    return [
      {
        severity,
        code: typeof o.code === 'string' ? o.code : 'unknown',
        message: typeof o.message === 'string' ? o.message : JSON.stringify(o),
        line: typeof o.line === 'number' ? o.line : null,
        column: typeof o.column === 'number' ? o.column : null,
      },
    ];
  });
}
