import { describe, expect, it } from 'vitest';
import { initialState } from '../init';
import { beginTx, type Kernel } from '../tx';
import { allocFrame, freeFrame } from './page_alloc';
import { fillData, ZERO_DATA } from './pagedata';
import { doc } from '../test-support/runner';

describe('page allocator', () => {
  it('hands out frames last freed first, whatever runs the free list is kept in', () => {
    const s = initialState({ ...doc([]), machine: { frames: 4096 } });
    const tx = beginTx(s, { fops: {} } as unknown as Kernel, {
      seq: 1,
      path: 'steps/0',
      do: 'mmap',
      proc: 'main',
      thread: 'main',
    });
    // A plain LIFO list beside the allocator; frees in ascending, descending and scattered order.
    const lifo: number[] = [];
    const held: number[] = [];
    let x = 12345;
    const rand = (n: number) => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
    for (let round = 0; round < 200; round++) {
      const n = 1 + rand(40);
      for (let i = 0; i < n; i++) {
        const pfn = allocFrame(tx, { kind: 'anon', data: ZERO_DATA });
        const want = lifo.length ? lifo.pop()! : undefined;
        if (want !== undefined) expect(pfn).toBe(want);
        held.push(pfn);
      }
      const order = rand(3);
      if (order === 1) held.reverse();
      if (order === 2) held.sort((a, b) => ((a * 7919) % 61) - ((b * 7919) % 61));
      const k = rand(held.length + 1);
      for (const pfn of held.splice(0, k)) {
        freeFrame(tx, pfn, 'folio_put');
        lifo.push(pfn);
      }
    }
    // A mapping's frames freed in address order make one run, not a node each.
    let nodes = 0;
    for (let f = tx.s.frames.free; f; f = f.next) nodes++;
    expect(nodes).toBeLessThan(lifo.length);
  });

  it('shares one contents object between the pages one pattern fills', () => {
    expect(fillData('aa')).toBe(fillData('aa'));
    expect(Object.isFrozen(fillData('aa'))).toBe(true);
    expect(fillData('aa')).not.toBe(fillData('ab'));
    expect(fillData('00'.repeat(64))).toEqual({ fill: '00'.repeat(64), patch: null });
  });
});
