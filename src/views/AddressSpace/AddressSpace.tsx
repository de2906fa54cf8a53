/**
 * The Address space region: every process's VMAs on one canvas that this view owns, zoomable
 * (common/pan-zoom.ts) down to single pages. The canvas lives outside React's tree
 * (useOwnedCanvas), so that the zoom's listeners never touch a node React renders (design habit 13). Below it: the legend and a table
 * of VMAs, which is also the keyboard and screen-reader way in.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useActions, useApp } from '../../store/react';
import { selectChanges, selectMapping, selectState } from '../../store/select';
import { mappersOf, PAGE_KIND_NAMES } from '../../store/selectors/pages';
import { addrNames, parseAddress, symbolize } from '../../store/selectors/symbols';
import { cssColor, PAGE_STYLES } from '../common/kinds';
import { sizeCanvas, useCanvasPointer, useOwnedCanvas } from '../common/useOwnedCanvas';
import { useWidth } from '../common/useWidth';
import { canvasHeight, drawAddressSpace, ROW_H, type Palette } from './draw';
import { rescaleX } from '../common/linear-scale';
import { panZoom, zoomIdentity, type PanZoom, type ZoomTransform } from '../common/pan-zoom';
import { addrToUnit, baseScale, maxZoom, transformToPage, unitToPage } from './layout';
import { drawRows, linkedPages, runAxis } from './model';
import { Legend } from './Legend';
import { VmaTable } from './VmaTable';
import { PteChanges } from './PteChanges';

export function AddressSpace() {
  const { host, canvas: canvasRef } = useOwnedCanvas('space-canvas');
  const zoomRef = useRef<PanZoom | null>(null);
  const width = useWidth(host, 800);
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const run = useApp((s) => s.run);
  const ranges = useApp((s) => s.index?.ranges);
  const state = useApp(selectState);
  const selection = useApp((s) => s.selection);
  const hover = useApp((s) => s.hover);
  const theme = useApp((s) => s.theme);
  const classroom = useApp((s) => s.classroom);
  const changes = useApp(selectChanges);
  const { selectionChanged, hoverChanged } = useActions();

  // While a run grows, the axis changes only when a VMA range is added (model.ts runAxis).
  const axis = useMemo(
    () => (run && ranges && run.finalState ? runAxis({ ranges }, run.finalState) : null),
    [run, ranges],
  );
  const names = useMemo(() => (state ? addrNames(state.bindings) : []), [state]);
  const model = useApp(selectMapping);
  const rows = useMemo(() => (state ? drawRows(state, names, model) : []), [state, names, model]);
  const procNames = useMemo(() => state?.procOrder ?? [], [state]);
  const links = useMemo(() => (state ? linkedPages(state, selection) : null), [state, selection]);
  const hoverPages = useMemo(() => {
    if (!hover || !state) return [];
    if (hover.kind === 'frame') return mappersOf(state, hover.pfn);
    return [{ proc: hover.proc, addr: hover.addr }];
  }, [hover, state]);
  const height = canvasHeight(rows.length);

  // The zoom behaviour on the canvas this view owns: set up once.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const z = panZoom(canvas, { clickDistance: 4, onZoom: setTransform });
    zoomRef.current = z;
    return () => {
      z.detach();
      zoomRef.current = null;
    };
  }, [canvasRef]);

  // Zoom limits follow the axis and the width.
  useEffect(() => {
    const z = zoomRef.current;
    if (!z || !axis) return;
    const box = [
      [0, 0],
      [width, height],
    ] as const;
    z.limit({ scaleExtent: [1, maxZoom(axis, width)], translateExtent: box, extent: box });
  }, [axis, width, height]);

  // Redraw on every change of what is drawn.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !axis) return;
    const sized = sizeCanvas(
      canvas,
      width,
      height,
      `Address space map: ${rows.length} process${rows.length === 1 ? '' : 'es'}, ${rows.reduce((n, r) => n + r.vmas.length, 0)} VMAs. The table below lists them.`,
    );
    if (!sized) return;
    const { ctx } = sized;
    const palette = readPalette(canvas);
    drawAddressSpace(ctx, {
      width,
      axis,
      scale: rescaleX(transform, baseScale(axis, width)),
      rows,
      palette,
      selected: links?.selected ?? null,
      related: links?.related ?? [],
      hover: hoverPages,
      changed: changes.ptes,
      name: (a) => symbolize(a, names),
    });
    // theme and classroom are listed because they change the palette read from CSS.
  }, [
    canvasRef,
    axis,
    width,
    height,
    rows,
    transform,
    links,
    hoverPages,
    names,
    theme,
    classroom,
    changes,
  ]);

  // Pointer: click selects a page, moving hovers it.
  const pointer = useMemo(() => {
    if (!axis || !state) return null;
    const pageAt = (x: number, y: number) => {
      const row = Math.floor(y / ROW_H);
      const proc = state.procOrder[row];
      if (!proc) return null;
      const u = rescaleX(transform, baseScale(axis, width)).invert(x);
      const addr = unitToPage(axis, u);
      if (addr === null) return null;
      const inVma = state.procs[proc]?.mm.vmas.some((v) => addr >= v.start && addr < v.end);
      return inVma ? { kind: 'page' as const, proc, addr } : null;
    };
    return {
      click: (x: number, y: number) => selectionChanged(pageAt(x, y)),
      move: (x: number, y: number) => hoverChanged(pageAt(x, y)),
      leave: () => hoverChanged(null),
    };
  }, [axis, state, transform, width, selectionChanged, hoverChanged]);
  useCanvasPointer(canvasRef, pointer);

  const zoomBy = (k: number) => zoomRef.current?.scaleBy(k);
  const zoomTo = (t: ZoomTransform) => zoomRef.current?.set(t);
  const zoomToSelection = () => {
    if (!axis || !selection || selection.kind === 'frame') return;
    if (addrToUnit(axis, selection.addr) === null) return;
    zoomTo(
      transformToPage(
        axis,
        width,
        selection.addr,
        Math.min(maxZoom(axis, width), Math.max(transform.k, maxZoom(axis, width, 24))),
      ),
    );
  };

  const pageSize = state?.machine.pageSize ?? 4096;
  const [addrText, setAddrText] = useState('');
  const [addrProc, setAddrProc] = useState('');
  const [addrError, setAddrError] = useState('');
  const goToAddress = () => {
    if (!state || !axis) return;
    const proc = addrProc && state.procs[addrProc] ? addrProc : (state.procOrder[0] ?? 'main');
    const a = parseAddress(addrText, names, pageSize);
    if (a === null) {
      setAddrError(`Cannot read "${addrText}" as an address`);
      return;
    }
    const page = Math.floor(a / pageSize) * pageSize;
    const mapped = state.procs[proc]?.mm.vmas.some((v) => page >= v.start && page < v.end);
    setAddrError(mapped ? '' : `${symbolize(page, names)} is not mapped in ${proc} at this step`);
    selectionChanged(
      a > page
        ? { kind: 'page', proc, addr: page, offset: a - page }
        : { kind: 'page', proc, addr: page },
    );
    if (addrToUnit(axis, page) !== null)
      zoomTo(transformToPage(axis, width, page, Math.max(transform.k, maxZoom(axis, width, 24))));
  };

  return (
    <div className="space">
      <div className="space-tools">
        <button type="button" onClick={() => zoomBy(2)}>
          Zoom in
        </button>
        <button type="button" onClick={() => zoomBy(0.5)}>
          Zoom out
        </button>
        <button type="button" onClick={() => zoomTo(zoomIdentity)}>
          Reset zoom
        </button>
        <button
          type="button"
          onClick={zoomToSelection}
          disabled={!selection || selection.kind === 'frame'}
        >
          Zoom to selection
        </button>
        <form
          className="goto"
          onSubmit={(e) => {
            e.preventDefault();
            goToAddress();
          }}
        >
          <label>
            Go to address{' '}
            <input
              value={addrText}
              onChange={(e) => setAddrText(e.target.value)}
              placeholder="p+0x2000"
              size={12}
              spellCheck={false}
            />
          </label>
          {procNames.length > 1 && (
            <label>
              {' '}
              in{' '}
              <select
                value={addrProc || procNames[0]}
                onChange={(e) => setAddrProc(e.target.value)}
              >
                {procNames.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
          )}
          <button type="submit">Go</button>
        </form>
      </div>
      {addrError && (
        <p className="muted" role="status">
          {addrError}
        </p>
      )}
      {!state || rows.length === 0 ? <p className="muted">No process memory yet.</p> : null}
      <div ref={host} className="space-host" style={{ height }} />
      <PteChanges changes={changes} names={names} />
      <Legend />
      {state && <VmaTable state={state} names={names} model={model} />}
    </div>
  );
}

function readPalette(el: Element): Palette {
  return {
    kinds: PAGE_KIND_NAMES.map((k) => cssColor(el, PAGE_STYLES[k].cssVar)),
    wp: cssColor(el, '--k-wp'),
    blocked: cssColor(el, '--k-blocked'),
    fg: cssColor(el, '--fg'),
    muted: cssColor(el, '--muted'),
    bg: cssColor(el, '--panel'),
    sel: cssColor(el, '--sel'),
    hover: cssColor(el, '--hover'),
    border: cssColor(el, '--border'),
  };
}
