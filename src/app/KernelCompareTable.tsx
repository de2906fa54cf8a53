/**
 * The compare dialog's content: two kernel lines, then every executed step with its result on
 * each, a step whose records differ marked (≠, and its row highlighted). Choosing a step's number
 * moves the cursor there. What differs between the lines, with sources: docs/kernel-versions.md.
 */
import { useEffect, useState } from 'react';
import { useApp, useAppStore } from '../store/react';
import type { CompareRow, KernelComparison } from '../store/selectors/kernel-compare';
import { resultParts, resultStatus } from '../store/selectors/result-text';
import { stepAtPath, stepText } from '../store/selectors/step-text';
import type { StepResult } from '../store/engine';
import { DEFAULT_KERNEL, KERNEL_VERSIONS, type KernelVersion } from '../scenario/types';
import type { CompareReply, CompareRequest } from './compare.worker';

/** Longer runs are compared with the CLI (`faultline run` with each kernel), not in the page. */
const MAX_RECORDS = 20_000;

function resultText(r: StepResult | undefined): string {
  if (!r) return '(no such step)';
  const parts = resultParts(r).map((p) => `${p.label} ${p.value}`);
  const status = resultStatus(r);
  return [...parts, status].filter(Boolean).join(', ') || '—';
}

function KernelSelect(props: {
  label: string;
  value: KernelVersion;
  onChange: (k: KernelVersion) => void;
}) {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as KernelVersion)}>
        {KERNEL_VERSIONS.map((k) => (
          <option key={k} value={k}>
            Linux {k}
          </option>
        ))}
      </select>
    </label>
  );
}

export default function KernelCompareTable(props: { onGo: () => void }) {
  const doc = useApp((s) => s.doc);
  const records = useApp((s) => s.run?.steps ?? 0);
  const store = useAppStore();
  const own = doc.machine?.kernel ?? DEFAULT_KERNEL;
  const [a, setA] = useState<KernelVersion>(own);
  const [b, setB] = useState<KernelVersion>(own === '6.1' ? DEFAULT_KERNEL : '6.1');
  const tooLong = records > MAX_RECORDS;
  // Both runs happen in a worker of their own (compare.worker.ts): the page stays responsive, and
  // a choice made while a compare runs ends that worker and starts another.
  const [reply, setReply] = useState<CompareReply | null>(null);
  useEffect(() => {
    setReply(null);
    if (tooLong) return;
    const worker = new Worker(new URL('./compare.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (e: MessageEvent<CompareReply>) => {
      setReply(e.data);
      worker.terminate();
    });
    worker.addEventListener('error', () => setReply({ failed: 'its Web Worker did not load' }));
    worker.postMessage({ doc, a, b } satisfies CompareRequest);
    return () => worker.terminate();
  }, [doc, a, b, tooLong]);
  const result: KernelComparison | null = reply && 'result' in reply ? reply.result : null;
  const go = (row: CompareRow) => {
    store.getState().cursorMoved(row.seq);
    props.onGo();
  };
  return (
    <div className="kernel-compare">
      <p className="kernel-compare-pick">
        <KernelSelect label="Left" value={a} onChange={setA} />{' '}
        <KernelSelect label="Right" value={b} onChange={setB} />
      </p>
      {tooLong ? (
        <p>
          This run has {records.toLocaleString('en-US')} steps, too many to compare here: run it
          with <code>faultline run</code> once per kernel.
        </p>
      ) : reply && 'failed' in reply ? (
        <p role="alert">The comparison could not run: {reply.failed}.</p>
      ) : result === null ? (
        <p role="status">
          Running the scenario on Linux {a} and Linux {b}…
        </p>
      ) : (
        <>
          <p role="status">
            {result.differing === 0
              ? `Every step gives the same result on Linux ${a} and Linux ${b}.`
              : `${result.differing} of ${result.rows.length} steps differ between Linux ${a} and Linux ${b}.`}
          </p>
          {(result.errors.a || result.errors.b) && (
            <p className="muted">
              {result.errors.a && `Linux ${a} stopped: ${result.errors.a}. `}
              {result.errors.b && `Linux ${b} stopped: ${result.errors.b}.`}
            </p>
          )}
          <div className="results-scroll">
            <table className="results kernel-compare-table">
              <caption className="visually-hidden">
                Each executed step on Linux {a} and Linux {b}
              </caption>
              <thead>
                <tr>
                  <th scope="col">seq</th>
                  <th scope="col">call</th>
                  <th scope="col">Linux {a}</th>
                  <th scope="col">Linux {b}</th>
                  <th scope="col">
                    <span className="visually-hidden">differs</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => {
                  const step = stepAtPath(doc, row.path);
                  return (
                    <tr
                      key={`${row.seq}${row.resumed ? 'r' : ''}`}
                      className={row.differs ? 'differs' : undefined}
                    >
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => go(row)}
                          aria-label={`Go to step ${row.seq}`}
                        >
                          {row.seq}
                        </button>
                      </td>
                      <td>
                        <code>{step ? stepText(step) : (row.a ?? row.b)?.do}</code>
                      </td>
                      <td>{resultText(row.a)}</td>
                      <td>{resultText(row.b)}</td>
                      <td>{row.differs ? <span title="the results differ">≠</span> : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
