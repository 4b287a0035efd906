import { blockedUntil } from './login-throttle';

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
