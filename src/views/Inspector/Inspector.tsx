/**
 * The Inspector region: for the selected page (or frame), the page-table walk, the PTE's flags,
 * the frame with its counts, the contents as hex with the pattern visible, the MTE tags and the
 * history of events that made the page what it is.
 */
import { useMemo } from 'react';
import { geometry, ptWalk, PTE_PRESENT, ptePfn, type EngineState } from '../../store/engine';
import { useActions, useApp } from '../../store/react';
import { selectPrevState, selectState } from '../../store/select';
import { leafChange } from '../../store/selectors/walk';
import { eventSentence } from '../../store/selectors/explain';
import { contentSummary } from '../../store/selectors/hexdump';
import { pageHistory } from '../../store/selectors/history';
import { frameAt, mappersOf, pteFlags, pteOf, vmaAt } from '../../store/selectors/pages';
import { addrNames, hex, symbolize } from '../../store/selectors/symbols';
import type { Selection } from '../../store/types';
import { backingName, protString } from '../AddressSpace/model';
import { frameStyleOf } from '../Frames/styles';
import { HexDump } from './HexDump';

export function Inspector() {
  const state = useApp(selectState);
  const selection = useApp((s) => s.selection);
  if (!state) return <p className="muted">Nothing to inspect.</p>;
  if (!selection) {
    return (
      <p className="muted">
        Select a page in the address space (click it, or use “Go to address”) or a frame to inspect
        it.
      </p>
    );
  }
  return <Inspected state={state} sel={selection} />;
}

function Inspected({ state, sel }: { state: EngineState; sel: Selection }) {
  const names = addrNames(state.bindings);
  const ps = state.machine.pageSize;
  const { selectionChanged, breakpointToggled } = useActions();
  const page = sel.kind === 'frame' ? null : Math.floor(sel.addr / ps) * ps;
  const pte = sel.kind === 'frame' || page === null ? 0 : pteOf(state, sel.proc, page);
  const pfn = sel.kind === 'frame' ? sel.pfn : pte & PTE_PRESENT ? ptePfn(pte) : null;
  const frame = pfn !== null ? frameAt(state, pfn) : null;
  const vma = sel.kind !== 'frame' && page !== null ? vmaAt(state, sel.proc, page) : null;
  const prev = useApp(selectPrevState);
  const pteChange =
    prev && sel.kind !== 'frame' && page !== null
      ? leafChange(pteOf(prev, sel.proc, page), pte)
      : null;

  return (
    <div className="inspector">
      {sel.kind !== 'frame' && page !== null ? (
        <>
          <h3>
            Page {symbolize(page, names)} <span className="muted">of {sel.proc}</span>
          </h3>
          <dl className="facts">
            <dt>address</dt>
            <dd>
              <code>{hex(page)}</code>
            </dd>
            <dt>VMA</dt>
            <dd>
              {vma ? (
                <>
                  {symbolize(vma.start, names)}–{symbolize(vma.end, names)}{' '}
                  <code>{protString(vma.flags)}</code> {backingName(vma)}
                  {vma.uffd !== null && ' · registered with userfaultfd'}
                </>
              ) : (
                'not mapped (an access raises SIGSEGV)'
              )}
            </dd>
            <dt>walk</dt>
            <dd>
              {ptWalk(geometry(state.machine), state.procs[sel.proc]?.mm.pgd ?? null, page).map(
                (w, i) => (
                  <span key={i} className={w.present ? 'walk-on' : 'walk-off'}>
                    {i > 0 && ' → '}
                    {w.level}[{w.index}]{w.present ? '' : ' (none)'}
                  </span>
                ),
              )}
            </dd>
            <dt>PTE</dt>
            <dd>
              <code>{hex(pte)}</code>{' '}
              {pteChange && <span className="change-badge">changed at this step: {pteChange}</span>}{' '}
              <ul className="flags" aria-label="PTE flags">
                {pteFlags(pte).map((f) => (
                  <li key={f.name} className={f.on ? 'flag-on' : 'flag-off'} title={f.why}>
                    {f.on ? '✓' : '✗'} {f.name}
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          <div className="inspector-actions">
            <button
              type="button"
              onClick={() =>
                breakpointToggled({
                  kind: 'range',
                  proc: sel.proc,
                  start: page,
                  end: page + ps,
                  label: symbolize(page, names),
                })
              }
            >
              Break on this page
            </button>
            {pfn !== null && (
              <button type="button" onClick={() => selectionChanged({ kind: 'frame', pfn })}>
                Select its frame
              </button>
            )}
          </div>
        </>
      ) : (
        <h3>Frame pfn {pfn}</h3>
      )}
      {frame && pfn !== null ? (
        <FrameFacts state={state} pfn={pfn} frame={frame} />
      ) : (
        <p className="muted">
          No frame: {pte ? 'the PTE holds a marker, not a page' : 'the page is not present'}.
        </p>
      )}
      <History state={state} sel={sel} page={page} />
    </div>
  );
}

function FrameFacts({
  state,
  pfn,
  frame,
}: {
  state: EngineState;
  pfn: number;
  frame: NonNullable<ReturnType<typeof frameAt>>;
}) {
  const names = addrNames(state.bindings);
  const { selectionChanged } = useActions();
  const mappers = mappersOf(state, pfn);
  const prev = useApp(selectPrevState);
  // The frame before the step: undefined fields when it is new (then one badge says so).
  const was = prev ? frameAt(prev, pfn) : frame;
  const fresh = prev !== null && was === null;
  const delta = (now: number, before: number | undefined) =>
    before !== undefined && before !== now ? (
      <span className="change-badge">changed at this step: was {before}</span>
    ) : null;
  return (
    <section aria-label="Frame">
      <dl className="facts">
        <dt>frame</dt>
        <dd>
          pfn {pfn} · {frameStyleOf(frame).label}{' '}
          {fresh && <span className="change-badge">allocated at this step</span>}
        </dd>
        <dt>refcount</dt>
        <dd>
          {frame.refcount} {delta(frame.refcount, was?.refcount)}
        </dd>
        <dt>mapcount</dt>
        <dd>
          {frame.mapcount} {delta(frame.mapcount, was?.mapcount)}
        </dd>
        <dt>mapped by</dt>
        <dd>
          {mappers.length === 0
            ? 'no PTE'
            : mappers.slice(0, 6).map((m, i) => (
                <span key={i}>
                  {i > 0 && ', '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => selectionChanged({ kind: 'page', proc: m.proc, addr: m.addr })}
                  >
                    {m.proc} {symbolize(m.addr, names)}
                  </button>
                </span>
              ))}
          {mappers.length > 6 && ` and ${mappers.length - 6} more`}
        </dd>
        <dt>contents</dt>
        <dd>{contentSummary(frame.data)}</dd>
        <dt>tags</dt>
        <dd>
          {frame.tags ? (
            <code className="tags-line">
              {frame.tags.slice(0, 64)}
              {frame.tags.length > 64 ? '…' : ''}
            </code>
          ) : (
            'none (all 0)'
          )}
        </dd>
      </dl>
      <HexDump data={frame.data} pageSize={state.machine.pageSize} />
    </section>
  );
}

function History({
  state,
  sel,
  page,
}: {
  state: EngineState;
  sel: Selection;
  page: number | null;
}) {
  const run = useApp((s) => s.run);
  const index = useApp((s) => s.index);
  const cursor = useApp((s) => s.cursor);
  const { cursorMoved } = useActions();
  const names = addrNames(state.bindings);
  const items = useMemo(() => {
    if (!run || !index) return [];
    const target =
      sel.kind === 'frame' || page === null
        ? { kind: 'frame' as const, pfn: sel.kind === 'frame' ? sel.pfn : -1 }
        : { kind: 'page' as const, proc: sel.proc, addr: page, pageSize: state.machine.pageSize };
    return pageHistory(run, index, cursor, target);
  }, [run, index, cursor, sel, page, state.machine.pageSize]);
  return (
    <section aria-label="History" className="history">
      <h4>Why is it like this?</h4>
      {items.length === 0 ? (
        <p className="muted">Nothing has touched it yet.</p>
      ) : (
        <ol>
          {items.map((h, i) => (
            <li key={i}>
              <button type="button" className="link-button" onClick={() => cursorMoved(h.seq)}>
                step {h.seq}
              </button>{' '}
              {eventSentence(h.event, names)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
