// The content hash recorded in sync_state: sha256 of the exact bytes on disk (BOM and line endings included).
import { createHash, subtle } from 'node:crypto';

export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** hashBytes in the thread pool (WebCrypto): the caller's thread spends the time on its own work meanwhile (for a
 * 1 MB plan 0.08-0.18 ms of copying instead of 0.57 ms of hashing). */
export async function hashBytesOffThread(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await subtle.digest('SHA-256', bytes)).toString('hex');
}
