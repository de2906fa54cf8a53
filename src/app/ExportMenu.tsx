/** The Export menu: a disclosure of buttons, each one download. */
import { useAppStore, useActions } from '../store/react';
import {
  exportC,
  exportFilmstrip,
  exportJson,
  exportSpacePng,
  exportSpaceSvg,
  exportText,
  exportTimelineSvg,
} from './export';

export function ExportMenu() {
  const store = useAppStore();
  const { statusShown } = useActions();
  const run = (fn: (s: ReturnType<typeof store.getState>) => void) => () => fn(store.getState());
  return (
    <details className="export-menu">
      <summary>Export</summary>
      <div className="export-items" role="group" aria-label="Export">
        <button type="button" onClick={run(exportSpacePng)}>
          Address space PNG
        </button>
        <button type="button" onClick={run(exportSpaceSvg)}>
          Address space SVG
        </button>
        <button type="button" onClick={run(exportTimelineSvg)}>
          Timeline SVG
        </button>
        <button type="button" onClick={run(exportFilmstrip)}>
          Filmstrip PNG
        </button>
        <button type="button" onClick={run(exportJson)}>
          Scenario JSON
        </button>
        <button type="button" onClick={run(exportText)}>
          Scenario text
        </button>
        <button
          type="button"
          onClick={() => {
            void exportC(store.getState()).then((msg) => statusShown(msg ?? 'C program downloaded'));
          }}
        >
          C program
        </button>
      </div>
    </details>
  );
}
