import { backoffUntil, blockedUntil } from './login-throttle';

describe('blockedUntil', () => {
  it('is not blocked below five failures', () => {
    expect(blockedUntil([])).toBeUndefined();
    expect(blockedUntil([100, 101, 102, 103])).toBeUndefined();
  });

  it('with five failures, blocked until the oldest leaves the minute', () => {
    expect(blockedUntil([100, 101, 102, 103, 104])).toBe(160);
  });

  it('with more than five (a burst), blocked until only four remain', () => {
    // Seven failures: four remain once the third oldest (t=102) has left the window.
    expect(blockedUntil([100, 101, 102, 103, 104, 105, 106])).toBe(162);
  });
});

describe('backoffUntil', () => {
  it('is not blocked below the threshold', () => {
    expect(backoffUntil([100, 101, 102, 103], 5)).toBeUndefined();
  });

  it('at the threshold, waits a minute after the last failure; each further failure doubles the wait', () => {
    expect(backoffUntil([100, 101, 102, 103, 104], 5)).toBe(164);
    expect(backoffUntil([100, 101, 102, 103, 104, 200], 5)).toBe(320);
    expect(backoffUntil([100, 101, 102, 103, 104, 200, 400], 5)).toBe(640);
  });

  it('never waits longer than an hour', () => {
    const failures = Array.from({ length: 20 }, (_, i) => 1000 + i);
    expect(backoffUntil(failures, 5)).toBe(1019 + 3600);
  });
});
