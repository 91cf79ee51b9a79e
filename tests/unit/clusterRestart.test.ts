import { restartDelayMs } from '@contest/bff/src/cluster';

describe('restarting a BFF worker that died', () => {
  it('restarts at once a worker that had been running a while', () => {
    expect(restartDelayMs(10_000, 0)).toBe(0);
    expect(restartDelayMs(3_600_000, 0)).toBe(0);
  });

  it('waits longer after each quick death in a row, at most 30 s, so a crash loop does not spin', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((quickDeaths) => restartDelayMs(200, quickDeaths));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
