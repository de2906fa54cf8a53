/**
 * The Page-table walk region: for the selected address (or, with nothing selected, the page the
 * step at the cursor touched), the walk as the CPU does it, level by level, as in xv6's vmprint or
 * CS:APP's address-translation figures: the address split into its index fields, each level's
 * entry with its flags and the next table, then the frame and the byte offset. Entries the step at
 * the cursor changed are marked (a badge, not colour alone). Computed by store/selectors/walk.ts.
 */
import { useApp } from '../../store/react';
import { selectWalk, type WalkTarget } from '../../store/selectors/walk-target';
import { hex } from '../../store/selectors/symbols';
import type { AddrField, PageWalk as Walk, WalkLevel } from '../../store/selectors/walk';
import { StepPosition } from '../common/StepPosition';

export function PageWalk() {
  const target = useApp(selectWalk);
  if (!target) {
    return (
      <p className="muted">
        Select a page in the address space (or step onto a fault) to see how the CPU finds its
        frame.
      </p>
    );
  }
  return <WalkView t={target} />;
}

function Bits({ f, cls }: { f: AddrField; cls: string }) {
  const width = f.hi - f.lo + 1;
  return (
    <div className={`walk-field ${cls}`} style={{ flexGrow: Math.max(width, 4) }}>
      <span className="walk-field-range">
        {f.hi}–{f.lo}
      </span>
      <code className="walk-field-bits">{width > 16 ? hex(f.value) : f.bits}</code>
      <span className="walk-field-label">
        {f.label} {cls === 'walk-index' ? <strong>{f.value}</strong> : null}
        {cls === 'walk-offset' ? <strong>{hex(f.value)}</strong> : null}
      </span>
    </div>
  );
}

function Entry({ l }: { l: WalkLevel }) {
  const e = l.entry;
  switch (e.kind) {
    case 'none':
      return <span className="walk-none">none (empty)</span>;
    case 'table':
      return (
        <span>
          → {e.next}{' '}
          <span className="muted">
            for {hex(e.start)}–{hex(e.end)}
          </span>
        </span>
      );
    case 'page':
      return <span>→ frame pfn {e.pfn}</span>;
    case 'marker':
      return <span>PTE marker: {e.marker}</span>;
  }
}

function WalkView({ t }: { t: WalkTarget }) {
  const w: Walk = t.walk;
  return (
    <div className="walk">
      <p className="walk-head">
        <strong>{t.label}</strong> <span className="muted">in {w.proc}</span> ·{' '}
        <code>{hex(w.addr)}</code>
        {t.following && <span className="muted"> · the page the step at the cursor touched</span>}
      </p>
      <p className="walk-geometry muted">
        {w.geometry} · <StepPosition />
      </p>
      <div className="walk-bits" role="img" aria-label={bitsLabel(w)}>
        {w.top.map((f) => (
          <Bits key={f.label} f={f} cls="walk-top" />
        ))}
        {w.levels.map((l) => (
          <Bits key={l.name} f={l.field} cls="walk-index" />
        ))}
        {w.notReached.map((n) => (
          <div key={n} className="walk-field walk-skipped" style={{ flexGrow: 9 }}>
            <span className="walk-field-label">{n} (not reached)</span>
          </div>
        ))}
        <Bits f={w.offset} cls="walk-offset" />
      </div>
      <table className="walk-table">
        <caption className="visually-hidden">
          The page-table walk of {t.label}, one row a level
        </caption>
        <thead>
          <tr>
            <th scope="col">level</th>
            <th scope="col">index</th>
            <th scope="col">entry</th>
            <th scope="col">flags</th>
            <th scope="col">this step</th>
          </tr>
        </thead>
        <tbody>
          {w.levels.map((l) => (
            <tr key={l.name} className={l.change ? 'walk-changed' : undefined}>
              <th scope="row">
                {l.name} <span className="muted">({l.hw})</span>
              </th>
              <td>
                <code>[{l.field.value}]</code>
              </td>
              <td>
                <Entry l={l} />
              </td>
              <td>
                <ul className="walk-flags" aria-label={`${l.name} flags`}>
                  {l.flags.map((f) => (
                    <li
                      key={f.name}
                      className={f.on === null ? 'flag-na' : f.on ? 'flag-on' : 'flag-off'}
                      title={`${f.hw}: ${f.why}`}
                    >
                      <span aria-hidden="true">{f.on === null ? '–' : f.on ? '✓' : '✗'}</span>{' '}
                      <span className="visually-hidden">
                        {f.on === null ? 'not modelled: ' : f.on ? 'set: ' : 'clear: '}
                      </span>
                      {f.name}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{l.change && <span className="change-badge">changed: {l.change}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="walk-end">
        {w.end.kind === 'frame' ? (
          <>
            Frame <strong>pfn {w.end.pfn}</strong> ({w.end.what}) + offset{' '}
            <code>{hex(w.offset.value)}</code> = physical address <code>{hex(w.end.physAddr)}</code>
          </>
        ) : w.end.kind === 'fault' ? (
          <>
            The walk stops at the {w.end.level}: {w.end.why}.
          </>
        ) : (
          <>No frame: {w.end.why}.</>
        )}
      </p>
    </div>
  );
}

function bitsLabel(w: Walk): string {
  const parts = w.levels.map(
    (l) => `${l.name} index ${l.field.value} (bits ${l.field.hi}–${l.field.lo})`,
  );
  return `Address ${hex(w.addr)}: ${parts.join(', ')}, offset ${hex(w.offset.value)} (bits ${w.offset.hi}–0)`;
}
