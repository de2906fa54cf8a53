import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine';
import { readBuiltinLessons } from '../../lessons/node/files';

const forkCow = readBuiltinLessons().find((l) => l.id === 'fork-cow')!;
import { changesOf } from './changes';

describe('stepChanges', () => {
  const r = runScenario(forkCow.doc);
  const at = (k: number) => changesOf(r.states[k - 1]!, r.states[k]!);
  const p = (r.finalState.bindings.p as { value: number }).value;

  it('sees fork write-protect the parent and give the child the same frames', () => {
    const c = at(4);
    expect(c.ptes.map((x) => [x.proc, x.addr - p, x.what])).toEqual([
      ['main', 0, 'flags −writable'],
      ['main', 4096, 'flags −writable'],
      ['child', 0, 'added'],
      ['child', 4096, 'added'],
    ]);
    expect(c.frames.map((f) => f.what)).toEqual([
      ['refcount 1 → 2', 'mapcount 1 → 2'],
      ['refcount 1 → 2', 'mapcount 1 → 2'],
    ]);
  });
  it('sees copy-on-write re-point the writer, allocate the copy and drop the old mapcount', () => {
    const c = at(8);
    expect(c.ptes).toHaveLength(1);
    expect(c.ptes[0]).toMatchObject({ proc: 'child', addr: p });
    expect(c.ptes[0]!.what).toMatch(/^re-pointed: pfn (\d+) → pfn (\d+)$/);
    const whats = Object.fromEntries(c.frames.map((f) => [f.pfn, f.what]));
    expect(Object.values(whats)).toEqual(
      expect.arrayContaining([['allocated'], ['refcount 2 → 1', 'mapcount 2 → 1']]),
    );
  });
  it('sees a load change nothing', () => {
    expect(at(7)).toEqual({ ptes: [], frames: [], ptesMore: 0 });
  });
  it('sees exit remove the child’s PTEs and free its copy', () => {
    const c = at(13);
    expect(c.ptes.every((x) => x.proc === 'child' && x.what.startsWith('removed'))).toBe(true);
    expect(c.frames.some((f) => f.what[0] === 'freed')).toBe(true);
  });
});
