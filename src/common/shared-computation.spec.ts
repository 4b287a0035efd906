import { SharedComputations } from './shared-computation';

describe('SharedComputations', () => {
  it('callers asking while a computation runs share it; a later caller computes afresh', async () => {
    const shared = new SharedComputations<number>();
    let computed = 0;
    let release: (value: number) => void = () => undefined;
    const compute = () => {
      computed += 1;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const first = shared.run('a', compute);
    const second = shared.run('a', compute);
    const other = shared.run('b', () => Promise.resolve(7));
    expect(second).toBe(first);
    release(42);
    expect(await Promise.all([first, second, other])).toEqual([42, 42, 7]);
    expect(computed).toBe(1);
    const later = shared.run('a', () => Promise.resolve(43));
    expect(await later).toBe(43);
  });

  it('a failure reaches every caller that shared it, and is not kept', async () => {
    const shared = new SharedComputations<number>();
    const failing = shared.run('a', () => Promise.reject(new Error('database away')));
    const joined = shared.run('a', () => Promise.resolve(1));
    await expect(failing).rejects.toThrow('database away');
    await expect(joined).rejects.toThrow('database away');
    expect(await shared.run('a', () => Promise.resolve(2))).toBe(2);
  });
});
