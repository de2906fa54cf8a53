/**
 * Classroom mode: the layout for a projector. The memory picture large, the step's narration and
 * explanation beside it in large type, and the step controls; anything else only when the teacher
 * opens it ("Show"), in a drawer over the narration's column, so the page never scrolls at 1280×720 or
 * 1920×1080. Keys: PageDown/PageUp, Space and the arrows step (a presentation clicker sends
 * these), F full screen, Escape leaves (keyboard.ts); a mouse click never takes those keys away.
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { useActions, useApp } from '../store/react';
import { selectStepPosition, selectSteps } from '../store/select';
import { sliderValueText } from '../store/selectors/position';
import type { ClassroomExtra } from '../store/types';
import { Region } from './Region';
import { Explanation } from '../views/Explanation/Explanation';
import { AddressSpace } from '../views/AddressSpace/AddressSpace';
import { Frames } from '../views/Frames/Frames';
import { MappingsTable } from '../views/MemoryMap/MappingsTable';
import { PageWalk } from '../views/PageWalk/PageWalk';
import { Lanes } from '../views/Timeline/Lanes';
import { Inspector } from '../views/Inspector/Inspector';
import { TagGranules } from '../views/TagGranules/TagGranules';
import { Editor } from '../views/Editor/Editor';
import { StepPosition } from '../views/common/StepPosition';
import { useFitText } from '../views/common/useFitText';
import { toggleFullscreen } from './fullscreen';
import { ClassroomMap } from './ClassroomMap';

export const CLASSROOM_EXTRAS: { id: ClassroomExtra; label: string }[] = [
  { id: 'walk', label: 'Page-table walk' },
  { id: 'mappings', label: 'Mappings table' },
  { id: 'space', label: 'Address space' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'frames', label: 'Physical frames' },
  { id: 'granules', label: 'Tag granules' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'editor', label: 'Editor' },
];

/**
 * A mouse click on a bar button or on the map does its work without taking the keyboard focus, so
 * the clicker's next key still steps: Space on a focused "Full screen" button would leave full
 * screen, an arrow on the focused map would move its selection. Tab still reaches both, and there
 * the keys keep their own meaning.
 */
function keepClickerKeys(e: MouseEvent) {
  const t = e.target;
  if (!(t instanceof Element)) return;
  // "Show" keeps the focus: Escape must close its popover, not leave the mode.
  const button = t.closest('.classroom-bar button:not([aria-expanded])');
  if (button || t.closest('.classroom-memmap canvas')) e.preventDefault();
}

export function Classroom() {
  const extras = useApp((s) => s.classroomExtras);
  return (
    <div className="classroom" onMouseDownCapture={keepClickerKeys}>
      <ClassroomBar />
      <main className={extras.length > 0 ? 'classroom-main with-extras' : 'classroom-main'}>
        <div className="classroom-map">
          <ClassroomMap />
        </div>
        <Region name="Explanation" className="classroom-explain">
          <FittedExplanation />
        </Region>
        {extras.length > 0 && (
          <div className="classroom-drawer">
            {extras.map((x) => (
              <Extra key={x} id={x} />
            ))}
          </div>
        )}
      </main>
    </div>
  );
}

/** The explanation in the largest type that fits its column without a scrollbar. */
function FittedExplanation() {
  const box = useRef<HTMLDivElement>(null);
  const cursor = useApp((s) => s.cursor);
  const runId = useApp((s) => s.runId);
  const eventIndex = useApp((s) => s.eventIndex);
  useFitText(box, `${runId}:${cursor}:${eventIndex}`, true);
  return (
    <div ref={box} className="fit-box">
      <Explanation />
    </div>
  );
}

function Extra({ id }: { id: ClassroomExtra }) {
  const { classroomExtraToggled } = useActions();
  const label = CLASSROOM_EXTRAS.find((x) => x.id === id)!.label;
  const close = (
    <button type="button" onClick={() => classroomExtraToggled(id, false)}>
      Close {label}
    </button>
  );
  switch (id) {
    case 'walk':
      return (
        <Region name="Page-table walk" className="classroom-extra" tools={close}>
          <PageWalk />
        </Region>
      );
    case 'mappings':
      return (
        <Region name="Mappings table" className="classroom-extra" tools={close}>
          <MappingsTable />
        </Region>
      );
    case 'space':
      return (
        <Region name="Address space" className="classroom-extra" tools={close}>
          <AddressSpace />
        </Region>
      );
    case 'timeline':
      return (
        <Region name="Timeline" className="classroom-extra" tools={close}>
          <Lanes />
        </Region>
      );
    case 'frames':
      return (
        <Region name="Physical frames" className="classroom-extra" tools={close}>
          <Frames />
        </Region>
      );
    case 'granules':
      return (
        <Region name="Tag granules" className="classroom-extra" tools={close}>
          <TagGranules />
        </Region>
      );
    case 'inspector':
      return (
        <Region name="Inspector" className="classroom-extra" tools={close}>
          <Inspector />
        </Region>
      );
    case 'editor':
      return (
        <Region name="Editor" className="classroom-extra" tools={close}>
          <Editor />
        </Region>
      );
  }
}

function ClassroomBar() {
  const title = useApp((s) => s.doc.title);
  const steps = useApp(selectSteps);
  const cursor = useApp((s) => s.cursor);
  const playing = useApp((s) => s.playing);
  const speed = useApp((s) => s.speed);
  const theme = useApp((s) => s.theme);
  const position = useApp(selectStepPosition);
  const extras = useApp((s) => s.classroomExtras);
  const a = useActions();
  const [showOpen, setShowOpen] = useState(false);
  const [full, setFull] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const on = () => setFull(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  // Playback ticks here: the Timeline region, which ticks in the app layout, is not mounted.
  useEffect(() => {
    if (!playing) return;
    const id = window.setInterval(() => a.playTicked(), 1000 / speed);
    return () => window.clearInterval(id);
  }, [playing, speed, a]);

  return (
    <header className="classroom-bar">
      <h1>
        faultline <span className="doc-title">{title ?? 'Untitled scenario'}</span>
      </h1>
      <div className="classroom-steps" role="toolbar" aria-label="Playback">
        <button
          type="button"
          onClick={a.steppedBack}
          disabled={cursor === 0}
          aria-keyshortcuts="PageUp ArrowLeft"
        >
          <span aria-hidden="true">◀ </span>Step back
        </button>
        <input
          className="scrubber"
          type="range"
          aria-label="Timeline"
          min={0}
          max={steps}
          step={1}
          value={cursor}
          aria-valuetext={sliderValueText(position, cursor, steps)}
          onChange={(e) => a.cursorMoved(Number(e.target.value))}
        />
        <span className="step-count" aria-hidden="true">
          {cursor} / {steps}
        </span>
        <button
          type="button"
          onClick={a.steppedForward}
          disabled={cursor >= steps}
          aria-keyshortcuts="PageDown Space ArrowRight"
        >
          Step forward<span aria-hidden="true"> ▶</span>
        </button>
        {playing ? (
          <button type="button" onClick={a.playPaused}>
            Pause
          </button>
        ) : (
          <button type="button" onClick={a.playStarted} disabled={steps === 0}>
            Play
          </button>
        )}
      </div>
      <p className="classroom-position">
        <StepPosition />
      </p>
      <div className="classroom-tools">
        <div
          className="popover-anchor"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && showOpen) {
              e.stopPropagation();
              setShowOpen(false);
            }
          }}
        >
          <button
            type="button"
            aria-expanded={showOpen}
            aria-controls="classroom-show"
            onClick={() => setShowOpen(!showOpen)}
          >
            Show
          </button>
          <fieldset id="classroom-show" className="popover classroom-show" hidden={!showOpen}>
            <legend className="visually-hidden">Views to show beside the lesson</legend>
            {CLASSROOM_EXTRAS.map((x) => (
              <label key={x.id}>
                <input
                  type="checkbox"
                  checked={extras.includes(x.id)}
                  onChange={(e) => a.classroomExtraToggled(x.id, e.target.checked)}
                />{' '}
                {x.label}
              </label>
            ))}
          </fieldset>
        </div>
        <button
          type="button"
          aria-pressed={theme === 'dark'}
          onClick={() => a.themeChanged(theme === 'dark' ? 'light' : 'dark')}
        >
          Dark theme
        </button>
        <button
          type="button"
          aria-pressed={full}
          aria-keyshortcuts="F"
          onClick={() => void toggleFullscreen()}
        >
          Full screen
        </button>
        <button
          type="button"
          aria-pressed={true}
          aria-keyshortcuts="Escape"
          onClick={() => a.classroomToggled(false)}
          title="Leave classroom mode (Escape)"
        >
          Classroom
        </button>
      </div>
    </header>
  );
}
