/**
 * The "Memory map" region: every process's virtual pages, the physical frames, and every present
 * PTE as a link from its page to its frame (MemoryMapPicture), with its zoom controls, the step's
 * changes in words, a legend, and the "Mappings" table that says the same thing as text.
 */
import { useCallback, useState } from 'react';
import { useApp } from '../../store/react';
import { ChangeList } from './ChangeList';
import { MemoryMapLegend } from './Legend';
import { MappingsTable } from './MappingsTable';
import { MemoryMapPicture, type ZoomApi } from './MemoryMapPicture';
import './memory-map.css';

const ANIMATE_KEY = 'faultline.memmap.animate';

function initialAnimate(): boolean {
  try {
    return localStorage.getItem(ANIMATE_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function MemoryMap() {
  const [api, setApi] = useState<ZoomApi | null>(null);
  const [animate, setAnimate] = useState(initialAnimate);
  const selection = useApp((s) => s.selection);
  const onZoomApi = useCallback((a: ZoomApi | null) => setApi(() => a), []);
  return (
    <div className="memmap">
      <div className="memmap-tools">
        <button type="button" onClick={() => api?.zoomBy(2)} disabled={!api}>
          Zoom in
        </button>
        <button type="button" onClick={() => api?.zoomBy(0.5)} disabled={!api}>
          Zoom out
        </button>
        <button type="button" onClick={() => api?.reset()} disabled={!api}>
          Reset zoom
        </button>
        <button type="button" onClick={() => api?.toSelection()} disabled={!api || !selection}>
          Zoom to selection
        </button>
        <label className="memmap-animate">
          <input
            type="checkbox"
            checked={animate}
            onChange={(e) => {
              setAnimate(e.target.checked);
              try {
                localStorage.setItem(ANIMATE_KEY, e.target.checked ? 'on' : 'off');
              } catch {
                // storage may be denied; the choice lasts for this page
              }
            }}
          />{' '}
          Animate steps
        </label>
        <span className="muted memmap-hint">
          Click or arrow keys select; Enter follows a PTE; + / − zoom
        </span>
      </div>
      <MemoryMapPicture animate={animate} onZoomApi={onZoomApi} />
      <ChangeList />
      <MemoryMapLegend />
      <MappingsTable />
    </div>
  );
}
