/**
 * Breakpoints: stop on event kinds (any fault, copy-on-write, uffd message, blocked thread,
 * signal, tag mismatch) or on a page; run forward or back to the next hit. Hits are also marked
 * on the timeline.
 */
import { useActions, useApp } from '../../store/react';
import { BREAK_KINDS, breakpointLabel } from '../../store/breakpoints';
import { selectHits } from '../../store/select';

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
                <button type="button" onClick={() => a.breakpointToggled(b)} aria-label={`Remove breakpoint: ${breakpointLabel(b)}`}>
                  Remove
                </button>
              </li>
            ))}
        </ul>
      )}
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
        {bps.length === 0 ? 'No breakpoints.' : `${hits.length} step${hits.length === 1 ? '' : 's'} hit: ${hits.slice(0, 12).join(', ')}${hits.length > 12 ? ', …' : ''}`}
      </p>
    </div>
  );
}
