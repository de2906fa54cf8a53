/**
 * The app's view state in the URL fragment, through the scenario module's one codec (design habit
 * 12): the document, the cursor, the selection and the open panels. Link text is only ever
 * rendered as text.
 */
import { decodeScenarioLink, encodeScenarioLink } from '../scenario/url';
import { FORMAT_VERSION } from '../scenario/types';
import { ENGINE_SEMANTICS } from '../store/engine';

/** The semantics this build shows a link under: the format's version and the engine's. */
export const SEMANTICS = `f${FORMAT_VERSION}-${ENGINE_SEMANTICS}`;
import type { ScenarioDocument } from '../store/engine';
import { DEFAULT_PANELS } from '../store/store';
import type { AppState, PanelId, Selection } from '../store/types';

export interface LinkState {
  doc: ScenarioDocument;
  cursor: number;
  selection: Selection | null;
  panels: Record<PanelId, boolean>;
  notice: string | null;
}

export function encodeState(s: Pick<AppState, 'doc' | 'cursor' | 'selection' | 'panels'>): string {
  return encodeScenarioLink({
    doc: s.doc,
    cursor: s.cursor,
    selection: s.selection ?? undefined,
    panels: (Object.keys(s.panels) as PanelId[]).filter((p) => s.panels[p]),
    semantics: SEMANTICS,
  });
}

/** A link to this exact view: same page, the state in the fragment, `embed` dropped or added. */
export function shareUrl(
  loc: Pick<Location, 'origin' | 'pathname' | 'search'>,
  s: Pick<AppState, 'doc' | 'cursor' | 'selection' | 'panels'>,
  mode: 'app' | 'embed' = 'app',
): string {
  const params = new URLSearchParams(loc.search);
  params.delete('embed');
  if (mode === 'embed') params.set('embed', '');
  const q = params.toString().replace(/=(&|$)/g, '$1');
  return `${loc.origin}${loc.pathname}${q ? `?${q}` : ''}#${encodeState(s)}`;
}

function asSelection(v: unknown): Selection | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (o.kind === 'frame' && num(o.pfn)) return { kind: 'frame', pfn: o.pfn as number };
  if (o.kind === 'page' && typeof o.proc === 'string' && num(o.addr))
    return { kind: 'page', proc: o.proc, addr: o.addr as number };
  if (o.kind === 'granule' && typeof o.proc === 'string' && num(o.addr) && num(o.granule))
    return { kind: 'granule', proc: o.proc, addr: o.addr as number, granule: o.granule as number };
  return null;
}

/** Reads a fragment; null when there is none. A bad link gives the default document and a notice. */
export function decodeState(hash: string): LinkState | { error: string } | null {
  const text = hash.replace(/^#/, '');
  if (!text) return null;
  const d = decodeScenarioLink(text, SEMANTICS);
  if (!d.ok)
    return { error: `This link could not be opened: ${d.error}. Showing the default scenario.` };
  const panels = { ...DEFAULT_PANELS };
  if (d.payload.panels) {
    for (const k of Object.keys(panels) as PanelId[]) panels[k] = d.payload.panels.includes(k);
  }
  return {
    doc: d.payload.doc,
    cursor: d.payload.cursor ?? 0,
    selection: asSelection(d.payload.selection),
    panels,
    notice: d.semanticsMismatch
      ? `This link was made under faultline semantics ${d.semanticsMismatch.link}; this version runs ${d.semanticsMismatch.current}. The results shown are this version's and may differ from what its author saw.`
      : null,
  };
}
