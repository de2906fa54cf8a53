/**
 * While a run is still going (in the engine's worker), a line that says how far it is and a
 * button that stops it. The steps made so far can be stepped through meanwhile; stopping keeps
 * them (issue 9: long runs show progress and can be cancelled).
 */
import { useActions, useApp } from '../store/react';

export function RunProgress() {
  const running = useApp((s) => s.running);
  const progress = useApp((s) => s.progress);
  const stopped = useApp((s) => s.stopped);
  const { runCancelled } = useActions();
  if (!running)
    return stopped ? (
      <p className="run-progress" role="status">
        {stopped} Its steps up to there can be viewed.
      </p>
    ) : null;
  return (
    <div className="run-progress" role="status" aria-live="polite">
      <span className="run-progress-spinner" aria-hidden="true" />
      <span className="run-progress-text">
        Running: {progress || 'starting'}. The steps so far can be viewed while it goes on.
      </span>
      <button type="button" onClick={runCancelled}>
        Stop the run
      </button>
    </div>
  );
}
