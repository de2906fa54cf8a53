/**
 * The app's view state in the URL fragment, through the scenario module's one codec (design habit
 * 12): the document, the cursor, the selection and the open panels. Link text is only ever
 * rendered as text.
 */
import { decodeScenarioLink, encodeScenarioLink, LESSON_REF } from '../scenario/url';
import { docHash } from '../scenario/lesson';
import { FORMAT_VERSION } from '../scenario/types';
import { ENGINE_SEMANTICS } from '../store/engine';

/** The semantics this build shows a link under: the format's version and the engine's. */
export const SEMANTICS = `f${FORMAT_VERSION}-${ENGINE_SEMANTICS}`;
import type { ScenarioDocument } from '../store/engine';
import { DEFAULT_PANELS } from '../store/store';
import type { AppState, BreakKind, Breakpoint, PanelId, Selection } from '../store/types';
import { BREAK_KINDS } from '../store/breakpoints';

export interface LinkState {
  /** The document the link carries; absent when it names a built-in lesson (`lesson`). */
  doc?: ScenarioDocument;
  /** A built-in lesson, by id and version (docHash of its document). */
  lesson?: { id: string; version: string };
  cursor: number;
  selection: Selection | null;
  panels: Record<PanelId, boolean>;
  classroom: boolean;
  breakpoints: Breakpoint[];
  notice: string | null;
}

/**
 * What a link carries of the view. An unedited built-in lesson (`lessonId`) is named, not carried:
 * its narration would make the link too long to share (issue 12: at most 2,000 characters).
 */
export type LinkedView = Pick<
  AppState,
  'doc' | 'cursor' | 'selection' | 'panels' | 'classroom' | 'breakpoints'
> & { lessonId?: string | null };

/** The panels every link before the page-table walk knew; `panels` lists the open ones of these. */
const V1_PANELS: readonly string[] = ['editor', 'inspector', 'counters', 'granules', 'results'];

export function encodeState(s: LinkedView): string {
  const ids = Object.keys(s.panels) as PanelId[];
  return encodeScenarioLink({
    ...(s.lessonId ? { lesson: `${s.lessonId}@${docHash(s.doc)}` } : { doc: s.doc }),
    cursor: s.cursor,
    selection: s.selection ?? undefined,
    panels: ids.filter((p) => s.panels[p]),
    hidden: ids.filter((p) => !s.panels[p]),
    ...(s.classroom ? { mode: 'classroom' } : {}),
    ...(s.breakpoints.length > 0 ? { breakpoints: s.breakpoints } : {}),
    semantics: SEMANTICS,
  });
}

/** A link to this exact view: same page, the state in the fragment, `embed` dropped or added. */
export function shareUrl(
  loc: Pick<Location, 'origin' | 'pathname' | 'search'>,
  s: LinkedView,
  mode: 'app' | 'embed' = 'app',
): string {
  const params = new URLSearchParams(loc.search);
  params.delete('embed');
  // `present` (the old presentation mode) now travels in the fragment as the classroom mode.
  params.delete('present');
  if (mode === 'embed') params.set('embed', '');
  const q = params.toString().replace(/=(&|$)/g, '$1');
  const view = mode === 'embed' ? { ...s, classroom: false } : s;
  return `${loc.origin}${loc.pathname}${q ? `?${q}` : ''}#${encodeState(view)}`;
}

function asSelection(v: unknown): Selection | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const num = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (o.kind === 'frame' && num(o.pfn)) return { kind: 'frame', pfn: o.pfn as number };
  if (o.kind === 'page' && typeof o.proc === 'string' && num(o.addr)) {
    // A byte inside the page (at most a 64 KiB page's last), else the page alone.
    const offset = num(o.offset) && (o.offset as number) < 65536 ? (o.offset as number) : 0;
    return offset > 0
      ? { kind: 'page', proc: o.proc, addr: o.addr as number, offset }
      : { kind: 'page', proc: o.proc, addr: o.addr as number };
  }
  if (o.kind === 'granule' && typeof o.proc === 'string' && num(o.addr) && num(o.granule))
    return { kind: 'granule', proc: o.proc, addr: o.addr as number, granule: o.granule as number };
  return null;
}

const isAddr = (x: unknown): x is number =>
  typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const shortText = (x: unknown): x is string => typeof x === 'string' && x.length <= 200;

/** A breakpoint from a link, or null when it is not one this version knows (dropped, not fatal). */
export function asBreakpoint(v: unknown): Breakpoint | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.kind === 'event' && BREAK_KINDS.some((k) => k.on === o.on))
    return { kind: 'event', on: o.on as BreakKind };
  if (
    o.kind === 'range' &&
    (o.proc === null || shortText(o.proc)) &&
    isAddr(o.start) &&
    isAddr(o.end) &&
    o.end > o.start &&
    shortText(o.label)
  )
    return {
      kind: 'range',
      proc: o.proc as string | null,
      start: o.start,
      end: o.end,
      label: o.label,
    };
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
  const { hidden, panels: open } = d.payload;
  if (hidden) {
    for (const k of Object.keys(panels) as PanelId[]) panels[k] = !hidden.includes(k);
  } else if (open) {
    // A link from before `hidden`: it lists the open panels among those it knew; a panel added
    // since keeps its default.
    for (const k of Object.keys(panels) as PanelId[])
      if (V1_PANELS.includes(k)) panels[k] = open.includes(k);
  }
  const breakpoints = (d.payload.breakpoints ?? [])
    .map(asBreakpoint)
    .filter((b): b is Breakpoint => b !== null);
  const ref = d.payload.lesson ? LESSON_REF.exec(d.payload.lesson) : null;
  return {
    ...(d.payload.doc ? { doc: d.payload.doc } : {}),
    ...(ref ? { lesson: { id: ref[1]!, version: ref[2]! } } : {}),
    cursor: d.payload.cursor ?? 0,
    selection: asSelection(d.payload.selection),
    panels,
    classroom: d.payload.mode === 'classroom',
    breakpoints,
    notice: d.semanticsMismatch
      ? `This link was made under faultline semantics ${d.semanticsMismatch.link}; this version runs ${d.semanticsMismatch.current}. The results shown are this version's and may differ from what its author saw.`
      : null,
  };
}
