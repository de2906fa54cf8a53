/**
 * The type scale for classroom mode's memory map: the largest in [min, max] at which `fits(s)`
 * holds (the map's natural height fits the height it is given, and its page cells stay wide
 * enough for their words). `fits` must hold below a scale where it holds; `min` is taken even
 * when nothing fits (the map then scrolls inside its own region, never the page).
 */
export function fitScale(fits: (scale: number) => boolean, min = 1, max = 2): number {
  if (fits(max)) return max;
  if (!fits(min)) return min;
  let lo = min;
  let hi = max;
  // Eight halvings: within 0.004 of the exact scale, far below a pixel of type.
  for (let i = 0; i < 8; i++) {
    const mid = (lo + hi) / 2;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo * 100) / 100;
}
