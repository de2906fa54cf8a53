/**
 * The Physical frames region: every frame in use as a cell on a canvas this view owns, with its
 * kind's letter and its mapcount; the zero page and reference pages marked; frames made by the
 * step at the cursor flash as they appear. Below: the selected frame's refcount and mapcount and
 * the arrows from the PTEs that map it.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { EngineEvent, EngineState } from '../../store/engine';
import { useActions, useApp } from '../../store/react';
import { selectEvents, selectState } from '../../store/select';
import { framesInUse, selectedPfn } from '../../store/selectors/pages';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { cssColor } from '../common/kinds';
import { useWidth } from '../common/useWidth';
import { cellAt, gridGeometry, indexAt } from './grid';
import { FRAME_STYLES, frameStyleOf } from './styles';
import { PteArrows } from './PteArrows';

export function Frames() {
  const host = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const width = useWidth(host, 500);
  const state = useApp(selectState);
  const events = useApp(selectEvents);
  const selection = useApp((s) => s.selection);
  const theme = useApp((s) => s.theme);
  const { selectionChanged } = useActions();
  const frames = useMemo(() => (state ? framesInUse(state) : []), [state]);
  const geo = useMemo(() => gridGeometry(frames.length, width), [frames.length, width]);
  const selectedPfns = useMemo(() => {
    const pfn = state ? selectedPfn(state, selection) : null;
    return pfn === null ? [] : [pfn];
  }, [state, selection]);
  const fresh = useMemo(() => touched(events), [events]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const canvas = document.createElement('canvas');
    canvas.className = 'frames-canvas';
    canvas.setAttribute('role', 'img');
    el.appendChild(canvas);
    canvasRef.current = canvas;
    return () => {
      canvas.remove();
      canvasRef.current = null;
    };
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(geo.height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${geo.height}px`;
    canvas.setAttribute('aria-label', `${frames.length} frames in use`);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const colors = Object.fromEntries(Object.entries(FRAME_STYLES).map(([k, st]) => [k, cssColor(canvas, st.cssVar)]));
    const fg = cssColor(canvas, '--fg');
    const sel = cssColor(canvas, '--sel');
    const accent = cssColor(canvas, '--k-private');
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    let raf = 0;
    const start = performance.now();
    const paint = (t: number) => {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, geo.height);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      frames.forEach(({ pfn, frame }, i) => {
        const { x, y } = cellAt(geo, i);
        const st = frameStyleOf(frame);
        const isNew = fresh.allocated.has(pfn);
        ctx.globalAlpha = isNew && !reduce ? 0.25 + 0.75 * t : 1;
        ctx.fillStyle = colors[st.key]!;
        ctx.fillRect(x, y, geo.cellW, geo.cellH);
        ctx.globalAlpha = 1;
        if (geo.detailed) {
          ctx.fillStyle = '#111';
          ctx.font = 'bold 12px system-ui, sans-serif';
          ctx.fillText(st.letter, x + geo.cellW / 2, y + 10);
          ctx.font = '10px system-ui, sans-serif';
          ctx.fillText(`${frame.mapcount}`, x + geo.cellW / 2, y + 22);
        }
        if (isNew || fresh.copiedTo.has(pfn)) {
          ctx.strokeStyle = accent;
          ctx.lineWidth = 2 + (reduce ? 0 : 3 * (1 - t));
          ctx.strokeRect(x + 1, y + 1, geo.cellW - 2, geo.cellH - 2);
        }
        if (selectedPfns.includes(pfn)) {
          ctx.strokeStyle = sel;
          ctx.lineWidth = 3;
          ctx.strokeRect(x - 1, y - 1, geo.cellW + 2, geo.cellH + 2);
        }
      });
      ctx.strokeStyle = fg;
      if (t < 1) raf = requestAnimationFrame((now) => paint(Math.min(1, (now - start) / 450)));
    };
    paint(reduce || fresh.allocated.size + fresh.copiedTo.size === 0 ? 1 : 0);
    return () => cancelAnimationFrame(raf);
  }, [frames, geo, width, fresh, selectedPfns, theme]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onClick = (e: MouseEvent) => {
      const r = canvas.getBoundingClientRect();
      const i = indexAt(geo, e.clientX - r.left, e.clientY - r.top, frames.length);
      selectionChanged(i >= 0 ? { kind: 'frame', pfn: frames[i]!.pfn } : null);
    };
    canvas.addEventListener('click', onClick);
    return () => canvas.removeEventListener('click', onClick);
  }, [geo, frames, selectionChanged]);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const { frame } of frames) {
      const k = frameStyleOf(frame).label;
      c[k] = (c[k] ?? 0) + 1;
    }
    return c;
  }, [frames]);

  return (
    <div className="frames">
      <p className="frames-summary">
        {frames.length} frames in use
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
        <li className="muted">number: mapcount</li>
      </ul>
      <div ref={host} className="frames-host" style={{ height: geo.height }} />
      <Touched events={events} state={state} />
      {state && <PteArrows state={state} pfns={selectedPfns} />}
    </div>
  );
}

function touched(events: readonly EngineEvent[]) {
  const allocated = new Set<number>();
  const copiedTo = new Set<number>();
  for (const e of events) {
    if (e.kind === 'frame_allocated') allocated.add(e.pfn);
    if (e.kind === 'cow_copied') copiedTo.add(e.to);
  }
  return { allocated, copiedTo };
}

/** Frames the step at the cursor allocated, copied or freed, as buttons (keyboard way in). */
function Touched({ events, state }: { events: readonly EngineEvent[]; state: EngineState | null }) {
  const { selectionChanged } = useActions();
  const items: { pfn: number; text: string }[] = [];
  const names = state ? addrNames(state.bindings) : [];
  for (const e of events) {
    if (e.kind === 'frame_allocated')
      items.push({ pfn: e.pfn, text: `pfn ${e.pfn} allocated (${e.method}${e.addr !== undefined ? ` for ${symbolize(e.addr, names)}` : ''})` });
    else if (e.kind === 'cow_copied') items.push({ pfn: e.to, text: `pfn ${e.from} copied to pfn ${e.to} (${e.method})` });
    else if (e.kind === 'frame_freed') items.push({ pfn: e.pfn, text: `pfn ${e.pfn} freed` });
    else if (e.kind === 'zero_page_mapped') items.push({ pfn: e.pfn, text: `zero page mapped at ${symbolize(e.addr, names)}` });
    else if (e.kind === 'refpage_mapped') items.push({ pfn: e.pfn, text: `reference page pfn ${e.pfn} mapped at ${symbolize(e.addr, names)}` });
  }
  if (items.length === 0) return null;
  return (
    <div className="touched">
      <span className="muted">This step: </span>
      {items.map((it, i) => (
        <button key={i} type="button" className="chip" onClick={() => selectionChanged({ kind: 'frame', pfn: it.pfn })}>
          {it.text}
        </button>
      ))}
    </div>
  );
}
