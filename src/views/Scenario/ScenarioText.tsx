/** The scenario's text form, read-only (the Editor is the editable view; this one never loads CodeMirror). */
import { useApp } from '../../store/react';

export function ScenarioText() {
  const source = useApp((s) => s.source);
  const notes = useApp((s) => s.doc.notes);
  return (
    <div>
      {notes && <p className="notes">{notes}</p>}
      <pre className="scenario-text" aria-label="Scenario text">
        {source}
      </pre>
    </div>
  );
}
