/** The memory map in words and by keyboard: the Mappings rows, the change sentences, navigation. */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import { readBuiltinLessons } from '../../lessons/node/files';
import { buildRunIndex } from '../../store/run-index';
import { timelineOfRun } from '../../store/timeline';
import { orderedChanges } from '../../store/selectors/changes-by-event';
import { mappingOf } from '../../store/selectors/mapping';
import { addrNames } from '../../store/selectors/symbols';
import { mappingRows } from './mappings';
import { navigate } from './nav';
import { PTE_MARKER_UFFD_WP } from '../../store/engine';
import { changeSentences, describeSelection, markerChange, tagChange, uffdWpChange } from './text';

const LESSONS = readBuiltinLessons();
const forkCow = LESSONS.find((l) => l.id === 'fork-cow')!;
const out = runScenario(forkCow.doc);
const run = timelineOfRun(out);
const idx = buildRunIndex(run);
const at = (k: number) => {
  const s = out.states[k]!;
  return {
    model: mappingOf(run, idx, s),
    names: addrNames(s.bindings),
    changes: orderedChanges(run, idx, k),
  };
};

/** The change list of a lesson's step k. */
function sentencesAt(doc: (typeof LESSONS)[number]['doc'], k: number): string[] {
  const r = runScenario(doc);
  const t = timelineOfRun(r);
  const s = r.states[k]!;
  return changeSentences(
    orderedChanges(t, buildRunIndex(t), k),
    addrNames(s.bindings),
  ).sentences.map((x) => x.text);
}

/** The notes of the Mappings rows a lesson's step k changed. */
function changedNotesAt(doc: (typeof LESSONS)[number]['doc'], k: number): string[] {
  const r = runScenario(doc);
  const t = timelineOfRun(r);
  const idx = buildRunIndex(t);
  const s = r.states[k]!;
  const { rows } = mappingRows(
    mappingOf(t, idx, s),
    addrNames(s.bindings),
    orderedChanges(t, idx, k),
  );
  return rows.filter((x) => x.changed).map((x) => `${x.addrText}: ${x.notes}`);
}

describe('the Mappings table', () => {
  it('names a uffd-wp change once in a row’s notes', () => {
    const lesson = LESSONS.find((l) => l.id === 'uffd-wp-snapshot')!;
    expect(changedNotesAt(lesson.doc, 7)).toEqual([
      'm: now read-only, uffd-wp set',
      'm+0x1000: now read-only, uffd-wp set',
      'm+0x2000: now read-only, uffd-wp set',
    ]);
    expect(changedNotesAt(lesson.doc, 23)).toEqual([
      'n: uffd-wp marker set (no page yet)',
      'n+0x1000: uffd-wp marker set (no page yet)',
    ]);
    expect(changedNotesAt(lesson.doc, 34)).toEqual(['d+0x1000: now writable, uffd-wp cleared']);
  });

  it('after fork, each process maps both pages read-only, shared with the other', () => {
    const { model, names, changes } = at(4);
    const { rows } = mappingRows(model, names, changes);
    const child = rows.filter((r) => r.proc === 'child');
    expect(child.map((r) => r.writable)).toEqual(child.map(() => false));
    expect(rows.map((r) => r.sharedWith).join(' ')).toContain('main');
    expect(rows.map((r) => r.sharedWith).join(' ')).toContain('child');
    expect(rows.every((r) => r.changed)).toBe(true);
  });

  it('the child’s copy step: its row is re-pointed, writable and no longer shared', () => {
    const { model, names, changes } = at(8);
    const { rows } = mappingRows(model, names, changes);
    const row = rows.find((r) => r.proc === 'child' && r.addrText === 'p')!;
    expect(row).toMatchObject({ writable: true, sharedWith: '—', changed: true });
    expect(row.notes).toContain('re-pointed from pfn 1');
  });
});

describe('the step in words', () => {
  it('a copy-on-write is a fault, a copy, a re-pointed PTE and a dropped mapcount, in order', () => {
    const { names, changes } = at(8);
    const text = changeSentences(changes, names).sentences.map((s) => s.text);
    expect(text[0]).toMatch(/child p: write fault/);
    expect(text[1]).toMatch(/pfn 3 allocated: a copy of pfn 1/);
    // wp_page_copy sets the new PTE, then removes the old folio's rmap: re-point, then mapcount.
    expect(text[2]).toMatch(/child p: PTE re-pointed from pfn 1 to pfn 3 \(writable\)/);
    expect(text[3]).toMatch(/pfn 1: mapcount 2 → 1/);
    expect(text).toHaveLength(4);
  });

  it('a zap clears each PTE before its frame’s mapcount drops (memfd-shared, MADV_DONTNEED)', () => {
    const lesson = LESSONS.find((l) => l.id === 'memfd-shared')!;
    const text = sentencesAt(lesson.doc, 13);
    expect(text).toEqual([
      'main p: PTE to pfn 1 removed',
      'pfn 1: mapcount 3 → 2',
      'main p+0x1000: PTE to pfn 2 removed',
      'pfn 2: mapcount 3 → 2',
    ]);
  });

  it('munmap and mmap say which addresses stopped or started being mapped', () => {
    const lesson = LESSONS.find((l) => l.id === 'uffd-move-compaction')!;
    expect(sentencesAt(lesson.doc, 21)).toEqual([
      'main from: 16 KiB no longer mapped (its VMA is gone)',
    ]);
    expect(sentencesAt(lesson.doc, 3)).toEqual(['main from: 16 KiB newly mapped (a new VMA)']);
  });

  it('uffd-wp: the words name the bit the map draws as a bar (set, cleared, or a marker)', () => {
    const lesson = LESSONS.find((l) => l.id === 'uffd-wp-snapshot')!;
    // UFFDIO_WRITEPROTECT over three present pages.
    expect(sentencesAt(lesson.doc, 7)).toEqual([
      'main m: PTE to pfn 1 now read-only, uffd-wp set',
      'main m+0x1000: PTE to pfn 2 now read-only, uffd-wp set',
      'main m+0x2000: PTE to pfn 3 now read-only, uffd-wp set',
    ]);
    // The monitor unprotects the page T1 waits on, and wakes it.
    expect(sentencesAt(lesson.doc, 14)).toEqual([
      'main m+0x1000: PTE to pfn 2 now writable, uffd-wp cleared',
      'main thread T1 woken from m+0x1000',
    ]);
    // WP_UNPOPULATED: empty pages get a marker.
    expect(sentencesAt(lesson.doc, 23)).toEqual([
      'main n: uffd-wp marker set (no page yet)',
      'main n+0x1000: uffd-wp marker set (no page yet)',
    ]);
    // WP_ASYNC: do_wp_page clears the bit and reuses the page in the same fault.
    expect(sentencesAt(lesson.doc, 34)).toEqual([
      'main d+0x1000: write fault',
      'main d+0x1000: PTE to pfn 8 now writable, uffd-wp cleared',
    ]);
    expect(uffdWpChange(0, 0)).toBeNull();
    expect(markerChange(PTE_MARKER_UFFD_WP, 0)).toBe('uffd-wp marker removed');
  });

  it('UFFDIO_COPY names the page its new frame was copied from (the handler’s buf, pfn 1)', () => {
    const lesson = LESSONS.find((l) => l.id === 'uffd-missing-fault')!;
    expect(sentencesAt(lesson.doc, 10)).toEqual([
      'pfn 2 allocated: a copy of pfn 1 (buf, by UFFDIO_COPY)',
      'main p+0x1000: new PTE → pfn 2 (writable)',
      'main thread T1 woken from p+0x1000',
    ]);
  });

  it('MTE: STG names the granules whose tags it set', () => {
    const lesson = LESSONS.find((l) => l.id === 'mte-sync-async')!;
    // After the fault maps the page: STG writes the tags of the mapped frame.
    expect(sentencesAt(lesson.doc, 3).slice(-2)).toEqual([
      'main p: new PTE → pfn 1 (writable)',
      'pfn 1: MTE tags set (2 granules now tag 3)',
    ]);
    expect(tagChange(null, '3300')).toBe('tags set (2 granules now tag 3)');
    expect(tagChange('3300', '0000')).toBe('tags cleared');
    expect(tagChange(null, '0000')).toBeNull();
  });

  it('the selection read aloud', () => {
    const { model, names } = at(8);
    expect(
      describeSelection(
        model,
        { kind: 'page', proc: 'child', addr: model.axis.segments[0]!.start },
        names,
      ),
    ).toBe('Selected: page p of child → pfn 3 (anonymous), writable.');
    expect(describeSelection(model, { kind: 'frame', pfn: 2 }, names)).toMatch(
      /mapcount 2, mapped by main p\+0x1000, child p\+0x1000/,
    );
  });
});

describe('keyboard selection', () => {
  it('arrows walk a row, move to the frames and on to the next process; Enter follows a PTE', () => {
    const { model } = at(8);
    const p = model.axis.segments[0]!.start;
    let sel = navigate(model, null, 'ArrowRight');
    expect(sel).toEqual({ kind: 'page', proc: 'main', addr: p });
    sel = navigate(model, sel, 'ArrowRight');
    expect(sel).toEqual({ kind: 'page', proc: 'main', addr: p + 4096 });
    sel = navigate(model, sel, 'ArrowDown');
    expect(sel).toEqual({ kind: 'frame', pfn: 2 });
    sel = navigate(model, sel, 'ArrowRight');
    expect(sel).toEqual({ kind: 'frame', pfn: 3 });
    sel = navigate(model, sel, 'ArrowDown');
    expect(sel).toEqual({ kind: 'page', proc: 'child', addr: p });
    sel = navigate(model, sel, 'Enter');
    expect(sel).toEqual({ kind: 'frame', pfn: 3 });
    sel = navigate(model, { kind: 'frame', pfn: 2 }, 'Enter');
    expect(sel).toEqual({ kind: 'page', proc: 'main', addr: p + 4096 });
  });
});
