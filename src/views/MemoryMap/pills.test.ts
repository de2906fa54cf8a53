/**
 * The words the map itself paints on a page the step changed (its pill), read from a recording
 * canvas: the same words as the Mappings table, uffd-wp named when it changed.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine';
import type { ScenarioDocument } from '../../scenario/types';
import { readBuiltinLessons } from '../../lessons/node/files';
import { buildRunIndex } from '../../store/run-index';
import { timelineOfRun } from '../../store/timeline';
import { orderedChanges } from '../../store/selectors/changes-by-event';
import { mappingOf } from '../../store/selectors/mapping';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { drawMemoryMap } from './draw';
import { mapLayout } from './layout';
import type { Palette } from './palette';
import { prepareChanges } from './scene';

/**
 * A 2D context that records the text it is asked to paint and does nothing else; text measures 6.2
 * px a character (bold 11 px sans-serif), so a pill too long for its page shows cut ("…").
 */
function recordingContext(): { ctx: CanvasRenderingContext2D; texts: string[] } {
  const texts: string[] = [];
  const ctx = new Proxy({} as Record<string | symbol, unknown>, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'fillText') return (t: string) => texts.push(t);
      if (key === 'measureText') return (t: string) => ({ width: t.length * 6.2 });
      return () => undefined;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts };
}

const palette: Palette = {
  none: '#eee',
  zero: '#ccc',
  refpage: '#c90',
  private: '#0a7',
  shared: '#c69',
  shmem: '#39c',
  poison: '#000',
  wp: '#90c',
  blocked: '#c00',
  fg: '#111',
  muted: '#555',
  panel: '#fff',
  border: '#999',
  sel: '#c40',
  hover: '#70e',
  change: '#26c',
  onCell: '#111',
  font: 'sans-serif',
  mono: 'monospace',
};

/** Every text the map paints for a lesson's (or a document's) step k, unzoomed. */
function paintedAt(id: string | ScenarioDocument, k: number): string[] {
  const doc = typeof id === 'string' ? readBuiltinLessons().find((l) => l.id === id)!.doc : id;
  const out = runScenario(doc);
  const run = timelineOfRun(out);
  const idx = buildRunIndex(run);
  const s = out.states[k]!;
  const model = mappingOf(run, idx, s);
  const names = addrNames(s.bindings);
  const layout = mapLayout({
    width: 1400,
    axis: model.axis,
    frames: model.frames.n,
    procs: model.procs.length,
  });
  const { ctx, texts } = recordingContext();
  drawMemoryMap(ctx, {
    layout,
    zoom: { k: 1, x: 0 },
    model,
    prep: prepareChanges(orderedChanges(run, idx, k), model, idx.procs),
    progress: () => 1,
    marked: () => true,
    rows: model.procs.map((p) => ({ name: p.name, note: '' })),
    selection: null,
    hover: null,
    name: (a) => symbolize(a, names),
    vmaLabels: () => [''],
    palette,
  });
  return texts;
}

describe('the memory map’s pill on a changed PTE', () => {
  it('names uffd-wp when UFFDIO_WRITEPROTECT makes a page writable again', () => {
    // uffd-wp-snapshot step 14: the monitor unprotects m+0x1000 (the table: "now writable, uffd-wp cleared").
    const texts = paintedAt('uffd-wp-snapshot', 14);

    // One pill on the page, with the thread the monitor woke there, uncut: "now" goes when uffd-wp
    // is named too, and a pill with no other near it in its row may be wider than its page.
    expect(texts.filter((t) => t.includes('writable'))).toEqual([
      'writable, uffd-wp cleared · T1 woken',
    ]);
  });

  it('and when it protects pages', () => {
    expect(paintedAt('uffd-wp-snapshot', 7)).toContain('read-only, uffd-wp set');
  });

  it('a bundle says how many of its frames are shared (after fork, one copied by the child)', () => {
    const doc: ScenarioDocument = {
      faultline: 1,
      title: 'bundles',
      machine: { arch: 'x86_64', pageSize: 4096, mte: false, frames: 40000 },
      steps: [
        {
          do: 'mmap',
          length: '64M',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        { do: 'madvise', addr: 'p', length: '64M', advice: 'MADV_POPULATE_WRITE' },
        { do: 'fork', as: 'child' },
        { do: 'store', addr: 'p + 40M', bytes: '01', proc: 'child' },
      ],
    };
    // main's 16,384 pages are one bundle: its frame at p+40M is main's alone now.
    expect(paintedAt(doc, 4)).toContain('→ 16,384 frames, 1 private, 16,383 shared, read-only');
    expect(paintedAt(doc, 3)).toContain('→ 16,384 frames, shared, read-only');
  });
});
