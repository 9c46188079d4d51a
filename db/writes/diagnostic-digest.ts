// What the plan's diagnostic history (migrations 0006, 0008) keys a diagnostic by is computed from its code and
// its subject, else its message (diagnostic_identity). Stored beside the list, a digest of those parts in order
// lets the history's trigger skip a write that changed none of them (migration 0010): two lists with one digest
// have the same identities. A different digest with the same identities only costs the trigger's comparison.
import { createHash } from 'node:crypto';

export function diagnosticDigest(stored: readonly unknown[]): string {
  const parts = stored.map((d) => {
    const { code, subject, message } = (d ?? {}) as { code?: unknown; subject?: unknown; message?: unknown };
    return [code ?? null, subject !== undefined && subject !== null ? { subject } : (message ?? null)];
  });
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64');
}
