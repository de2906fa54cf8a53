/**
 * The app's layout: the header, the views as named regions, dialogs and the keyboard. Each view
 * subscribes to the store on its own; App re-renders only when the mode or the panels change.
 * `?embed` drops the chrome for slides and iframes and links back to the full app.
 */
import { lazy, Suspense } from 'react';
import { useApp, useActions } from '../store/react';
import { Region } from './Region';
import { Header } from './Header';
import { HelpDialog } from './HelpDialog';
import { LessonsDialog } from './LessonsDialog';
import { EmbedBar } from './EmbedBar';
import { StatusLine } from './StatusLine';
import { RunProgress } from './RunProgress';
import { useKeyboard } from './useKeyboard';
import { useDocumentMode } from './useDocumentMode';
import { useUrlSync } from './useUrlSync';
import { MemoryMap } from '../views/MemoryMap/MemoryMap';
import { useLessonProgress } from './useLessonProgress';
import { Timeline } from '../views/Timeline/Timeline';
import { AddressSpace } from '../views/AddressSpace/AddressSpace';
import { Frames } from '../views/Frames/Frames';
import { TagGranules } from '../views/TagGranules/TagGranules';
import { Explanation } from '../views/Explanation/Explanation';
import { Inspector } from '../views/Inspector/Inspector';
import { Counters } from '../views/Counters/Counters';
import { Breakpoints } from '../views/Breakpoints/Breakpoints';
import { Editor } from '../views/Editor/Editor';
import { ResultsTable } from '../views/Results/ResultsTable';
import { PageWalk } from '../views/PageWalk/PageWalk';
import type { PanelId } from '../store/types';

// The projector layout loads when classroom mode is first turned on, not with the first view.
const Classroom = lazy(() => import('./Classroom').then((m) => ({ default: m.Classroom })));

export function App() {
  useKeyboard();
  useUrlSync();
  useDocumentMode();
  useLessonProgress();
  const embed = useApp((s) => s.embed);
  const classroom = useApp((s) => s.classroom && !s.embed);
  const panels = useApp((s) => s.panels);
  const docError = useApp((s) => s.docError);
  const notice = useApp((s) => s.notice);
  const runNotes = useApp((s) => s.run?.notes);
  const studentPreview = useApp((s) => s.studentPreview);
  const { noticeDismissed, studentPreviewToggled } = useActions();
  // Embed keeps what a slide needs; classroom mode has its own layout (Classroom.tsx).
  const compact = embed;
  const show = (p: PanelId) => panels[p] && !compact;

  if (classroom) {
    return (
      <div className="app classroom-app">
        {notice && <Notice text={notice} onDismiss={noticeDismissed} />}
        <Suspense fallback={<p role="status">Opening classroom mode…</p>}>
          <Classroom />
        </Suspense>
        <StatusLine />
        <HelpDialog />
        <LessonsDialog />
      </div>
    );
  }

  return (
    <div className={`app${embed ? ' embed' : ''}`}>
      {embed ? <EmbedBar /> : <Header />}
      {notice && <Notice text={notice} onDismiss={noticeDismissed} />}
      {docError && !show('editor') && (
        <p role="alert" className="error">
          {docError.where ? `${docError.where}: ` : ''}
          {docError.message}
        </p>
      )}
      {runNotes && runNotes.length > 0 && (
        <ul className="run-notes">
          {runNotes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      {studentPreview && (
        <div className="notice preview-bar" role="status">
          <span>
            Student preview: the lesson as a student sees it. Answers given here are not kept.
          </span>
          <button type="button" onClick={() => studentPreviewToggled(false)}>
            Back to editing
          </button>
        </div>
      )}
      <RunProgress />
      <StatusLine />
      <main className="layout">
        <Region name="Memory map" position className="area-memmap">
          <MemoryMap />
        </Region>
        <Region name="Timeline" className="area-timeline">
          <Timeline />
        </Region>
        <Region name="Address space" position className="area-space">
          <AddressSpace />
        </Region>
        <Region name="Explanation" className="area-explain">
          <Explanation />
        </Region>
        <Region name="Physical frames" position className="area-frames">
          <Frames />
        </Region>
        {show('walk') && (
          <Region name="Page-table walk" className="area-walk">
            <PageWalk />
          </Region>
        )}
        {panels.inspector && (
          <Region name="Inspector" position className="area-inspector">
            <Inspector />
          </Region>
        )}
        {panels.granules && (
          <Region name="Tag granules" position className="area-granules">
            <TagGranules />
          </Region>
        )}
        {show('counters') && (
          <Region name="Counters" position className="area-counters">
            <Counters />
          </Region>
        )}
        {show('editor') && (
          <Region name="Editor" className="area-editor">
            <Editor />
          </Region>
        )}
        {!compact && (
          <Region name="Breakpoints" className="area-breakpoints">
            <Breakpoints />
          </Region>
        )}
        {show('results') && (
          <Region name="Results" className="area-results">
            <ResultsTable />
          </Region>
        )}
      </main>
      <HelpDialog />
      <LessonsDialog />
    </div>
  );
}

function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  return (
    <div className="notice" role="alert">
      <span>{text}</span>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
