// The content hash, on the caller's thread or in the thread pool: the same hex digest of the same bytes.
import { hashBytes, hashBytesAside } from '../../../sync/hash';

it('hashes large buffers in the thread pool exactly as on the caller’s thread', async () => {
  const samples = [Buffer.alloc(0), Buffer.from('# Plan ✅\r\n', 'utf8'), Buffer.alloc(1_000_003, 0xe2)];
  for (const bytes of samples) expect(await hashBytesAside(bytes)).toBe(hashBytes(bytes));
  // A view into a larger buffer (the tick's bytes live in a reused spare): only the view is hashed.
  const spare = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
  const view = spare.subarray(100, 200_100);
  expect(await hashBytesAside(view)).toBe(hashBytes(Buffer.from(view)));
  expect(hashBytes('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});
