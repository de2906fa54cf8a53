/**
 * The Physical frames region: every frame in use as a cell on a canvas this view owns, with its
 * kind's letter and its mapcount; the zero page and reference pages marked; frames made by the
 * step at the cursor flash as they appear. Past a thousand frames, each pfn has its own small cell
 * (dense.ts), repainted only where a step changed something. Below: the selected frame's refcount
 * and mapcount and the arrows from the PTEs that map it.
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import type { EngineEvent, EngineState } from '../../store/engine';
import { useActions, useApp } from '../../store/react';
import {
  selectChanges,
  selectEvents,
  selectMapping,
  selectPrevState,
  selectState,
} from '../../store/select';
import type { StepChanges } from '../../store/selectors/changes';
import type { FrameArrays } from '../../store/selectors/mapping';
import { framesInUse, selectedPfn } from '../../store/selectors/pages';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { cssColor } from '../common/kinds';
import { sizeCanvas, useCanvasPointer, useOwnedCanvas } from '../common/useOwnedCanvas';
import { useWidth } from '../common/useWidth';
import { paintDenseFrames, type DenseColors, type DensePainter } from './dense';
import { gridGeometry, indexAt } from './grid';
import { packColor, paintFrames } from './paint';
import { FRAME_STYLES, frameStyleOf } from './styles';
import { PteArrows } from './PteArrows';
import type { FrameCell } from './paint';

/** Up to this many cells (frames in use and ghosts), each is drawn with its letter and mapcount. */
const DETAILED_UP_TO = 1024;

export function Frames() {
  const { host, canvas: canvasRef } = useOwnedCanvas('frames-canvas');
  const width = useWidth(host, 500);
  const state = useApp(selectState);
  const prev = useApp(selectPrevState);
  const events = useApp(selectEvents);
  const changes = useApp(selectChanges);
  const model = useApp(selectMapping);
  const runId = useApp((s) => s.runId);
  const selection = useApp((s) => s.selection);
  const hover = useApp((s) => s.hover);
  const theme = useApp((s) => s.theme);
  const classroom = useApp((s) => s.classroom);
  const { selectionChanged, hoverChanged } = useActions();
  const fresh = useMemo(() => touched(events), [events]);
  // The zero page (pfn 0) is always there, outside the allocator's count.
  const inUse = state ? state.frames.used + 1 : 0;
  const dense =
    inUse + fresh.freed.size > DETAILED_UP_TO && model && model.state.seq === state?.seq
      ? model
      : null;
  // Frames this step freed are drawn where they were, from the state before it, fading out.
  const frames = useMemo(
    () => (dense ? [] : withGhosts(state ? framesInUse(state) : [], prev, fresh.freed)),
    [dense, state, prev, fresh],
  );
  const geo = useMemo(
    () => gridGeometry(dense ? dense.frames.n : frames.length, width),
    [dense, frames.length, width],
  );
  const selectedPfns = useMemo(() => {
    const pfn = state ? selectedPfn(state, selection) : null;
    return pfn === null ? [] : [pfn];
  }, [state, selection]);
  const hoverPfn = useMemo(() => (state ? selectedPfn(state, hover) : null), [state, hover]);
  const densePainter = useRef<DensePainter | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !state) return;
    const label =
      `${inUse} frames in use` +
      (fresh.freed.size ? `, ${fresh.freed.size} freed by this step` : '');
    const sel = cssColor(canvas, '--sel');
    const hov = cssColor(canvas, '--hover');
    // The step's change colour, as on the memory map: never the colour of a kind of frame.
    const accent = cssColor(canvas, '--accent');
    const marks = [
      ...counted(changes).map((c) => ({ pfn: c.pfn, color: sel, width: 2, dash: [3, 2] })),
      ...(hoverPfn !== null ? [{ pfn: hoverPfn, color: hov, width: 2 }] : []),
      ...selectedPfns.map((pfn) => ({ pfn, color: sel, width: 3 })),
    ];
    const colors = Object.fromEntries(
      Object.entries(FRAME_STYLES).map(([k, st]) => [k, cssColor(canvas, st.cssVar)]),
    );
    if (dense) {
      const w = Math.max(1, Math.floor(width));
      const h = Math.max(1, Math.ceil(geo.height));
      // Sized only when the size changes: setting a canvas's size clears it.
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w;
        canvas.height = h;
        densePainter.current = null;
      }
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      canvas.style.imageRendering = 'pixelated';
      canvas.setAttribute('aria-label', label);
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const packed: DenseColors = {
        zero: packColor(colors.zero!),
        refpage: packColor(colors.refpage!),
        anon: packColor(colors.anon!),
        anonShared: packColor(colors.anonShared!),
        shmem: packColor(colors.shmem!),
        fresh: packColor(accent),
        freed: packColor('#bbbbbb'),
      };
      const key = `${runId} ${dense.frames.n} ${w}×${h} ${geo.cellW} ${Object.values(packed).join(',')}`;
      densePainter.current = paintDenseFrames(
        ctx,
        densePainter.current,
        {
          frames: dense.frames,
          table: dense.state.frames,
          fresh: fresh.touched,
          freed: fresh.freed,
        },
        geo,
        w,
        packed,
        key,
        marks,
      );
      return;
    }
    densePainter.current = null;
    canvas.style.imageRendering = '';
    const sized = sizeCanvas(canvas, width, geo.height, label);
    if (!sized) return;
    const { ctx, dpr } = sized;
    // No animation where motion is unwanted or where a repaint walks too many cells.
    const still =
      window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ||
      !geo.detailed ||
      fresh.allocated.size + fresh.copiedTo.size + fresh.freed.size === 0;
    let raf = 0;
    const start = performance.now();
    const paint = (t: number) => {
      paintFrames(ctx, dpr, {
        frames,
        geo,
        width,
        colors,
        t,
        animate: !still,
        allocated: fresh.allocated,
        copiedTo: fresh.copiedTo,
        marks,
        accent,
      });
      if (t < 1) raf = requestAnimationFrame((now) => paint(Math.min(1, (now - start) / 450)));
    };
    paint(still ? 1 : 0);
    return () => cancelAnimationFrame(raf);
    // theme and classroom change the colours read from CSS.
  }, [
    canvasRef,
    state,
    dense,
    runId,
    inUse,
    frames,
    geo,
    width,
    fresh,
    selectedPfns,
    hoverPfn,
    theme,
    classroom,
    changes,
  ]);

  const pointer = useMemo(() => {
    const frameAt = (x: number, y: number) => {
      if (dense) {
        const pfn = indexAt(geo, x, y, dense.frames.n);
        return pfn >= 0 && dense.frames.kind[pfn] ? { kind: 'frame' as const, pfn } : null;
      }
      const i = indexAt(geo, x, y, frames.length);
      const cell = i >= 0 ? frames[i]! : null;
      return cell && !cell.ghost ? { kind: 'frame' as const, pfn: cell.pfn } : null;
    };
    return {
      click: (x: number, y: number) => selectionChanged(frameAt(x, y)),
      move: (x: number, y: number) => hoverChanged(frameAt(x, y)),
      leave: () => hoverChanged(null),
    };
  }, [geo, frames, dense, selectionChanged, hoverChanged]);
  useCanvasPointer(canvasRef, pointer);

  const counts = useMemo(() => {
    if (dense) return countKinds(dense.frames);
    const c: Record<string, number> = {};
    for (const { frame, ghost } of frames) {
      if (ghost) continue;
      const k = frameStyleOf(frame).label;
      c[k] = (c[k] ?? 0) + 1;
    }
    return c;
  }, [frames, dense]);

  return (
    <div className="frames">
      <p className="frames-summary">
        {inUse} frames in use
        {Object.keys(counts).length > 0 && ': '}
        {Object.entries(counts)
          .map(([k, n]) => `${n} ${k}`)
          .join(', ')}
        {state && <span className="muted"> · {state.frames.total - state.frames.used} free</span>}
      </p>
      <ul className="legend" aria-label="Frame legend">
        {Object.values(FRAME_STYLES).map((st) => (
          <li key={st.key}>
            <span className="swatch" style={{ background: `var(${st.cssVar})` }} aria-hidden="true">
              {st.letter}
            </span>
            {st.label}
          </li>
        ))}
        <li>
          <span className="swatch swatch-new" aria-hidden="true" />
          new at this step (outlined, corner folded)
        </li>
        <li className="muted">number: mapcount</li>
      </ul>
      <div
        className="frames-scroll"
        tabIndex={geo.height > 420 ? 0 : undefined}
        aria-label={geo.height > 420 ? 'Frame grid (scrolls)' : undefined}
        role={geo.height > 420 ? 'group' : undefined}
      >
        <div ref={host} className="frames-host" style={{ height: geo.height }} />
      </div>
      <Touched events={events} state={state} changes={changes} />
      {state && <PteArrows state={state} pfns={selectedPfns} />}
    </div>
  );
}

function touched(events: readonly EngineEvent[]) {
  const allocated = new Set<number>();
  const copiedTo = new Set<number>();
  const freed = new Set<number>();
  for (const e of events) {
    if (e.kind === 'frame_allocated') allocated.add(e.pfn);
    if (e.kind === 'cow_copied') copiedTo.add(e.to);
    if (e.kind === 'frame_freed') freed.add(e.pfn);
  }
  // A frame freed and handed out again within the step is simply in use.
  for (const pfn of allocated) freed.delete(pfn);
  /** Allocated or copied to: the cells that flash. */
  const touchedSet = copiedTo.size === 0 ? allocated : new Set([...allocated, ...copiedTo]);
  return { allocated, copiedTo, freed, touched: touchedSet };
}

/** Frames in use by kind (the summary's counts), from the model's running counts. */
const kindCounts = new WeakMap<FrameArrays, Record<string, number>>();
function countKinds(f: FrameArrays): Record<string, number> {
  const hit = kindCounts.get(f);
  if (hit) return hit;
  // In the order, and under the labels, of the detailed grid's counts.
  const c: Record<string, number> = {};
  for (const k of ['zero', 'refpage', 'anon', 'anonShared', 'shmem'] as const)
    if (f.counts[k] > 0) c[FRAME_STYLES[k]!.label] = f.counts[k];
  kindCounts.set(f, c);
  return c;
}

/** The frames in use plus, in pfn order, ghosts of the frames this step freed. */
function withGhosts(
  inUse: readonly FrameCell[],
  prev: EngineState | null,
  freed: ReadonlySet<number>,
): FrameCell[] {
  if (!prev || freed.size === 0) return inUse as FrameCell[];
  const ghosts = framesInUse(prev)
    .filter((f) => freed.has(f.pfn))
    .map((f) => ({ ...f, ghost: true }));
  return [...inUse, ...ghosts].sort((a, b) => a.pfn - b.pfn);
}

/** Frames still in use whose refcount, mapcount, tags or contents the step changed. */
function counted(changes: StepChanges) {
  return changes.frames.filter((c) => c.before && c.after);
}

/**
 * Frames the step at the cursor allocated, copied or freed, as buttons (keyboard way in).
 * Memoised: its props change with the cursor, not the hover (a populate has 262,144 events).
 */
const Touched = memo(function Touched({
  events,
  state,
  changes,
}: {
  events: readonly EngineEvent[];
  state: EngineState | null;
  changes: StepChanges;
}) {
  const { selectionChanged } = useActions();
  const items: { pfn: number; text: string }[] = [];
  const names = state ? addrNames(state.bindings) : [];
  for (const e of events) {
    if (e.kind === 'frame_allocated')
      items.push({
        pfn: e.pfn,
        text: `pfn ${e.pfn} allocated (${e.method}${e.addr !== undefined ? ` for ${symbolize(e.addr, names)}` : ''})`,
      });
    else if (e.kind === 'cow_copied')
      items.push({ pfn: e.to, text: `pfn ${e.from} copied to pfn ${e.to} (${e.method})` });
    else if (e.kind === 'frame_freed') items.push({ pfn: e.pfn, text: `pfn ${e.pfn} freed` });
    else if (e.kind === 'zero_page_mapped')
      items.push({ pfn: e.pfn, text: `zero page mapped at ${symbolize(e.addr, names)}` });
    else if (e.kind === 'refpage_mapped')
      items.push({
        pfn: e.pfn,
        text: `reference page pfn ${e.pfn} mapped at ${symbolize(e.addr, names)}`,
      });
  }
  for (const c of counted(changes)) {
    const what = c.what.filter(
      (w) => w.startsWith('refcount') || w.startsWith('mapcount') || w === 'tags changed',
    );
    if (what.length > 0) items.push({ pfn: c.pfn, text: `pfn ${c.pfn}: ${what.join(', ')}` });
  }
  if (items.length === 0) return null;
  // A populate of 1 GiB allocates 262,144 frames in one step: list a few, count the rest.
  const SHOWN = 12;
  return (
    <div className="touched">
      <span className="muted">This step: </span>
      {items.slice(0, SHOWN).map((it, i) => (
        <button
          key={i}
          type="button"
          className="chip"
          onClick={() => selectionChanged({ kind: 'frame', pfn: it.pfn })}
        >
          {it.text}
        </button>
      ))}
      {items.length > SHOWN && <span className="muted">and {items.length - SHOWN} more</span>}
    </div>
  );
});
