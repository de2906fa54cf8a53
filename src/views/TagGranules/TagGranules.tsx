/**
 * The Tag granules region (arm64 MTE): the selected page's granules, 16 bytes each, coloured by
 * allocation tag on a canvas this view owns; the pointer tag of the access at the cursor, and a
 * mismatch marked on the granule where it happened. Tag numbers on demand. Without MTE it only
 * says so: the picture's code is not part of a first view that has no tags (issue 9, target 6).
 */
import { lazy, Suspense } from 'react';
import { useApp } from '../../store/react';
import { selectEvents, selectState } from '../../store/select';

/** The picture (Granules.tsx) loads when a machine with MTE first shows it. */
const Granules = lazy(() => import('./Granules'));

export function TagGranules() {
  const state = useApp(selectState);
  const events = useApp(selectEvents);
  const selection = useApp((s) => s.selection);
  if (!state) return <p className="muted">No run.</p>;
  if (!state.machine.mte) {
    return (
      <p className="muted">
        No MTE: this scenario’s machine is {state.machine.arch} without memory tagging. Tags exist
        on arm64 with
        <code> &quot;mte&quot;: true</code>.
      </p>
    );
  }
  return (
    <Suspense fallback={<p className="muted">Loading the tag granules…</p>}>
      <Granules state={state} events={events} selection={selection} />
    </Suspense>
  );
}
