/**
 * The URL codec (design habit 12): a scenario and the view around it, in the URL fragment.
 *
 *   v1.<base64url(deflate(JSON payload))>
 *
 * The prefix versions the codec itself. Every prefix ever shipped stays in DECODERS forever, so
 * an old link keeps opening. Decoding is decode → migrate → validate, and never throws: a hostile
 * link (bad base64, a zip bomb, wrong JSON, deep nesting) gives one error message. A link made
 * under other semantics says so (`semanticsMismatch`) rather than silently showing something else.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { ScenarioError, type ScenarioDocument } from './types';
import { validateDocument } from './validate';
import { decodeBase64url, encodeBase64url } from './base64url';

/** The format's semantics and the engine's; bump the engine part when results change meaning. */
export const CURRENT_SEMANTICS = 'f1-e1';
export const CURRENT_LINK_PREFIX = 'v1';
/** A link longer than this is not one a person shares; refuse it before decoding. */
export const MAX_LINK_LENGTH = 1024 * 1024;
/** Inflated payloads above this are refused (a zip bomb stops here). */
export const MAX_INFLATED_BYTES = 1024 * 1024;
const MAX_SELECTION_DEPTH = 32;
/** A built-in lesson in a link: its id, `@`, its version (docHash). */
export const LESSON_REF = /^([a-z0-9]+(?:-[a-z0-9]+)*)@([0-9a-f]{8})$/;
const MAX_PANELS = 64;
const MAX_BREAKPOINTS = 256;

export interface LinkPayload {
  /** The document; absent when `lesson` names an unedited built-in lesson instead. */
  doc?: ScenarioDocument;
  /**
   * A built-in lesson by id and version (`zero-page@1a2b3c4d`: docHash of its document), in place
   * of `doc`: the app opens that lesson, saying so when it has changed since the link was made.
   * A lesson's narration would make its link too long to share; an edited lesson carries `doc`.
   */
  lesson?: string;
  /** The timeline index the viewer was on. */
  cursor?: number;
  /** What was selected (plain JSON, owned by the views). */
  selection?: unknown;
  /** The open panels (every link since v1). */
  panels?: string[];
  /**
   * The closed panels. Links since the page-table walk say which panels are closed, so a panel
   * added later opens by default in an older link; a reader that knows `hidden` prefers it.
   */
  hidden?: string[];
  /** How the view is laid out: absent for the app, "classroom" for the projector layout. */
  mode?: string;
  /** Breakpoints (plain JSON, owned by the store; checked there, bounded here). */
  breakpoints?: unknown[];
  /** The semantics the link was made under, e.g. "f1-e1". */
  semantics: string;
}

export type DecodedLink =
  | { ok: true; payload: LinkPayload; semanticsMismatch?: { link: string; current: string } }
  | { ok: false; error: string };

export function encodeScenarioLink(payload: LinkPayload): string {
  const bytes = strToU8(JSON.stringify(payload));
  return `${CURRENT_LINK_PREFIX}.${encodeBase64url(deflateSync(bytes, { level: 9 }))}`;
}

/** Inflates with a cap, feeding small slices so no single step can allocate much past it. */
function inflateCapped(data: Uint8Array, cap: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > cap) throw new Error(`the link inflates to more than ${cap} bytes`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  const SLICE = 1024;
  for (let i = 0; i < data.length; i += SLICE) {
    inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  }
  if (data.length === 0) inflater.push(new Uint8Array(0), true);
  if (!ended) throw new Error('the compressed data ends early');
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** Every codec prefix ever shipped → its decoder to the JSON payload. Never remove an entry. */
export const DECODERS: Readonly<Record<string, (body: string) => unknown>> = {
  v1: (body) => JSON.parse(strFromU8(inflateCapped(decodeBase64url(body), MAX_INFLATED_BYTES))),
};

function depthWithin(v: unknown, limit: number): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (limit === 0) return false;
  return Object.values(v).every((c) => depthWithin(c, limit - 1));
}

function checkPayload(json: unknown): LinkPayload {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ScenarioError('link', 'the link does not hold a scenario');
  }
  const p = json as Record<string, unknown>;
  if (typeof p.semantics !== 'string' || p.semantics.length > 100) {
    throw new ScenarioError('link.semantics', 'missing or not a version string');
  }
  const payload: LinkPayload = { semantics: p.semantics };
  if (p.lesson !== undefined) {
    if (typeof p.lesson !== 'string' || !LESSON_REF.test(p.lesson))
      throw new ScenarioError(
        'link.lesson',
        'expected a built-in lesson such as "zero-page@1a2b3c4d"',
      );
    payload.lesson = p.lesson;
  }
  if (p.doc !== undefined || p.lesson === undefined) payload.doc = validateDocument(p.doc);
  if (p.cursor !== undefined) {
    if (typeof p.cursor !== 'number' || !Number.isSafeInteger(p.cursor) || p.cursor < 0) {
      throw new ScenarioError('link.cursor', 'expected a non-negative integer');
    }
    payload.cursor = p.cursor;
  }
  if (p.selection !== undefined) {
    if (!depthWithin(p.selection, MAX_SELECTION_DEPTH)) {
      throw new ScenarioError('link.selection', `nested deeper than ${MAX_SELECTION_DEPTH} levels`);
    }
    payload.selection = p.selection;
  }
  if (p.panels !== undefined) {
    const ok =
      Array.isArray(p.panels) &&
      p.panels.length <= MAX_PANELS &&
      p.panels.every((x) => typeof x === 'string' && x.length <= 100);
    if (!ok) throw new ScenarioError('link.panels', 'expected a short list of panel names');
    payload.panels = p.panels as string[];
  }
  if (p.hidden !== undefined) {
    const ok =
      Array.isArray(p.hidden) &&
      p.hidden.length <= MAX_PANELS &&
      p.hidden.every((x) => typeof x === 'string' && x.length <= 100);
    if (!ok) throw new ScenarioError('link.hidden', 'expected a short list of panel names');
    payload.hidden = p.hidden as string[];
  }
  if (p.mode !== undefined) {
    if (typeof p.mode !== 'string' || p.mode.length > 40)
      throw new ScenarioError('link.mode', 'expected a mode name such as "classroom"');
    payload.mode = p.mode;
  }
  if (p.breakpoints !== undefined) {
    if (!Array.isArray(p.breakpoints) || p.breakpoints.length > MAX_BREAKPOINTS)
      throw new ScenarioError(
        'link.breakpoints',
        `expected a list of at most ${MAX_BREAKPOINTS} breakpoints`,
      );
    if (!depthWithin(p.breakpoints, MAX_SELECTION_DEPTH))
      throw new ScenarioError(
        'link.breakpoints',
        `nested deeper than ${MAX_SELECTION_DEPTH} levels`,
      );
    payload.breakpoints = p.breakpoints;
  }
  return payload;
}

/** Decodes a fragment (with or without its leading `#`); never throws. */
export function decodeScenarioLink(
  fragment: string,
  currentSemantics: string = CURRENT_SEMANTICS,
): DecodedLink {
  try {
    if (typeof fragment !== 'string') return { ok: false, error: 'the link is not text' };
    const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
    if (text.length > MAX_LINK_LENGTH)
      return { ok: false, error: `the link is longer than ${MAX_LINK_LENGTH} characters` };
    const dot = text.indexOf('.');
    const prefix = dot < 0 ? '' : text.slice(0, dot);
    if (!Object.hasOwn(DECODERS, prefix)) {
      return {
        ok: false,
        error: `not a faultline link (unknown codec "${prefix.slice(0, 20)}"; this version reads ${Object.keys(DECODERS).join(', ')})`,
      };
    }
    let json: unknown;
    try {
      json = DECODERS[prefix]!(text.slice(dot + 1));
    } catch (err) {
      return {
        ok: false,
        error: `the link is damaged: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    const payload = checkPayload(json);
    if (payload.semantics !== currentSemantics) {
      return {
        ok: true,
        payload,
        semanticsMismatch: { link: payload.semantics, current: currentSemantics },
      };
    }
    return { ok: true, payload };
  } catch (err) {
    if (err instanceof ScenarioError) {
      const where =
        err.where.startsWith('link') || err.where === '' ? err.where : `link.doc.${err.where}`;
      return { ok: false, error: where ? `${where}: ${err.detail}` : err.detail };
    }
    return {
      ok: false,
      error: `the link cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
