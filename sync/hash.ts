// The content hash recorded in sync_state: sha256 of the exact bytes on disk (BOM and line endings included).
import { createHash } from 'node:crypto';

export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
