import { describe, expect, it } from 'vitest';
import { forEachFrame, runScenario, traceScenario, type RunOutput } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import type { ScenarioDocument } from '../../scenario/types';
import { buildRunIndex, type RunIndex } from '../run-index';
import { timelineOfRun, timelineOfTrace, type Timeline } from '../timeline';
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
/** A run that kept every state (out), as the store reads it (run), and its index (idx). */
interface Kept {
  out: RunOutput;
  run: Timeline;
  idx: RunIndex;
}
const kept = (doc: ScenarioDocument): Kept => {
  const out = runScenario(doc);
  const run = timelineOfRun(out);
  return { out, run, idx: buildRunIndex(run) };
};
const lesson = (id: string): Kept => {
  const l = LESSONS.find((x) => x.id === id);
  if (!l) throw new Error(id);
  return kept(l.doc);
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

/** Each frame of a state by the summary's key, from the engine's frame table. */
function framesBy(
  s: MappingModel['state'],
): Record<number, keyof MappingModel['frames']['counts']> {
  const out: Record<number, keyof MappingModel['frames']['counts']> = {};
  forEachFrame(s.frames, (pfn, f) => {
    out[pfn] = f.kind === 'anon' ? (f.mapcount > 1 ? 'anonShared' : 'anon') : f.kind;
  });
  return out;
}

describe('the memory map model', () => {
  it('the page axis covers every VMA of the run, and indexes round-trip', () => {
    const { run, idx } = lesson('uffd-move-compaction');
    const axis = pageAxisOf(run, idx);
    expect(axis.pages).toBeGreaterThan(0);
    for (let i = 0; i < axis.pages; i++) expect(pageIndex(axis, pageAddr(axis, i))).toBe(i);
    expect(pageIndex(axis, 0)).toBe(-1);
  });

  it('processes are listed in order of appearance, a child from its fork on', () => {
    const { out, run, idx } = lesson('fork-cow');
    expect(runProcs(idx)).toEqual(['main', 'child']);
    const before = mappingOf(run, idx, out.states[1]!);
    expect(before.procs[1]!.exists).toBe(false);
    const after = mappingOf(run, idx, out.states[4]!);
    expect(after.procs[1]!.exists).toBe(true);
  });

  for (const l of LESSONS) {
    it(`${l.id}: incremental models equal models built from nothing, and the engine's mappers`, () => {
      const { out, run, idx } = kept(l.doc);
      let prev: MappingModel | null = null;
      for (const s of out.states) {
        const inc = buildMapping(run, idx, s, prev);
        const full = buildMapping(run, idx, s, null);
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
        // Frames by kind (the frames summary), kept as the arrays are patched, and counted here.
        const counts = { zero: 0, refpage: 0, anon: 0, anonShared: 0, shmem: 0 };
        for (const f of Object.values(framesBy(s))) counts[f]++;
        expect(inc.frames.counts).toEqual(counts);
        expect(full.frames.counts).toEqual(counts);
        prev = inc;
      }
    });

    it(`${l.id}: the index's axis and processes are those of every state, and a trace's models are a kept run's`, () => {
      const { out, run, idx } = kept(l.doc);
      // What the index collected as the run went equals the union over every state kept.
      const ranges = new Set<string>();
      const procs: string[] = [];
      for (const s of out.states)
        for (const name of s.procOrder) {
          if (!procs.includes(name)) procs.push(name);
          for (const v of s.procs[name]!.mm.vmas) ranges.add(`${v.start}:${v.end}`);
        }
      expect(new Set(idx.ranges.map((r) => `${r.start}:${r.end}`))).toEqual(ranges);
      expect(idx.procs).toEqual(procs);
      // The app keeps a trace (keyframes plus replay): its models and changes are the same.
      const tr = timelineOfTrace(traceScenario(l.doc, { keyframeCost: 8 }));
      const tidx = buildRunIndex(tr);
      for (let k = 0; k <= run.steps; k++) {
        const a = mappingOf(run, idx, run.stateAt(k));
        const b = mappingOf(tr, tidx, tr.stateAt(k));
        expect(linksOf(b)).toEqual(linksOf(a));
        expect(Array.from(b.fanIn)).toEqual(Array.from(a.fanIn));
        if (k > 0)
          expect(JSON.stringify(orderedChanges(tr, tidx, k))).toBe(
            JSON.stringify(orderedChanges(run, idx, k)),
          );
      }
    });
  }

  it('fan-in counts every PTE on the zero page', () => {
    const { out, run, idx } = lesson('zero-page');
    const s = out.states[4]!; // two loads: two PTEs on the zero page
    expect(mappingOf(run, idx, s).fanIn[0]).toBe(2);
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
    const { run, idx } = kept(doc);
    const m = mappingOf(run, idx, run.finalState);
    const r = pageRuns(m.axis, m.procs[0]!);
    // 8 private pages on 8 following frames, 2 on the zero page, 6 not present.
    expect(Array.from(r.len)).toEqual([8, 2, 6]);
  });
});

describe('what a step changed', () => {
  it('fork-cow, the child writes: a copy, then its PTE re-pointed, then the mapcount drop', () => {
    const { run, idx } = lesson('fork-cow');
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
    const { run, idx } = lesson('fork-cow');
    const c = orderedChanges(run, idx, 12);
    expect(c.links.map((l) => l.kind)).toEqual(['protection']);
    // No frame allocated or recounted: only the stored byte changed the frame's contents.
    expect(c.frames.map((f) => f.kind)).toEqual(['contents']);
  });

  it('UFFDIO_MOVE: the destination takes the source page’s frame', () => {
    const { run, idx } = lesson('uffd-move-compaction');
    const c = orderedChanges(run, idx, 10);
    const to = c.links.find((l) => l.movedFrom !== undefined)!;
    expect(to.kind).toBe('added');
    const from = c.links.find((l) => l.movedAway)!;
    expect(from.addr).toBe(to.movedFrom);
    expect(c.blocks.map((b) => b.kind)).toEqual(['woken']);
  });

  it('a thread blocked in handle_userfault is a change on its page', () => {
    const { run, idx } = lesson('uffd-missing-fault');
    const c = orderedChanges(run, idx, 7);
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
    const { run, idx } = kept(doc);
    const c = orderedChanges(run, idx, 2);
    expect(c.complete).toBe(false);
  });

  it('exit: the child’s whole address space is gone, after its PTEs have left', () => {
    const { run, idx } = lesson('fork-cow');
    const c = orderedChanges(run, idx, 13);
    const p = (run.finalState.bindings.p as { value: number }).value;
    expect(c.vmas).toEqual([
      expect.objectContaining({ proc: 'child', start: p, end: p + 8192, kind: 'gone' }),
    ]);
    const lastLink = Math.max(...c.links.map((l) => l.phase));
    expect(c.vmas[0]!.phase).toBeGreaterThan(lastLink);
  });

  it('fork: the child’s mappings are new, from copy_process on', () => {
    const { run, idx } = lesson('fork-cow');
    const c = orderedChanges(run, idx, 4);
    expect(c.vmas.map((v) => [v.proc, v.kind])).toEqual([['child', 'new']]);
    const child = c.links.filter((l) => l.proc === 'child');
    expect(Math.min(...child.map((l) => l.phase))).toBeGreaterThanOrEqual(c.vmas[0]!.phase);
  });

  it('a load changes no mapping', () => {
    const { run, idx } = lesson('fork-cow');
    expect(orderedChanges(run, idx, 7).vmas).toEqual([]);
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
