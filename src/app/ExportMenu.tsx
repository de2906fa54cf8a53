/** The Export menu: a disclosure of buttons, each one download. */
import { useState } from 'react';
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
  const [open, setOpen] = useState(false);
  const run = (fn: (s: ReturnType<typeof store.getState>) => void | Promise<void>) => () => {
    setOpen(false);
    void fn(store.getState());
  };
  return (
    <div className="export-menu">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="export-items"
        onClick={() => setOpen(!open)}
      >
        Export
      </button>
      <div
        id="export-items"
        className="export-items"
        role="group"
        aria-label="Export formats"
        hidden={!open}
      >
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
            setOpen(false);
            void exportC(store.getState()).then((msg) =>
              statusShown(msg ?? 'C program downloaded'),
            );
          }}
        >
          C program
        </button>
      </div>
    </div>
  );
}
