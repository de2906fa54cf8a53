/**
 * The Editor region. CodeMirror arrives in its own chunk (with the text form's printer); if it
 * fails to load, the scenario is shown read-only, so it is always visible.
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useActions, useApp } from '../../store/react';
import { isLesson } from '../../scenario/lesson';

const CodeEditor = lazy(() => import('./CodeEditor'));

/** While CodeMirror loads: the text as typed, or a note (the printer arrives with the editor). */
function Loading() {
  const source = useApp((s) => s.source);
  return source === null ? (
    <p className="scenario-text muted" role="status">
      Loading the editor…
    </p>
  ) : (
    <pre className="scenario-text" aria-label="Scenario text">
      {source}
    </pre>
  );
}

/** If the editor's chunk fails to load: the scenario as typed, or as JSON. */
function PlainText() {
  const source = useApp((s) => s.source);
  const doc = useApp((s) => s.doc);
  return (
    <pre className="scenario-text" aria-label="Scenario text">
      {source ?? JSON.stringify(doc, null, 2)}
    </pre>
  );
}

class Fallback extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <PlainText /> : this.props.children;
  }
}

export function Editor() {
  const docError = useApp((s) => s.docError);
  const hasRun = useApp((s) => s.run !== null);
  const notes = useApp((s) => s.doc.notes);
  const lesson = useApp((s) => isLesson(s.doc));
  const { studentPreviewToggled } = useActions();
  return (
    <div className="editor">
      {notes && <p className="notes">{notes}</p>}
      {lesson && (
        <p className="editor-lesson">
          <button type="button" onClick={() => studentPreviewToggled(true)}>
            Preview as a student
          </button>{' '}
          <span className="muted">
            from the first step, questions unanswered, this editor (which shows the answers) closed
          </span>
        </p>
      )}
      <Fallback>
        <Suspense fallback={<Loading />}>
          <CodeEditor />
        </Suspense>
      </Fallback>
      <p className="editor-status" role="status">
        {docError
          ? `Error${docError.where ? ` at ${docError.where}` : ''}: ${docError.message}${hasRun ? ' — the last good run stays on screen.' : ''}`
          : 'The scenario runs as you type.'}
      </p>
    </div>
  );
}
