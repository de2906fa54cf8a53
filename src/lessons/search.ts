/**
 * The gallery's search, apart from catalog.ts so that the first view (which shows the gallery's
 * button, not its lessons) does not load the text parser the catalog reads lesson files with.
 */
import type { BuiltinLesson } from './catalog';

/** Whether a lesson matches a search: every word of the query in its title, intro, tags or id. */
export function matchesSearch(l: BuiltinLesson, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [l.id, l.title, l.intro, ...l.tags, l.level].join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}
