// The digest the diagnostic history's trigger compares (migration 0010): one digest must mean the same identities
// (code, and subject or message: diagnostic_identity in 0008), or the history would miss what appeared or settled.
import { diagnosticDigest } from '../../../../db/writes/diagnostic-digest';

const claim = (open: number, line: number) => ({
  severity: 'warning',
  code: 'fact-claim-mismatch',
  message: `Progress says "99% complete" but ${open} of 128 items are open.`,
  line,
  column: 15,
  span: { start: 200 + line, end: 210 + line },
  subject: 'Progress',
});
const duplicate = (id: string, line: number) => ({
  severity: 'error',
  code: 'duplicate-id',
  message: `${id} is already used at line 4.`,
  line,
  column: 3,
});

it('is the same when only what the identities leave out moved: numbers beside a subject, lines, spans', () => {
  expect(diagnosticDigest([claim(1, 5), duplicate('A-1', 9)])).toBe(
    diagnosticDigest([{ ...claim(3, 6), severity: 'error' }, duplicate('A-1', 12)]),
  );
  expect(diagnosticDigest([])).toBe(diagnosticDigest([]));
});

it('differs when an identity does: another subject, message without one, code, or one more', () => {
  const base = diagnosticDigest([claim(1, 5), duplicate('A-1', 9)]);
  for (const other of [
    [{ ...claim(1, 5), subject: 'Last Updated' }, duplicate('A-1', 9)],
    [claim(1, 5), duplicate('A-2', 9)],
    [claim(1, 5), { ...duplicate('A-1', 9), code: 'duplicate-key' }],
    [claim(1, 5), duplicate('A-1', 9), duplicate('A-1', 9)],
    [claim(1, 5)],
  ]) {
    expect(diagnosticDigest(other)).not.toBe(base);
  }
  // A subject that is not a string still counts as one (diagnostic_identity reads it as text).
  expect(diagnosticDigest([{ ...claim(1, 5), subject: 7 }])).not.toBe(
    diagnosticDigest([{ ...claim(1, 5), subject: 8 }]),
  );
});
