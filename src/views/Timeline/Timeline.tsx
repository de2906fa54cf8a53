/**
 * The Timeline region: transport controls, the "Timeline" slider (its value is the current step's
 * seq), and the lanes: one per thread, grouped by process, with each step's marker, blocked bars,
 * uffd message arrows and breakpoint hits. Dragging on the lanes scrubs.
 */
import { useEffect } from 'react';
import { useActions, useApp } from '../../store/react';
import { SPEEDS } from '../../store/store';
import { selectStepPosition, selectSteps } from '../../store/select';
import { sliderValueText } from '../../store/selectors/position';
import { Lanes } from './Lanes';

export function Timeline() {
  const steps = useApp(selectSteps);
  const cursor = useApp((s) => s.cursor);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const a = useActions();

  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => a.playTicked(), 1000 / speed);
    return () => window.clearInterval(id);
  }, [playing, speed, a]);

  const position = useApp(selectStepPosition);
  const valueText = sliderValueText(position, cursor, steps);

  return (
    <div className="timeline">
      <div className="transport" role="toolbar" aria-label="Playback">
        <button
          type="button"
          onClick={a.wentToStart}
          disabled={cursor === 0}
          aria-keyshortcuts="Home"
        >
          <span aria-hidden="true">|◀ </span>Go to start
        </button>
        <button
          type="button"
          onClick={a.steppedBack}
          disabled={cursor === 0}
          aria-keyshortcuts="ArrowLeft"
        >
          <span aria-hidden="true">◀ </span>Step back
        </button>
        {playing ? (
          <button type="button" onClick={a.playPaused} aria-keyshortcuts="Space">
            <span aria-hidden="true">❚❚ </span>Pause
          </button>
        ) : (
          <button
            type="button"
            onClick={a.playStarted}
            disabled={steps === 0}
            aria-keyshortcuts="Space"
          >
            <span aria-hidden="true">▶ </span>Play
          </button>
        )}
        <button
          type="button"
          onClick={a.steppedForward}
          disabled={cursor >= steps}
          aria-keyshortcuts="ArrowRight"
        >
          Step forward<span aria-hidden="true"> ▶</span>
        </button>
        <button
          type="button"
          onClick={a.wentToEnd}
          disabled={cursor >= steps}
          aria-keyshortcuts="End"
        >
          Go to end<span aria-hidden="true"> ▶|</span>
        </button>
        <button
          type="button"
          onClick={a.eventSteppedBack}
          disabled={cursor === 0}
          aria-keyshortcuts="Shift+ArrowLeft"
        >
          Previous event
        </button>
        <button
          type="button"
          onClick={a.eventSteppedForward}
          disabled={cursor >= steps}
          aria-keyshortcuts="Shift+ArrowRight"
        >
          Next event
        </button>
        <label className="speed">
          Speed{' '}
          <select value={speed} onChange={(e) => a.speedChanged(Number(e.target.value))}>
            {SPEEDS.map((v) => (
              <option key={v} value={v}>
                {v} steps/s
              </option>
            ))}
          </select>
        </label>
        <span className="step-count" aria-hidden="true">
          {cursor} / {steps}
        </span>
      </div>
      <input
        className="scrubber"
        type="range"
        aria-label="Timeline"
        min={0}
        max={steps}
        step={1}
        value={cursor}
        aria-valuetext={valueText}
        onChange={(e) => a.cursorMoved(Number(e.target.value))}
      />
      <Lanes />
    </div>
  );
}
