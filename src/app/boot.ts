/**
 * Builds the store for a page load: what the link carries, or the default lesson. A link that
 * names a built-in lesson waits for the lessons' chunk; any other opens at once, and is then
 * recognised as a built-in lesson in the background (identifyLesson).
 */
import { DEFAULT_LESSON_ID, defaultLesson } from '../lessons/default';
import { createAppStore, type AppStore } from '../store/store';
import type { Theme } from '../store/types';
import { decodeState, type LinkState } from './link';
import { appDeps } from './services';
import { builtinFor, loadBuiltinLessons, openLink } from './lessons';

function initialTheme(params: URLSearchParams): Theme {
  const t = params.get('theme');
  if (t === 'dark' || t === 'light') return t;
  try {
    const saved = localStorage.getItem('faultline.theme');
    if (saved === 'dark' || saved === 'light') return saved;
  } catch {
    // storage may be denied (iframes, privacy modes): fall through
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Once the lessons' chunk is there: the built-in lesson the document on screen is, if it is one.
 * A plain document from a link made before lessons carried their narration becomes that lesson.
 */
export async function identifyLesson(store: AppStore): Promise<void> {
  const doc = store.getState().doc;
  const lessons = await loadBuiltinLessons().catch(() => null);
  const s = store.getState();
  if (!lessons || s.doc !== doc || s.lessonId) return;
  const found = builtinFor(doc, lessons);
  if (!found) return;
  s.scenarioLoaded(found.doc, { origin: s.origin, lessonId: found.id, keepCursor: true });
}

export async function bootStore(loc: Pick<Location, 'search' | 'hash'>): Promise<AppStore> {
  const params = new URLSearchParams(loc.search);
  const link = decodeState(loc.hash);
  const ui = {
    embed: params.has('embed'),
    // `?present` opened the presentation mode, which the classroom mode replaced.
    classroom: params.has('present') || params.has('classroom'),
    theme: initialTheme(params),
  };
  const fromLink = (
    l: LinkState,
    doc: LinkState['doc'] & object,
    lessonId: string | null,
    notice: string | null,
  ) =>
    createAppStore(appDeps, {
      doc,
      origin: 'link',
      lessonId,
      notice,
      ui: {
        ...ui,
        classroom: ui.classroom || l.classroom,
        cursor: l.cursor,
        selection: l.selection,
        panels: l.panels,
        breakpoints: l.breakpoints,
      },
    });
  let error: string | null = link && 'error' in link ? link.error : null;
  if (link && !('error' in link)) {
    if (link.doc) {
      const store = fromLink(link, link.doc, null, link.notice);
      void identifyLesson(store);
      return store;
    }
    const opened = await openLink(link);
    if ('doc' in opened) return fromLink(link, opened.doc, opened.lessonId, opened.notice);
    error = opened.error;
  }
  return createAppStore(appDeps, {
    doc: defaultLesson,
    origin: 'default',
    lessonId: DEFAULT_LESSON_ID,
    notice: error,
    ui,
  });
}
