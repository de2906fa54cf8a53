/**
 * Export: the views as PNG and SVG, a filmstrip of steps, and the scenario as JSON, text and C.
 * Everything is made in the page and handed to the browser as a download; nothing is uploaded.
 */
import { serializeJson } from '../scenario/serialize';
import type { AppState } from '../store/types';
import { recordAt } from '../store/run-index';
import { selectHits } from '../store/select';
import { addrNames } from '../store/selectors/symbols';
import { stepAtPath, stepText } from '../store/selectors/step-text';
import { PAGE_KIND_NAMES } from '../store/selectors/pages';
import { PAGE_STYLES, cssColor } from '../views/common/kinds';
import { baseScale } from '../views/AddressSpace/layout';
import { canvasHeight, drawAddressSpace, type Palette } from '../views/AddressSpace/draw';
import { drawRows, runAxis } from '../views/AddressSpace/model';
import { addressSpaceSvg } from '../views/AddressSpace/svg';
import { symbolize } from '../store/selectors/symbols';

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName(s: AppState): string {
  const t = (s.doc.title ?? 'scenario')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `faultline-${t || 'scenario'}`;
}

function palette(): Palette {
  const el = document.documentElement;
  return {
    kinds: PAGE_KIND_NAMES.map((k) => cssColor(el, PAGE_STYLES[k].cssVar)),
    wp: cssColor(el, '--k-wp'),
    blocked: cssColor(el, '--k-blocked'),
    fg: cssColor(el, '--fg'),
    muted: cssColor(el, '--muted'),
    bg: cssColor(el, '--panel'),
    sel: cssColor(el, '--sel'),
    hover: cssColor(el, '--hover'),
    border: cssColor(el, '--border'),
  };
}

export function exportJson(s: AppState): void {
  download(`${baseName(s)}.json`, serializeJson(s.doc), 'application/json');
}

/** The document in the text form (the printer is loaded on demand, as the editor loads it). */
export async function exportText(s: AppState): Promise<void> {
  const { printText } = await import('../scenario/text-print');
  download(`${baseName(s)}.fl`, printText(s.doc));
}

/** C from the cross-check's generator, loaded only when asked for; a refusal is said, not thrown. */
export async function exportC(s: AppState): Promise<string | null> {
  const { generateC } = await import('../crosscheck/generate');
  try {
    download(`${baseName(s)}.c`, generateC(s.doc), 'text/x-c');
    return null;
  } catch (err) {
    return `C export: ${err instanceof Error ? err.message : String(err)}`;
  }
}

export function exportSpacePng(s: AppState): void {
  const canvas = document.querySelector<HTMLCanvasElement>('.space-canvas');
  canvas?.toBlob((b) => b && download(`${baseName(s)}-step${s.cursor}.png`, b));
}

export function exportSpaceSvg(s: AppState): void {
  const run = s.run;
  if (!run || !s.index) return;
  const state = run.stateAt(Math.min(s.cursor, run.steps));
  const svg = addressSpaceSvg(
    runAxis(s.index, run.finalState),
    drawRows(state, addrNames(state.bindings)),
    palette().kinds,
    1200,
    `${s.doc.title ?? ''} — step ${s.cursor}`,
  );
  download(`${baseName(s)}-step${s.cursor}.svg`, svg, 'image/svg+xml');
}

/** The timeline's SVG with its CSS resolved inline, so the file looks the same outside the app. */
export function exportTimelineSvg(s: AppState): void {
  const svg = document.querySelector<SVGSVGElement>('.lanes-svg');
  if (!svg) return;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = svg.querySelectorAll<SVGElement>('*');
  const dst = clone.querySelectorAll<SVGElement>('*');
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const d = dst[i]!;
    for (const p of [
      'fill',
      'stroke',
      'stroke-width',
      'stroke-dasharray',
      'opacity',
      'font-size',
      'font-family',
    ]) {
      d.style.setProperty(p, cs.getPropertyValue(p));
    }
  });
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.removeAttribute('aria-hidden');
  download(
    `${baseName(s)}-timeline.svg`,
    new XMLSerializer().serializeToString(clone),
    'image/svg+xml',
  );
}

/** Which steps a filmstrip shows: the breakpoint hits if any, else up to `max` evenly spaced. */
export function filmstripSteps(steps: number, hits: readonly number[], max = 12): number[] {
  if (hits.length > 0) return hits.slice(0, max);
  if (steps <= max) return Array.from({ length: steps }, (_, i) => i + 1);
  return Array.from({ length: max }, (_, i) => Math.round(((i + 1) * steps) / max));
}

export function exportFilmstrip(s: AppState): void {
  const run = s.run;
  if (!run || !s.index || run.steps === 0) return;
  const width = 1000;
  const pal = palette();
  const axis = runAxis(s.index, run.finalState);
  const frames = filmstripSteps(s.index.steps, selectHits(s));
  const states = frames.map((k) => run.stateAt(k));
  const heights = states.map((st) => canvasHeight(st.procOrder.length) + 22);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = heights.reduce((a, b) => a + b, 0);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = pal.bg;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let y = 0;
  frames.forEach((k, i) => {
    const st = states[i]!;
    const names = addrNames(st.bindings);
    const r = recordAt(run, s.index!, k);
    const step = r ? stepAtPath(s.doc, r.path) : null;
    ctx.fillStyle = pal.fg;
    ctx.font = 'bold 13px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillText(`Step ${k}${step ? `: ${stepText(step)}` : ''}`, 4, y + 11);
    ctx.save();
    ctx.translate(0, y + 22);
    drawAddressSpace(ctx, {
      width,
      axis,
      scale: baseScale(axis, width),
      rows: drawRows(st, names),
      palette: pal,
      selected: null,
      related: [],
      hover: [],
      name: (a) => symbolize(a, names),
    });
    ctx.restore();
    y += heights[i]!;
  });
  canvas.toBlob((b) => b && download(`${baseName(s)}-filmstrip.png`, b));
}
