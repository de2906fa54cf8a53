/**
 * The step's changes in words, in the order its events made them; while Shift+arrows walk the
 * events, the current event's part is marked here as it is on the map.
 */
import { useMemo } from 'react';
import { useApp } from '../../store/react';
import { selectState, selectOrderedChanges } from '../../store/select';
import { addrNames } from '../../store/selectors/symbols';
import { changeSentences } from './text';

const SHOWN = 12;

export function ChangeList() {
  const changes = useApp(selectOrderedChanges);
  const state = useApp(selectState);
  const eventIndex = useApp((s) => s.eventIndex);
  const cursor = useApp((s) => s.cursor);
  const names = useMemo(() => (state ? addrNames(state.bindings) : []), [state]);
  const { sentences: shown, total } = useMemo(
    () => changeSentences(changes, names, SHOWN),
    [changes, names],
  );
  if (cursor === 0)
    return <p className="memmap-changes muted">Before the first step: nothing has changed yet.</p>;
  if (total === 0)
    return (
      <p className="memmap-changes muted">This step changed no page table entry and no frame.</p>
    );
  return (
    <div className="memmap-changes">
      <p className="memmap-changes-head">
        {changes.complete ? 'This step:' : 'This step (the first changes of many):'}
      </p>
      <ol aria-label="What this step changed">
        {shown.map((s, k) => (
          <li
            key={k}
            className={eventIndex !== null && s.phase === eventIndex ? 'current-event' : ''}
            aria-current={eventIndex !== null && s.phase === eventIndex ? 'step' : undefined}
          >
            {s.text}
          </li>
        ))}
      </ol>
      {total > shown.length && <p className="muted">and {total - shown.length} more changes</p>}
    </div>
  );
}
