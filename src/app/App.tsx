/**
 * The app's layout: header, the views as named regions, and the keyboard. Each view subscribes to
 * the store on its own; App itself re-renders only when the mode or panels change.
 */
import { useApp } from '../store/react';
import { Region } from './Region';
import { ResultsTable } from '../views/Results/ResultsTable';
import { ScenarioText } from '../views/Scenario/ScenarioText';

export function App() {
  const title = useApp((s) => s.doc.title);
  const docError = useApp((s) => s.docError);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          faultline <span className="doc-title">{title ?? 'Untitled scenario'}</span>
        </h1>
      </header>
      {docError && (
        <p role="alert" className="error">
          {docError.where ? `${docError.where}: ` : ''}
          {docError.message}
        </p>
      )}
      <main className="layout">
        <Region name="Scenario" className="area-scenario">
          <ScenarioText />
        </Region>
        <Region name="Results" className="area-results">
          <ResultsTable />
        </Region>
      </main>
    </div>
  );
}
