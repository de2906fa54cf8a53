/**
 * The Tag granules' picture for a machine with MTE: the page's granules on a canvas this view owns,
 * the access's pointer tag, a mismatch marked. Loaded when a scenario with MTE first shows it
 * (TagGranules.tsx), so a first view without MTE does not carry it.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineEvent, EngineState } from '../../store/engine';
import { useActions, useApp } from '../../store/react';
import { selectPrevState } from '../../store/select';
import { frameAt, selectedPfn } from '../../store/selectors/pages';
import { addrNames, symbolize } from '../../store/selectors/symbols';
import { cssColor } from '../common/kinds';
import { sizeCanvas, useCanvasPointer, useOwnedCanvas } from '../common/useOwnedCanvas';
import type { Selection } from '../../store/types';
import { granuleGrid, TAG_COLORS, tagOf, tagTextColor } from './palette';

const CELL = 22;

type TagCheck = Extract<EngineEvent, { kind: 'tag_check' }>;

export default function Granules({
  state,
  events,
  selection,
}: {
  state: EngineState;
  events: readonly EngineEvent[];
  selection: Selection | null;
}) {
  const { host, canvas: canvasRef } = useOwnedCanvas();
  const [numbers, setNumbers] = useState(false);
  const { selectionChanged } = useActions();
  const theme = useApp((s) => s.theme);
  const ps = state.machine.pageSize;
  const check = events.find((e): e is TagCheck => e.kind === 'tag_check') ?? null;
  const tagged = events.find((e) => e.kind === 'tags_set') ?? null;
  const prev = useApp(selectPrevState);
  const names = addrNames(state.bindings);
  // The page shown: the selection's, else the page of the access at the cursor.
  const target = useMemo(() => {
    if (selection && selection.kind !== 'frame')
      return { proc: selection.proc, page: Math.floor(selection.addr / ps) * ps };
    const at = check ? untag(check.addr) : tagged?.kind === 'tags_set' ? untag(tagged.addr) : null;
    if (at !== null) return { proc: state.procOrder[0] ?? 'main', page: Math.floor(at / ps) * ps };
    return null;
  }, [selection, check, tagged, ps, state.procOrder]);
  const pfn = target
    ? selectedPfn(state, { kind: 'page', proc: target.proc, addr: target.page })
    : selection?.kind === 'frame'
      ? selection.pfn
      : null;
  const frame = pfn !== null ? frameAt(state, pfn) : null;
  // Granules whose tag the step at the cursor changed (a new frame: those not 0).
  const changed = useMemo(() => {
    if (!frame || !prev || pfn === null) return [];
    const before = frameAt(prev, pfn);
    if (before && before.tags === frame.tags) return [];
    const out: number[] = [];
    const n = ps / 16;
    for (let g = 0; g < n; g++)
      if (tagOf(before?.tags ?? null, g) !== tagOf(frame.tags, g)) out.push(g);
    return out;
  }, [frame, prev, pfn, ps]);
  const { count, cols } = granuleGrid(ps);
  const cell = cols > 16 ? 8 : CELL;
  const size = cols * cell;
  const checkGranule =
    check && target && Math.floor(untag(check.addr) / ps) * ps === target.page
      ? Math.floor((untag(check.addr) - target.page) / 16)
      : null;
  const selGranule = selection?.kind === 'granule' ? selection.granule : null;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const label = frame ? `${count} granules of pfn ${pfn}` : 'no page selected';
    const sized = sizeCanvas(canvas, size, size, label);
    if (!sized) return;
    const { ctx } = sized;
    ctx.clearRect(0, 0, size, size);
    const sel = cssColor(canvas, '--sel');
    const bad = cssColor(canvas, '--k-blocked');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = '11px ui-monospace, monospace';
    for (let g = 0; g < count; g++) {
      const x = (g % cols) * cell;
      const y = Math.floor(g / cols) * cell;
      const tag = frame ? tagOf(frame.tags, g) : 0;
      ctx.fillStyle = frame ? TAG_COLORS[tag]! : '#ccc';
      ctx.fillRect(x, y, cell - 1, cell - 1);
      if (numbers && cell >= 14 && frame) {
        ctx.fillStyle = tagTextColor(tag);
        ctx.fillText(tag.toString(16), x + cell / 2, y + cell / 2 + 1);
      }
    }
    const mark = (g: number, color: string, cross: boolean) => {
      const x = (g % cols) * cell;
      const y = Math.floor(g / cols) * cell;
      ctx.strokeStyle = color;
      ctx.lineWidth = 2.5;
      ctx.strokeRect(x + 1, y + 1, cell - 3, cell - 3);
      if (cross) {
        ctx.beginPath();
        ctx.moveTo(x + 3, y + 3);
        ctx.lineTo(x + cell - 4, y + cell - 4);
        ctx.moveTo(x + cell - 4, y + 3);
        ctx.lineTo(x + 3, y + cell - 4);
        ctx.stroke();
      }
    };
    // A changed granule: a filled corner (a shape, not a colour).
    const fg = cssColor(canvas, '--fg');
    for (const g of changed) {
      const x = (g % cols) * cell;
      const y = Math.floor(g / cols) * cell;
      ctx.fillStyle = fg;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + Math.max(4, cell / 2.5), y);
      ctx.lineTo(x, y + Math.max(4, cell / 2.5));
      ctx.closePath();
      ctx.fill();
    }
    if (checkGranule !== null && check) mark(checkGranule, check.ok ? sel : bad, !check.ok);
    if (selGranule !== null) mark(selGranule, sel, false);
  }, [
    canvasRef,
    frame,
    count,
    cols,
    cell,
    size,
    numbers,
    checkGranule,
    check,
    selGranule,
    pfn,
    theme,
    changed,
  ]);

  const pointer = useMemo(() => {
    if (!target) return null;
    return {
      click: (x: number, y: number) => {
        const g = Math.floor(y / cell) * cols + Math.floor(x / cell);
        if (g >= 0 && g < count)
          selectionChanged({
            kind: 'granule',
            proc: target.proc,
            addr: target.page + g * 16,
            granule: g,
          });
      },
    };
  }, [target, cell, cols, count, selectionChanged]);
  useCanvasPointer(canvasRef, pointer);

  return (
    <div className="granules">
      <p>
        {target ? (
          <>
            Page {symbolize(target.page, names)} of {target.proc}
            {pfn !== null ? ` (pfn ${pfn})` : ': not present'}
          </>
        ) : (
          'Select a page to see its tags.'
        )}
      </p>
      {changed.length > 0 && (
        <p>
          <span className="change-badge">
            This step changed the tags of {changed.length} granule{changed.length === 1 ? '' : 's'}
          </span>{' '}
          <span className="muted">(marked by a filled corner)</span>
        </p>
      )}
      {check && (
        <p className={check.ok ? 'tag-ok' : 'tag-bad'}>
          Access at {symbolize(untag(check.addr), names)}: pointer tag{' '}
          <strong>{check.ptrTag.toString(16)}</strong>, memory tag{' '}
          <strong>{check.memTag.toString(16)}</strong> —{' '}
          {check.ok ? 'match' : `mismatch (${check.mode})`}
        </p>
      )}
      <label>
        <input type="checkbox" checked={numbers} onChange={(e) => setNumbers(e.target.checked)} />{' '}
        Show tag numbers
      </label>
      <div ref={host} className="granules-host" />
      <ul className="legend tag-legend" aria-label="Tag colours">
        {TAG_COLORS.map((c, t) => (
          <li key={t}>
            <span
              className="swatch"
              style={{ background: c, color: tagTextColor(t) }}
              aria-hidden="true"
            >
              {t.toString(16)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The address without its logical tag (bits 59:56), as the MMU sees it with TBI. */
function untag(addr: number): number {
  const TAG_UNIT = 2 ** 56;
  return addr % TAG_UNIT;
}
