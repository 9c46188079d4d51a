// db/errors.ts: a read that lost its connection runs once more (a cut pooled connection fails only its first
// query); a second loss, or any other error, is the caller's.
import { onceMoreIfConnectionLost } from '../../../db/errors';

const lost = () => Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

describe('onceMoreIfConnectionLost', () => {
  it('runs a read once more after a lost connection and returns its answer', async () => {
    let calls = 0;
    const answer = await onceMoreIfConnectionLost(async () => {
      if (++calls === 1) throw lost();
      return 'ok';
    });
    expect([answer, calls]).toEqual(['ok', 2]);
  });

  it('throws the second loss, and never retries another error', async () => {
    let calls = 0;
    await expect(
      onceMoreIfConnectionLost(async () => {
        calls++;
        throw lost();
      }),
    ).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      onceMoreIfConnectionLost(async () => {
        calls++;
        throw new Error('syntax error at or near "selec"');
      }),
    ).rejects.toThrow(/syntax error/);
    expect(calls).toBe(1);
  });
});
