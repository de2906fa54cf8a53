/**
 * The memory map's picture: one canvas this view owns (created outside React's tree, so the zoom
 * and React never share a node: design habit 13), zoomable and pannable horizontally, clickable
 * and walkable with the keyboard, animating what the step at the cursor changed.
 *
 * Exported on its own so another view (the classroom mode) can show the map at a given size:
 * `<MemoryMapPicture height={520} />`. Everything it draws comes from store selectors
 * (selectMapping, selectOrderedChanges), never from the engine directly.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useActions, useApp, useAppStore } from '../../store/react';
import { selectMapping, selectState } from '../../store/select';
import { orderedChanges } from '../../store/selectors/changes-by-event';
import {
  mappingOf,
  pageAddr,
  pageIndex,
  runProcs,
  type MappingModel,
} from '../../store/selectors/mapping';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { vmaLabelForms } from '../AddressSpace/model';
import { useWidth } from '../common/useWidth';
import { useCanvasPointer, useOwnedCanvas, type CanvasPointer } from '../common/useOwnedCanvas';
import { panZoom, zoomIdentity, type PanZoom } from '../common/pan-zoom';
import type { Selection } from '../../store/types';
import { drawMemoryMap, type DrawInput, type RowLabel } from './draw';
import {
  centreOn,
  detailZoom,
  frameBaseX,
  hitTest,
  mapLayout,
  maxZoom,
  pageBaseX,
  type MapLayout,
  type ZoomX,
} from './layout';
import {
  motionBetween,
  movingPhases,
  progressAt,
  markedBy,
  restOf,
  MAX_MS,
  type CursorView,
  type Motion,
} from './motion';
import { navigate, type NavKey } from './nav';
import { readPalette } from './palette';
import { prepareChanges } from './scene';
import { withUffd } from './vma-labels';
import { describeSelection, mapSummary } from './text';

export interface MemoryMapPictureProps {
  /** A height to fill (classroom mode); the map's natural height when absent. */
  height?: number;
  /** Type scale; 1 is the app's normal size. */
  scale?: number;
  /** Animate step changes (still respects prefers-reduced-motion). */
  animate?: boolean;
  /** Called with the zoom controls, so a toolbar elsewhere can drive them. */
  onZoomApi?: (api: ZoomApi | null) => void;
}

export interface ZoomApi {
  zoomBy(k: number): void;
  reset(): void;
  /** Zoom until pages are drawn one by one, around the selection (or the middle). */
  toSelection(): void;
}

const reducedMotion = () =>
  typeof window !== 'undefined' &&
  !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

export function MemoryMapPicture(props: MemoryMapPictureProps) {
  const { host, canvas: canvasRef } = useOwnedCanvas('memmap-canvas');
  const zoomRef = useRef<PanZoom | null>(null);
  const width = useWidth(host, 900);
  const store = useAppStore();
  const run = useApp((s) => s.run);
  const index = useApp((s) => s.index);
  const runId = useApp((s) => s.runId);
  const cursor = useApp((s) => s.cursor);
  const eventIndex = useApp((s) => s.eventIndex);
  const model = useApp(selectMapping);
  const state = useApp(selectState);
  const selection = useApp((s) => s.selection);
  const hover = useApp((s) => s.hover);
  const theme = useApp((s) => s.theme);
  // Classroom mode changes the palette (its high-contrast colours are CSS variables).
  const classroom = useApp((s) => s.classroom);
  const { selectionChanged, hoverChanged } = useActions();
  const [z, setZ] = useState<ZoomX>({ k: 1, x: 0 });

  const names = useMemo(() => (state ? addrNames(state.bindings) : []), [state]);
  const procNames = useMemo(() => (index ? runProcs(index) : []), [index]);
  const layout = useMemo<MapLayout | null>(
    () =>
      model
        ? mapLayout({
            width,
            height: props.height,
            axis: model.axis,
            frames: model.frames.n,
            procs: model.procs.length,
            scale: props.scale ?? 1,
          })
        : null,
    [model, width, props.height, props.scale],
  );
  const rows = useMemo<RowLabel[]>(
    () =>
      model
        ? model.procs.map((p) => ({
            name: p.name,
            note: !p.exists ? 'not forked yet' : !p.alive ? 'exited' : '',
          }))
        : [],
    [model],
  );

  // ---- motion: which step's changes are on screen and how far they have gone.
  const prevView = useRef<CursorView | null>(null);
  const motion = useRef<{ m: Motion; order: number[]; start: number } | null>(null);
  const [tick, setTick] = useState(0);
  const view: CursorView = { cursor, eventIndex, runId };
  const animate = (props.animate ?? true) && !reducedMotion();
  const viewKey = `${runId}:${cursor}:${eventIndex}`;
  const lastKey = useRef('');
  if (lastKey.current !== viewKey) {
    const m = animate ? motionBetween(prevView.current, view) : null;
    if (m && run && index) {
      const ch = orderedChanges(run, index, m.scene);
      const phases = [
        ...ch.links.map((l) => l.phase),
        ...ch.frames.map((f) => f.phase),
        ...ch.blocks.map((b) => b.phase),
        ...ch.marks.map((k) => k.phase),
        ...ch.vmas.map((v) => v.phase),
      ];
      const order = ch.complete ? movingPhases(m, phases) : [];
      motion.current = order.length > 0 ? { m, order, start: -1 } : null;
    } else motion.current = null;
    prevView.current = view;
    lastKey.current = viewKey;
  }

  // The owned canvas is focusable and walked with the keys (an application, not an image), and
  // zoomed and panned (common/pan-zoom.ts).
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-roledescription', 'memory map');
    const zb = panZoom(canvas, {
      clickDistance: 4,
      dblclick: false,
      onZoom: (t) => setZ({ k: t.k, x: t.x }),
    });
    zoomRef.current = zb;
    return () => {
      zb.detach();
      zoomRef.current = null;
    };
  }, [canvasRef]);

  // Zoom limits follow the layout.
  useEffect(() => {
    const zb = zoomRef.current;
    if (!zb || !layout) return;
    const box = [
      [0, 0],
      [layout.width, layout.height],
    ] as const;
    zb.limit({ scaleExtent: [1, maxZoom(layout)], translateExtent: box, extent: box });
  }, [layout]);

  // A new run starts unzoomed.
  useEffect(() => {
    zoomRef.current?.set(zoomIdentity);
  }, [runId]);

  // Paint: still, or frame by frame while a motion runs.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !layout || !model || !run || !index) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(layout.width * dpr))
      canvas.width = Math.round(layout.width * dpr);
    if (canvas.height !== Math.round(layout.height * dpr))
      canvas.height = Math.round(layout.height * dpr);
    canvas.style.width = `${layout.width}px`;
    canvas.style.height = `${layout.height}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const palette = readPalette(canvas);
    const name = (a: number) => symbolize(a, names);
    const vmaText = (v: Parameters<typeof vmaLabelForms>[0]) =>
      withUffd(v, vmaLabelForms(v, names));
    const mo = motion.current;
    const base = {
      layout,
      zoom: z,
      rows,
      selection,
      hover,
      name,
      vmaLabels: vmaText,
      palette,
    };
    const still = (): DrawInput => {
      const ch = orderedChanges(run, index, cursor);
      const rest = restOf({ eventIndex });
      return {
        ...base,
        model,
        prep: prepareChanges(ch, model, procNames),
        progress: (p) => (rest.kind === 'all' ? 1 : p <= rest.event ? 1 : 0),
        marked: markedBy(rest),
      };
    };
    let raf = 0;
    // Each paint is announced: the browser tests wait for it, and the browser bench times the
    // map's part of a jump with it.
    const frameDone = (moving: boolean) =>
      canvas.dispatchEvent(new CustomEvent('memmap:frame', { detail: { moving } }));
    const paint = (now: number) => {
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const m = motion.current;
      if (!m) {
        drawMemoryMap(ctx, still());
        frameDone(false);
        return;
      }
      if (m.start < 0) m.start = now;
      const ms = now - m.start;
      const sceneState = m.m.scene <= run.steps ? run.stateAt(m.m.scene) : null;
      const sceneModel: MappingModel = sceneState ? mappingOf(run, index, sceneState) : model;
      const ch = orderedChanges(run, index, m.m.scene);
      drawMemoryMap(ctx, {
        ...base,
        model: sceneModel,
        prep: prepareChanges(ch, sceneModel, procNames),
        progress: progressAt(m.m, m.order, ms),
        marked: markedBy(m.m.to.kind === 'all' && !m.m.to.done ? m.m.from : m.m.to),
      });
      if (ms >= MAX_MS) {
        motion.current = null;
        drawMemoryMap(ctx, still());
        frameDone(false);
        return;
      }
      frameDone(true);
      raf = requestAnimationFrame(paint);
    };
    if (mo) raf = requestAnimationFrame(paint);
    else paint(performance.now());
    return () => cancelAnimationFrame(raf);
    // theme and classroom change the palette read from CSS.
  }, [
    canvasRef,
    layout,
    model,
    run,
    index,
    cursor,
    eventIndex,
    z,
    rows,
    selection,
    hover,
    names,
    procNames,
    theme,
    classroom,
    store,
    tick,
  ]);

  // Pointer: click selects (and skips a running motion), moving hovers.
  const pointer = useMemo<CanvasPointer | null>(() => {
    if (!layout || !model) return null;
    const toSel = (x: number, y: number): Selection | null => {
      const hit = hitTest(layout, z, x, y);
      if (!hit) return null;
      if (hit.kind === 'frame')
        return model.frames.kind[hit.pfn] ? { kind: 'frame', pfn: hit.pfn } : null;
      if (hit.kind !== 'page') return null;
      const pm = model.procs[hit.row];
      if (!pm?.exists) return null;
      const addr = pageAddr(model.axis, hit.i);
      return pm.vmas.some((v) => addr >= v.start && addr < v.end)
        ? { kind: 'page', proc: pm.name, addr }
        : null;
    };
    return {
      click(x, y) {
        if (motion.current) {
          motion.current = null;
          setTick((t) => t + 1);
        }
        selectionChanged(toSel(x, y));
      },
      move: (x, y) => hoverChanged(toSel(x, y)),
      leave: () => hoverChanged(null),
    };
  }, [layout, model, z, selectionChanged, hoverChanged]);
  useCanvasPointer(canvasRef, pointer);

  // Zoom controls, for the toolbar and the keyboard.
  const api = useMemo<ZoomApi | null>(() => {
    if (!layout || !model) return null;
    const apply = (t: ZoomX) => zoomRef.current?.set(zoomIdentity.translate(t.x, 0).scale(t.k));
    return {
      zoomBy(k: number) {
        zoomRef.current?.scaleBy(k);
      },
      reset() {
        apply({ k: 1, x: 0 });
      },
      toSelection() {
        const sel = store.getState().selection;
        const k = Math.min(maxZoom(layout), Math.max(z.k, detailZoom(layout)));
        let bx = layout.plotX + layout.plotW / 2;
        if (sel?.kind === 'frame') bx = frameBaseX(layout, sel.pfn);
        else if (sel?.kind === 'page') {
          const ps = model.axis.pageSize;
          const i = pageIndex(model.axis, Math.floor(sel.addr / ps) * ps);
          if (i >= 0) bx = pageBaseX(layout, i);
        }
        apply(centreOn(layout, bx, k));
      },
    };
  }, [layout, model, z.k, store]);
  const { onZoomApi } = props;
  useEffect(() => {
    onZoomApi?.(api);
    return () => onZoomApi?.(null);
  }, [api, onZoomApi]);

  // Keyboard: arrows walk pages and frames, Enter follows a PTE, + and - zoom, 0 resets.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !model || !layout || !api) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      let handled = true;
      if (e.key === '+' || e.key === '=') api.zoomBy(2);
      else if (e.key === '-') api.zoomBy(0.5);
      else if (e.key === '0') api.reset();
      else if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter'].includes(e.key)) {
        const next = navigate(model, store.getState().selection, e.key as NavKey, {
          pageX: (i) => pageBaseX(layout, i),
          frameX: (pfn) => frameBaseX(layout, pfn),
        });
        if (next) {
          selectionChanged(next);
          keepVisible(next);
        }
      } else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    const keepVisible = (sel: NonNullable<ReturnType<typeof navigate>>) => {
      let bx: number | null = null;
      if (sel.kind === 'frame') bx = frameBaseX(layout, sel.pfn);
      else if (sel.kind === 'page') {
        const i = pageIndex(model.axis, sel.addr);
        if (i >= 0) bx = pageBaseX(layout, i);
      }
      if (bx === null) return;
      const sx = z.k * bx + z.x;
      if (sx < layout.plotX + 20 || sx > layout.width - 20) {
        const t = centreOn(layout, bx, z.k);
        zoomRef.current?.set(zoomIdentity.translate(t.x, 0).scale(t.k));
      }
    };
    canvas.addEventListener('keydown', onKey);
    return () => canvas.removeEventListener('keydown', onKey);
  }, [model, layout, api, z, store, selectionChanged, canvasRef]);

  // The canvas's accessible summary, once per model (it counts every frame and PTE).
  const summary = useMemo(() => (model ? mapSummary(model, procNames) : ''), [model, procNames]);
  useEffect(() => {
    canvasRef.current?.setAttribute('aria-label', summary);
  }, [summary, canvasRef]);

  const described = model ? describeSelection(model, selection, names) : '';
  return (
    <div className="memmap-picture">
      <div ref={host} className="memmap-host" style={{ height: layout?.height ?? 200 }} />
      <p className="visually-hidden" role="status">
        {described}
      </p>
    </div>
  );
}
