/**
 * The Export menu: a disclosure of buttons, each one download. The exporters (export.ts, with the
 * SVG writer) load on the first click: they are not needed to show the first view (issue 9 target 6).
 */
import { useRef, useState } from 'react';
import { useAppStore, useActions } from '../store/react';
import type { AppState } from '../store/types';
import { useKeepInView } from './useKeepInView';

type Exporters = typeof import('./export');
const exporters = (): Promise<Exporters> => import('./export');

export function ExportMenu() {
  const store = useAppStore();
  const { statusShown } = useActions();
  const [open, setOpen] = useState(false);
  const items = useRef<HTMLDivElement>(null);
  useKeepInView(items, open);
  const run = (pick: (e: Exporters) => (s: AppState) => void | Promise<void>) => () => {
    setOpen(false);
    const s = store.getState();
    void exporters().then((e) => pick(e)(s));
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
        ref={items}
        id="export-items"
        className="export-items"
        role="group"
        aria-label="Export formats"
        hidden={!open}
      >
        <button type="button" onClick={run((e) => e.exportSpacePng)}>
          Address space PNG
        </button>
        <button type="button" onClick={run((e) => e.exportSpaceSvg)}>
          Address space SVG
        </button>
        <button type="button" onClick={run((e) => e.exportTimelineSvg)}>
          Timeline SVG
        </button>
        <button type="button" onClick={run((e) => e.exportFilmstrip)}>
          Filmstrip PNG
        </button>
        <button type="button" onClick={run((e) => e.exportJson)}>
          Scenario JSON
        </button>
        <button type="button" onClick={run((e) => e.exportText)}>
          Scenario text
        </button>
        <button
          type="button"
          onClick={() => {
            setOpen(false);
            const s = store.getState();
            void exporters()
              .then((e) => e.exportC(s))
              .then((msg) => statusShown(msg ?? 'C program downloaded'));
          }}
        >
          C program
        </button>
      </div>
    </div>
  );
}
