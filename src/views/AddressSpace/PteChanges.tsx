/**
 * The PTEs the step at the cursor changed, as buttons that select each page: what the ▼ marks on
 * the canvas say, in words and reachable by keyboard.
 */
import { useActions } from '../../store/react';
import type { StepChanges } from '../../store/selectors/changes';
import { symbolize, type NamedAddr } from '../../store/selectors/symbols';

const SHOWN = 8;

export function PteChanges({
  changes,
  names,
}: {
  changes: StepChanges;
  names: readonly NamedAddr[];
}) {
  const { selectionChanged } = useActions();
  const list = changes.ptes;
  if (list.length === 0) return null;
  const more = list.length - SHOWN + changes.ptesMore;
  return (
    <div className="touched" aria-label="Page-table entries this step changed" role="group">
      <span className="muted">
        <span aria-hidden="true">▼ </span>This step:{' '}
      </span>
      {list.slice(0, SHOWN).map((c) => (
        <button
          key={`${c.proc}:${c.addr}`}
          type="button"
          className="chip"
          onClick={() => selectionChanged({ kind: 'page', proc: c.proc, addr: c.addr })}
        >
          {c.proc} {symbolize(c.addr, names)}: {c.what}
        </button>
      ))}
      {more > 0 && <span className="muted">and {more.toLocaleString('en-US')} more PTEs</span>}
    </div>
  );
}
