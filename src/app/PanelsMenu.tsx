/**
 * Which optional panels are open. The choice travels in share links (the URL codec's `panels`),
 * so a teacher can send a link that opens on just the views a lesson needs.
 */
import { useRef, useState } from 'react';
import { useActions, useApp } from '../store/react';
import type { PanelId } from '../store/types';
import { useKeepInView } from './useKeepInView';

const LABELS: Record<PanelId, string> = {
  editor: 'Editor',
  inspector: 'Inspector',
  granules: 'Tag granules',
  counters: 'Counters',
  results: 'Results',
  walk: 'Page-table walk',
};

export function PanelsMenu() {
  const panels = useApp((s) => s.panels);
  const { panelToggled } = useActions();
  const [open, setOpen] = useState(false);
  const items = useRef<HTMLFieldSetElement>(null);
  useKeepInView(items, open);
  return (
    <div className="export-menu">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="panels-items"
        onClick={() => setOpen(!open)}
      >
        Panels
      </button>
      <fieldset ref={items} id="panels-items" className="export-items" hidden={!open}>
        <legend className="visually-hidden">Panels to show</legend>
        {(Object.keys(LABELS) as PanelId[]).map((p) => (
          <label key={p}>
            <input
              type="checkbox"
              checked={panels[p]}
              onChange={(e) => panelToggled(p, e.target.checked)}
            />{' '}
            {LABELS[p]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
