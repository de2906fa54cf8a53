/**
 * Classroom mode's palette (styles/classroom.css) is the one a washed-out projector must survive
 * (issue 8): saturated fills instead of the ordinary theme's pale tints, and the words the memory
 * map writes on a page or a frame (#111, palette.ts `onCell`) at 6:1 or better against each fill
 * (WCAG's AA asks 4.5:1 of normal text; a projector loses some of it). Read from the CSS the app
 * ships, as the cascade resolves it: classroom.css comes after app.css, so its rules win.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = (name: string) =>
  readFileSync(new URL(`../styles/${name}`, import.meta.url), 'utf8').replace(
    /\/\*[\s\S]*?\*\//g,
    '',
  );
const APP = css('app.css');
const CLASSROOM = css('classroom.css');

/** The custom properties of the one rule whose selector is exactly `selector`. */
function vars(sheet: string, selector: string): Record<string, string> {
  const at = sheet.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no rule ${selector}`);
  const body = sheet.slice(sheet.indexOf('{', at) + 1, sheet.indexOf('}', at));
  const out: Record<string, string> = {};
  for (const m of body.matchAll(/(--[\w-]+):\s*([^;]+);/g)) out[m[1]!] = m[2]!.trim();
  return out;
}

const base = vars(APP, ':root');
const dark = vars(APP, ":root[data-theme='dark']");
const room = vars(CLASSROOM, ":root[data-classroom='true']");
const roomDark = vars(CLASSROOM, ":root[data-classroom='true'][data-theme='dark']");
const PALETTES = {
  light: { app: { ...base }, classroom: { ...base, ...room } },
  dark: { app: { ...base, ...dark }, classroom: { ...base, ...dark, ...room, ...roomDark } },
};

function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

/** The kinds whose pages and frames carry words drawn in `onCell`. */
const LABELLED = ['zero', 'refpage', 'private', 'shared', 'shmem', 'poison'];
const ON_CELL = '#111';

describe('the classroom palette', () => {
  for (const [theme, p] of Object.entries(PALETTES)) {
    it(`${theme}: the words on every page and frame read at 6:1 or better`, () => {
      for (const kind of LABELLED) {
        const fill = p.classroom[`--k-${kind}`]!;
        expect(contrast(ON_CELL, fill), `${kind} ${fill}`).toBeGreaterThanOrEqual(6);
      }
    });

    it(`${theme}: each kind keeps a colour of its own, not the ordinary theme's`, () => {
      const fills = LABELLED.map((k) => p.classroom[`--k-${k}`]!.toLowerCase());
      expect(new Set(fills).size).toBe(LABELLED.length);
      expect(LABELLED.filter((k) => p.classroom[`--k-${k}`] === p.app[`--k-${k}`])).toEqual([]);
    });

    it(`${theme}: text, borders and highlights at full contrast`, () => {
      const bg = p.classroom['--bg']!;
      expect(contrast(p.classroom['--fg']!, bg)).toBeGreaterThanOrEqual(15);
      expect(contrast(p.classroom['--border']!, bg)).toBeGreaterThanOrEqual(15);
      expect(contrast(p.classroom['--accent']!, bg)).toBeGreaterThanOrEqual(7);
      expect(contrast(p.classroom['--sel']!, bg)).toBeGreaterThanOrEqual(4.5);
    });
  }
});
