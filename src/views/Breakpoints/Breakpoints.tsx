/**
 * Breakpoints: stop on event kinds (any fault, copy-on-write, uffd message, blocked thread,
 * signal, tag mismatch) or on a page; run forward or back to the next hit. Hits are also marked
 * on the timeline.
 */
import { useActions, useApp } from '../../store/react';
import { BREAK_KINDS, breakpointLabel } from '../../store/breakpoints';
import { useState } from 'react';
import { selectHits, selectState } from '../../store/select';
import { addrNames, parseAddress, symbolize } from '../../store/selectors/symbols';

export function Breakpoints() {
  const bps = useApp((s) => s.breakpoints);
  const hits = useApp(selectHits);
  const a = useActions();
  return (
    <div className="breakpoints">
      <fieldset>
        <legend>Stop on</legend>
        {BREAK_KINDS.map((k) => (
          <label key={k.on} className="bp-kind">
            <input
              type="checkbox"
              checked={bps.some((b) => b.kind === 'event' && b.on === k.on)}
              onChange={() => a.breakpointToggled({ kind: 'event', on: k.on })}
            />{' '}
            {k.label}
          </label>
        ))}
      </fieldset>
      {bps.some((b) => b.kind === 'range') && (
        <ul className="bp-ranges">
          {bps
            .filter((b) => b.kind === 'range')
            .map((b, i) => (
              <li key={i}>
                {breakpointLabel(b)}{' '}
                <button
                  type="button"
                  onClick={() => a.breakpointToggled(b)}
                  aria-label={`Remove breakpoint: ${breakpointLabel(b)}`}
                >
                  Remove
                </button>
              </li>
            ))}
        </ul>
      )}
      <RangeForm />
      <div className="bp-nav">
        <button type="button" onClick={() => a.breakpointSought(-1)} disabled={bps.length === 0}>
          Previous breakpoint
        </button>
        <button type="button" onClick={() => a.breakpointSought(1)} disabled={bps.length === 0}>
          Next breakpoint
        </button>
        {bps.length > 0 && (
          <button type="button" onClick={a.breakpointsCleared}>
            Clear breakpoints
          </button>
        )}
      </div>
      <p className="muted">
        {bps.length === 0
          ? 'No breakpoints.'
          : `${hits.length} step${hits.length === 1 ? '' : 's'} hit: ${hits.slice(0, 12).join(', ')}${hits.length > 12 ? ', …' : ''}`}
      </p>
    </div>
  );
}

/** A breakpoint on an address range, typed as the scenario names addresses (`p`, `4*PAGE`). */
function RangeForm() {
  const state = useApp(selectState);
  const { breakpointToggled, statusShown } = useActions();
  const [start, setStart] = useState('');
  const [length, setLength] = useState('PAGE');
  if (!state) return null;
  const names = addrNames(state.bindings);
  const ps = state.machine.pageSize;
  return (
    <form
      className="bp-range"
      onSubmit={(e) => {
        e.preventDefault();
        const a = parseAddress(start, names, ps);
        const n = parseAddress(length, names, ps);
        if (a === null || n === null || n <= 0) {
          statusShown('Cannot read that range: use names such as p, p+0x2000, 4*PAGE');
          return;
        }
        const label = `${symbolize(a, names)}..+${n.toString(16).replace(/^/, '0x')}`;
        breakpointToggled({ kind: 'range', proc: null, start: a, end: a + n, label });
        statusShown(`Breakpoint toggled on ${label}`);
      }}
    >
      <label>
        Break on range from{' '}
        <input
          value={start}
          onChange={(e) => setStart(e.target.value)}
          size={10}
          placeholder="p"
          spellCheck={false}
        />
      </label>{' '}
      <label>
        length{' '}
        <input
          value={length}
          onChange={(e) => setLength(e.target.value)}
          size={8}
          spellCheck={false}
        />
      </label>{' '}
      <button type="submit">Add range breakpoint</button>
    </form>
  );
}
