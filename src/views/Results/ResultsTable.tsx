/**
 * Every executed step and its result (format section 5) in a table: the first page's proof that
 * the engine runs in the browser, and the accessible text alternative to the timeline. The row
 * at the cursor is marked; activating a row moves the cursor there.
 */
import { memo, useMemo } from 'react';
import { useActions, useApp } from '../../store/react';
import { resultParts, resultStatus } from '../../store/selectors/result-text';
import { stepAtPath, stepText } from '../../store/selectors/step-text';
import type { StepResult } from '../../store/engine';
import { hiddenPaths } from '../../store/lesson';

/** Past this many steps the table shows a window around the cursor (a run can have 10^6 steps). */
const WINDOW = 200;

export function ResultsTable() {
  const run = useApp((s) => s.run);
  const steps = useApp((s) => s.index?.steps ?? 0);
  const doc = useApp((s) => s.doc);
  const cursor = useApp((s) => s.cursor);
  const answers = useApp((s) => s.answers);
  const hidden = useMemo(() => hiddenPaths(doc, answers), [doc, answers]);
  const { cursorMoved } = useActions();
  // The window moves in half-window strides, so stepping does not re-read it every step.
  const from =
    steps > WINDOW
      ? Math.max(
          1,
          Math.min(
            steps - WINDOW + 1,
            Math.floor(cursor / (WINDOW / 2)) * (WINDOW / 2) - WINDOW / 2 + 1,
          ),
        )
      : 1;
  const to = Math.min(steps, from + WINDOW - 1);
  const rows = useMemo(() => {
    const out: { r: StepResult; call: string }[] = [];
    run?.scan(from, to, (_seq, recs) => {
      for (const r of recs) out.push({ r, call: callText(doc, r) });
    });
    return out;
  }, [run, doc, from, to]);
  if (!run) return <p>No run to show.</p>;
  return (
    <div className="results-scroll">
      {steps > WINDOW && (
        <p className="muted">
          Showing steps {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of{' '}
          {steps.toLocaleString('en-US')} (around the cursor).
        </p>
      )}
      <table className="results">
        <caption className="visually-hidden">Each executed step and its result</caption>
        <thead>
          <tr>
            <th scope="col">seq</th>
            <th scope="col">proc/thread</th>
            <th scope="col">call</th>
            <th scope="col">result</th>
            <th scope="col">state</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ r, call }, i) => (
            <Row
              key={`${from}-${i}`}
              r={r}
              call={call}
              current={!r.resumed && r.seq === cursor}
              hidden={hidden.has(r.path)}
              onGo={cursorMoved}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function callText(doc: Parameters<typeof stepAtPath>[0], r: StepResult): string {
  const step = stepAtPath(doc, r.path);
  return step ? stepText(step) : r.do;
}

const Row = memo(function Row(props: {
  r: StepResult;
  call: string;
  current: boolean;
  /** A lesson's question hides this step's result until it is answered. */
  hidden: boolean;
  onGo: (seq: number) => void;
}) {
  const { r, call, current, hidden, onGo } = props;
  const parts = resultParts(r);
  return (
    <tr aria-current={current ? 'step' : undefined} className={current ? 'current' : undefined}>
      <td>
        <button
          type="button"
          className="link-button"
          onClick={() => onGo(r.seq)}
          aria-label={`Go to step ${r.seq}`}
        >
          {r.seq}
        </button>
      </td>
      <td>
        {r.proc}/{r.thread}
      </td>
      <td>
        <code>{call}</code>
      </td>
      <td>
        {hidden ? (
          <span className="muted">hidden until you answer its question</span>
        ) : parts.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          parts.map((p, i) => (
            <span key={i} className="result-part">
              <span className="result-label">{p.label}</span> <code>{p.value}</code>
            </span>
          ))
        )}
      </td>
      <td>{hidden ? '' : resultStatus(r)}</td>
    </tr>
  );
});
