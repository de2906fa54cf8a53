import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import type { ScenarioDocument } from '../../scenario/types';
import { buildRunIndex } from '../run-index';
import { mappersOf } from './pages';
import { orderedChanges, spansMinus } from './changes-by-event';
import {
  buildMapping,
  mappingOf,
  pageAddr,
  pageAxisOf,
  pageIndex,
  pageRuns,
  runProcs,
  type MappingModel,
} from './mapping';

const LESSONS = readBuiltinLessons();
const lesson = (id: string) => {
  const l = LESSONS.find((x) => x.id === id);
  if (!l) throw new Error(id);
  return runScenario(l.doc);
};

/** Every present PTE of a model, as "proc addr → pfn". */
function linksOf(m: MappingModel): string[] {
  const out: string[] = [];
  for (const pm of m.procs) {
    for (let i = 0; i < m.axis.pages; i++) {
      if (pm.pfn[i]! >= 0) out.push(`${pm.name} ${pageAddr(m.axis, i)} → ${pm.pfn[i]}`);
    }
  }
  return out.sort();
}

/** The same, from the engine's own reverse map (pages.ts), for comparison. */
function linksFromEngine(s: MappingModel['state']): string[] {
  const out: string[] = [];
  for (let pfn = 0; pfn < s.frames.next; pfn++) {
    for (const m of mappersOf(s, pfn)) out.push(`${m.proc} ${m.addr} → ${pfn}`);
  }
  return out.sort();
}

describe('the memory map model', () => {
  it('the page axis covers every VMA of the run, and indexes round-trip', () => {
    const run = lesson('uffd-move-compaction');
    const axis = pageAxisOf(run);
    expect(axis.pages).toBeGreaterThan(0);
    for (let i = 0; i < axis.pages; i++) expect(pageIndex(axis, pageAddr(axis, i))).toBe(i);
    expect(pageIndex(axis, 0)).toBe(-1);
  });

  it('processes are listed in order of appearance, a child from its fork on', () => {
    const run = lesson('fork-cow');
    expect(runProcs(run)).toEqual(['main', 'child']);
    const before = mappingOf(run, run.states[1]!);
    expect(before.procs[1]!.exists).toBe(false);
    const after = mappingOf(run, run.states[4]!);
    expect(after.procs[1]!.exists).toBe(true);
  });

  for (const l of LESSONS) {
    it(`${l.id}: incremental models equal models built from nothing, and the engine's mappers`, () => {
      const run = runScenario(l.doc);
      let prev: MappingModel | null = null;
      for (const s of run.states) {
        const inc = buildMapping(run, s, prev);
        const full = buildMapping(run, s, null);
        expect(linksOf(inc)).toEqual(linksOf(full));
        expect(linksOf(full)).toEqual(linksFromEngine(s));
        expect(Array.from(inc.fanIn)).toEqual(Array.from(full.fanIn));
        expect(Array.from(inc.frames.mapcount)).toEqual(Array.from(full.frames.mapcount));
        expect(Array.from(inc.frames.kind)).toEqual(Array.from(full.frames.kind));
        // The running totals the map's summary reads.
        expect(inc.ptes).toBe(linksOf(full).length);
        expect(inc.framesInUse).toBe(
          Array.from(full.frames.kind).filter((k, p) => p > 0 && k).length,
        );
        prev = inc;
      }
    });
  }

  it('fan-in counts every PTE on the zero page', () => {
    const run = lesson('zero-page');
    const s = run.states[4]!; // two loads: two PTEs on the zero page
    expect(mappingOf(run, s).fanIn[0]).toBe(2);
  });

  it('runs group pages with following frames, and break where the story changes', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      title: 'runs',
      steps: [
        {
          do: 'mmap',
          length: '16*PAGE',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        { do: 'madvise', addr: 'p', length: '8*PAGE', advice: 'MADV_POPULATE_WRITE' },
        { do: 'load', addr: 'p + 8*PAGE' },
        { do: 'load', addr: 'p + 9*PAGE' },
      ],
    };
    const run = runScenario(doc);
    const m = mappingOf(run, run.finalState);
    const r = pageRuns(m.axis, m.procs[0]!);
    // 8 private pages on 8 following frames, 2 on the zero page, 6 not present.
    expect(Array.from(r.len)).toEqual([8, 2, 6]);
  });
});

describe('what a step changed', () => {
  it('fork-cow, the child writes: a copy, then its PTE re-pointed, then the mapcount drop', () => {
    const run = lesson('fork-cow');
    const idx = buildRunIndex(run);
    const c = orderedChanges(run, idx, 8);
    expect(c.complete).toBe(true);
    expect(c.links).toHaveLength(1);
    const link = c.links[0]!;
    expect(link).toMatchObject({ proc: 'child', kind: 'repointed' });
    const alloc = c.frames.find((f) => f.kind === 'allocated')!;
    expect(alloc).toMatchObject({ copiedFrom: 1, fill: 'copy' });
    const drop = c.frames.find((f) => f.pfn === 1)!;
    expect(drop.kind).toBe('counts');
    expect(drop.after!.mapcount).toBe(drop.before!.mapcount - 1);
    // events: fault, cow_copied, pte_mapped
    expect(alloc.phase).toBe(1);
    expect(link.phase).toBe(2);
    expect(drop.phase).toBe(2);
  });

  it('fork-cow, wp_page_reuse: the same frame, now writable', () => {
    const run = lesson('fork-cow');
    const c = orderedChanges(run, buildRunIndex(run), 12);
    expect(c.links.map((l) => l.kind)).toEqual(['protection']);
    // No frame allocated or recounted: only the stored byte changed the frame's contents.
    expect(c.frames.map((f) => f.kind)).toEqual(['contents']);
  });

  it('UFFDIO_MOVE: the destination takes the source page’s frame', () => {
    const run = lesson('uffd-move-compaction');
    const c = orderedChanges(run, buildRunIndex(run), 10);
    const to = c.links.find((l) => l.movedFrom !== undefined)!;
    expect(to.kind).toBe('added');
    const from = c.links.find((l) => l.movedAway)!;
    expect(from.addr).toBe(to.movedFrom);
    expect(c.blocks.map((b) => b.kind)).toEqual(['woken']);
  });

  it('a thread blocked in handle_userfault is a change on its page', () => {
    const run = lesson('uffd-missing-fault');
    const c = orderedChanges(run, buildRunIndex(run), 7);
    expect(c.blocks).toEqual([expect.objectContaining({ thread: 'T1', kind: 'blocked' })]);
  });

  it('a step that touches more PTEs than the limit says so', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      title: 'big',
      steps: [
        {
          do: 'mmap',
          length: '64M',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        { do: 'madvise', addr: 'p', length: '64M', advice: 'MADV_POPULATE_WRITE' },
      ],
    };
    const run = runScenario(doc);
    const c = orderedChanges(run, buildRunIndex(run), 2);
    expect(c.complete).toBe(false);
  });

  it('exit: the child’s whole address space is gone, after its PTEs have left', () => {
    const run = lesson('fork-cow');
    const c = orderedChanges(run, buildRunIndex(run), 13);
    const p = (run.finalState.bindings.p as { value: number }).value;
    expect(c.vmas).toEqual([
      expect.objectContaining({ proc: 'child', start: p, end: p + 8192, kind: 'gone' }),
    ]);
    const lastLink = Math.max(...c.links.map((l) => l.phase));
    expect(c.vmas[0]!.phase).toBeGreaterThan(lastLink);
  });

  it('fork: the child’s mappings are new, from copy_process on', () => {
    const run = lesson('fork-cow');
    const c = orderedChanges(run, buildRunIndex(run), 4);
    expect(c.vmas.map((v) => [v.proc, v.kind])).toEqual([['child', 'new']]);
    const child = c.links.filter((l) => l.proc === 'child');
    expect(Math.min(...child.map((l) => l.phase))).toBeGreaterThanOrEqual(c.vmas[0]!.phase);
  });

  it('a load changes no mapping', () => {
    const run = lesson('fork-cow');
    expect(orderedChanges(run, buildRunIndex(run), 7).vmas).toEqual([]);
  });
});

describe('spansMinus', () => {
  const s = (start: number, end: number) => ({ start, end });
  it('keeps what the other spans do not cover', () => {
    expect(spansMinus([s(0, 10)], [])).toEqual([s(0, 10)]);
    expect(spansMinus([s(0, 10)], [s(0, 10)])).toEqual([]);
    expect(spansMinus([s(0, 10)], [s(2, 4), s(6, 8)])).toEqual([s(0, 2), s(4, 6), s(8, 10)]);
    expect(spansMinus([s(0, 4), s(6, 10)], [s(3, 7)])).toEqual([s(0, 3), s(7, 10)]);
    expect(spansMinus([s(5, 6)], [s(0, 1), s(9, 12)])).toEqual([s(5, 6)]);
  });
});
