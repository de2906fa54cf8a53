import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioDocument } from '../engine';
import { readBuiltinLessons } from '../../lessons/node/files';

const forkCow = readBuiltinLessons().find((l) => l.id === 'fork-cow')!;
import { leafChange, pageWalk } from './walk';

const run = (doc: ScenarioDocument) => runScenario(doc);
const addrOf = (r: ReturnType<typeof run>, name: string) => {
  const b = r.finalState.bindings[name];
  if (!b || b.kind !== 'addr') throw new Error(`no address ${name}`);
  return b.value;
};

describe('pageWalk', () => {
  const r = run(forkCow.doc);
  const p = addrOf(r, 'p');

  it('walks x86_64 4 KiB pages in four 9-bit levels, then a 12-bit offset', () => {
    const addr = p + 0x123;
    const w = pageWalk(r.states[3]!, null, 'main', addr)!;
    expect(w.levels.map((l) => [l.name, l.hw, l.field.hi, l.field.lo])).toEqual([
      ['PGD', 'PML4', 47, 39],
      ['PUD', 'PDPT', 38, 30],
      ['PMD', 'PD', 29, 21],
      ['PTE', 'PT', 20, 12],
    ]);
    for (const l of w.levels) {
      expect(l.field.value).toBe(Math.floor(addr / 2 ** l.field.lo) % 512);
      expect(l.field.bits).toHaveLength(9);
      expect(parseInt(l.field.bits, 2)).toBe(l.field.value);
    }
    expect(w.offset).toMatchObject({ hi: 11, lo: 0, value: 0x123 });
    expect(w.levels.slice(0, 3).map((l) => l.entry.kind)).toEqual(['table', 'table', 'table']);
    expect(w.levels[3]!.entry).toEqual({ kind: 'page', pfn: expect.any(Number) });
    const pfn = (w.levels[3]!.entry as { pfn: number }).pfn;
    expect(w.end).toMatchObject({ kind: 'frame', pfn, physAddr: pfn * 4096 + 0x123 });
    // Table entries carry _PAGE_TABLE (P | RW | USER | ACCESSED): the leaf decides.
    expect(w.levels[0]!.flags.filter((f) => f.on).map((f) => f.hw)).toEqual([
      'P',
      'R/W',
      'U/S',
      'A',
    ]);
    const leaf = Object.fromEntries(w.levels[3]!.flags.map((f) => [f.name, f.on]));
    expect(leaf).toMatchObject({ present: true, writable: true, user: true, dirty: true });
    expect(leaf.accessed).toBeNull();
  });

  it('marks the PTE copy-on-write re-pointed, in the writer only', () => {
    // Step 8: the child stores to p; its PTE moves from the shared frame to a new copy.
    const child = pageWalk(r.states[8]!, r.states[7]!, 'child', p)!;
    const leaf = child.levels[3]!;
    expect(leaf.change).toMatch(/^re-pointed: pfn \d+ → pfn \d+$/);
    expect(child.levels.slice(0, 3).every((l) => l.change === null)).toBe(true);
    const parent = pageWalk(r.states[8]!, r.states[7]!, 'main', p)!;
    expect(parent.levels.every((l) => l.change === null)).toBe(true);
    // Step 12: the parent's write reuses its page: the same frame, made writable in place (it
    // stayed dirty through fork, which cleans only shared mappings' PTEs).
    const reuse = pageWalk(r.states[12]!, r.states[11]!, 'main', p)!;
    expect(reuse.levels[3]!.change).toBe('flags +writable');
  });

  it('marks a new page and the tables the first fault allocated', () => {
    const w = pageWalk(r.states[2]!, r.states[1]!, 'main', p)!;
    expect(w.levels.map((l) => l.change)).toEqual([
      'table allocated (__pud_alloc)',
      'table allocated (__pmd_alloc)',
      'table allocated (__pte_alloc)',
      'added',
    ]);
  });

  it('stops at the first empty entry and says why', () => {
    const w = pageWalk(r.states[1]!, null, 'main', p)!;
    expect(w.levels.map((l) => l.entry.kind)).toEqual(['none']);
    expect(w.notReached).toEqual(['PUD', 'PMD', 'PTE']);
    expect(w.end).toMatchObject({ kind: 'fault', level: 'PGD' });
    const far = pageWalk(r.states[1]!, null, 'main', 0x1000)!;
    expect(far.end.kind === 'fault' && far.end.why).toMatch(/SIGSEGV/);
  });

  it('shows the zero page as a special, read-only mapping', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      steps: [
        {
          do: 'mmap',
          length: 'PAGE',
          prot: 'PROT_READ',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'z',
        },
        { do: 'load', addr: 'z' },
      ],
    };
    const z = run(doc);
    const w = pageWalk(z.states[2]!, z.states[1]!, 'main', addrOf(z, 'z'))!;
    const leaf = Object.fromEntries(w.levels[3]!.flags.map((f) => [f.name, f.on]));
    expect(leaf).toMatchObject({ present: true, writable: false, special: true });
    expect(w.end).toMatchObject({ kind: 'frame', pfn: 0, what: 'the shared zero page' });
  });

  const mteDoc = (pageSize: number): ScenarioDocument => ({
    faultline: 1,
    machine: { arch: 'arm64', pageSize, mte: true },
    steps: [
      {
        do: 'mmap',
        length: 'PAGE',
        prot: 'PROT_READ|PROT_WRITE|PROT_MTE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'q',
      },
      { do: 'store', addr: 'q', bytes: '01' },
    ],
  });
  const geometryOf = (pageSize: number) => {
    const a = run(mteDoc(pageSize));
    return pageWalk(a.finalState, null, 'main', addrOf(a, 'q') + 5)!;
  };

  it('models the arm64 4K, 16K and 64K geometries at 48 bits', () => {
    const fields = (pageSize: number) => {
      const w = geometryOf(pageSize);
      return [...w.levels.map((l) => [l.name, l.hw, l.field.hi, l.field.lo]), [w.offset.hi]];
    };
    expect(fields(4096)).toEqual([
      ['PGD', 'level 0', 47, 39],
      ['PUD', 'level 1', 38, 30],
      ['PMD', 'level 2', 29, 21],
      ['PTE', 'level 3', 20, 12],
      [11],
    ]);
    expect(fields(16384)).toEqual([
      ['PGD', 'level 0', 47, 47],
      ['PUD', 'level 1', 46, 36],
      ['PMD', 'level 2', 35, 25],
      ['PTE', 'level 3', 24, 14],
      [13],
    ]);
    expect(fields(65536)).toEqual([
      ['PGD', 'level 1', 47, 42],
      ['PMD', 'level 2', 41, 29],
      ['PTE', 'level 3', 28, 16],
      [15],
    ]);
    const w = geometryOf(16384);
    expect(w.geometry).toBe('arm64 · 16 KiB pages · 4 levels · 48-bit virtual addresses');
    expect(w.top.map((f) => [f.hi, f.lo])).toEqual([
      [63, 56],
      [55, 48],
    ]);
    const tagged = w.levels.at(-1)!.flags.find((f) => f.name === 'tagged');
    expect(tagged?.on).toBe(true);
    expect(w.offset.value).toBe(5);
  });

  it('walks a tagged arm64 pointer as the MMU does: the tag shown, ignored by the walk', () => {
    const plain = geometryOf(4096);
    const tagged = pageWalk(run(mteDoc(4096)).finalState, null, 'main', plain.addr, 3)!;
    expect(tagged.top[0]).toMatchObject({ hi: 63, lo: 56, value: 3, bits: '00000011' });
    expect(tagged.levels.map((l) => l.field.value)).toEqual(plain.levels.map((l) => l.field.value));
    expect(tagged.end).toEqual(plain.end);
  });
});

describe('leafChange', () => {
  const pte = (pfn: number, flags: number) => pfn * 256 + flags;
  it('names what a step did to a PTE', () => {
    expect(leafChange(0, 0)).toBeNull();
    expect(leafChange(0, pte(3, 1))).toBe('added');
    expect(leafChange(pte(3, 3), 0)).toBe('removed (was pfn 3 writable)');
    expect(leafChange(pte(3, 1), pte(4, 3))).toBe('re-pointed: pfn 3 → pfn 4');
    expect(leafChange(pte(3, 1), pte(3, 1 | 8))).toBe('flags +uffd-wp');
    expect(leafChange(0, 32)).toBe('poison marker set');
    expect(leafChange(64, 0)).toBe('uffd-wp marker cleared');
    expect(leafChange(64, pte(2, 1))).toBe('added (was a uffd-wp marker)');
  });
});
