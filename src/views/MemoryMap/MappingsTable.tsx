/**
 * The "Mappings" table: the memory map as text, following the cursor. Every present PTE (pages
 * with the same story as one row), by process and by the scenario's names for addresses, with its
 * frame, whether it is writable and who else maps the frame; rows the step at the cursor changed
 * are marked. The address and pfn buttons select the page or the frame, as a click on the map does.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useActions, useApp } from '../../store/react';
import { selectMapping, selectState, selectOrderedChanges } from '../../store/select';
import { addrNames } from '../../store/selectors/symbols';
import { focusOf, ROWS_SHOWN, tableWindow } from './mappings-window';

export function MappingsTable() {
  const model = useApp(selectMapping);
  const state = useApp(selectState);
  const changes = useApp(selectOrderedChanges);
  const selection = useApp((s) => s.selection);
  const { selectionChanged } = useActions();
  const names = useMemo(() => (state ? addrNames(state.bindings) : []), [state]);
  // Where the reader paged to with "Earlier rows" / "Later rows"; forgotten when the cursor, the
  // run or the selection moves, and the table follows them again.
  const [paged, setPaged] = useState<{ on: readonly unknown[]; from: number } | null>(null);
  const on = [model, changes, selection] as const;
  const manual = paged && paged.on.every((x, k) => x === on[k]) ? paged.from : null;
  const { rows, total, from } = useMemo(
    () =>
      model
        ? tableWindow(model, names, changes, focusOf(selection, changes), manual)
        : { rows: [], total: 0, from: 0 },
    [model, names, changes, selection, manual],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const headingId = useId();

  // Follow the cursor: bring the first row the step changed (else the selected one) into view,
  // inside the table only. In the next animation frame, when every view has drawn the step:
  // reading offsetTop among the views' effects laid the whole page out once for this read and
  // again for the frame.
  useEffect(() => {
    const raf = requestAnimationFrame(() => {
      const box = scroller.current;
      const row =
        box?.querySelector<HTMLElement>('tr.changed') ??
        box?.querySelector<HTMLElement>('tr.selected');
      if (!box || !row) return;
      const top = row.offsetTop - box.clientHeight / 3;
      if (row.offsetTop < box.scrollTop || row.offsetTop > box.scrollTop + box.clientHeight - 30)
        box.scrollTop = Math.max(0, top);
    });
    return () => cancelAnimationFrame(raf);
  }, [rows]);

  if (!model) return null;
  const ps = model.axis.pageSize;
  const isSelected = (proc: string, addr: number, pages: number) =>
    selection?.kind === 'page' &&
    selection.proc === proc &&
    selection.addr >= addr &&
    selection.addr < addr + pages * ps;
  return (
    <div className="memmap-mappings">
      <h3 id={headingId} className="memmap-table-title">
        Mappings
      </h3>
      <div className="memmap-table-scroll" ref={scroller}>
        <table className="results memmap-table" aria-labelledby={headingId}>
          <caption className="visually-hidden">
            Every PTE at this step: process, virtual address, frame, writable, shared with whom.
            Rows the step changed are marked “changed”.
          </caption>
          <thead>
            <tr>
              <th scope="col">Process</th>
              <th scope="col">Virtual address</th>
              <th scope="col">pfn</th>
              <th scope="col">Writable</th>
              <th scope="col">Shared with</th>
              <th scope="col">Notes</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No page is mapped at this step.
                </td>
              </tr>
            )}
            {rows.map((r) => {
              const sel = isSelected(r.proc, r.addr, r.pages);
              return (
                <tr
                  key={r.key}
                  className={`${r.changed ? 'changed' : ''}${sel ? ' selected' : ''}`}
                >
                  <td>{r.proc}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button mono"
                      aria-pressed={sel}
                      onClick={() => selectionChanged({ kind: 'page', proc: r.proc, addr: r.addr })}
                    >
                      {r.addrText}
                    </button>
                  </td>
                  <td>
                    {r.pfn >= 0 ? (
                      <button
                        type="button"
                        className="link-button mono"
                        aria-label={`Select frame ${r.pfn}`}
                        onClick={() => selectionChanged({ kind: 'frame', pfn: r.pfn })}
                      >
                        {r.pfnText}
                      </button>
                    ) : (
                      r.pfnText
                    )}
                  </td>
                  <td>{r.writable === null ? '—' : r.writable ? 'yes' : 'no (read-only)'}</td>
                  <td>{r.sharedWith}</td>
                  <td>
                    {r.changed && <strong className="memmap-changed-tag">changed: </strong>}
                    {r.notes}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {total > rows.length && (
        <p className="muted memmap-table-window">
          Rows {(from + 1).toLocaleString('en')}–{(from + rows.length).toLocaleString('en')} of{' '}
          {total.toLocaleString('en')}: the table follows the selected page and the step&rsquo;s
          change.{' '}
          <button
            type="button"
            disabled={from === 0}
            onClick={() => setPaged({ on, from: Math.max(0, from - ROWS_SHOWN) })}
          >
            Earlier rows
          </button>{' '}
          <button
            type="button"
            disabled={from + rows.length >= total}
            onClick={() => setPaged({ on, from: from + ROWS_SHOWN })}
          >
            Later rows
          </button>
        </p>
      )}
    </div>
  );
}
