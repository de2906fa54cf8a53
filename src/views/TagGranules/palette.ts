/**
 * Sixteen MTE tags need sixteen colours that stay apart for colour-blind viewers. No palette of
 * sixteen hues does that, so the colour is never alone: each cell can show its tag's hex digit
 * ("Show tag numbers"), and the palette pairs 8 Okabe–Ito/Tol hues with a light and a dark
 * lightness, so tags that share a hue differ strongly in lightness.
 */
export const TAG_COLORS: readonly string[] = [
  '#f2f2f2', // 0: untagged memory: near white
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#595959',
  '#8a5a00',
  '#1d6f99',
  '#00563f',
  '#9c9400',
  '#003a5c',
  '#7a3800',
  '#7d3b66',
];

/** Text colour with enough contrast on each tag colour. */
export function tagTextColor(tag: number): string {
  return tag === 0 || [1, 2, 3, 4, 6, 7].includes(tag) ? '#111' : '#fff';
}

/** Granules of a page and the grid they are drawn in (16 bytes each: 256 for 4 KiB, 16×16). */
export function granuleGrid(pageSize: number): { count: number; cols: number } {
  const count = pageSize / 16;
  return { count, cols: Math.round(Math.sqrt(count)) };
}

export function tagOf(tags: string | null, granule: number): number {
  if (!tags) return 0;
  const ch = tags[granule];
  return ch ? parseInt(ch, 16) : 0;
}
