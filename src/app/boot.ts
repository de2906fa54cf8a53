/** Builds the store for a page load: what the link carries, or the default scenario. */
import { defaultScenario } from '../lessons/default';
import { createAppStore, type AppStore } from '../store/store';
import type { Theme } from '../store/types';
import { decodeState } from './link';
import { appDeps } from './services';
import { DEFAULT_LESSON_ID, lessonForDoc } from './lessons';

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

export function bootStore(loc: Pick<Location, 'search' | 'hash'>): AppStore {
  const params = new URLSearchParams(loc.search);
  const link = decodeState(loc.hash);
  const ui = {
    embed: params.has('embed'),
    // `?present` opened the presentation mode, which the classroom mode replaced.
    classroom: params.has('present') || params.has('classroom'),
    theme: initialTheme(params),
  };
  if (link && 'doc' in link) {
    return createAppStore(appDeps, {
      doc: link.doc,
      origin: 'link',
      lessonId: lessonForDoc(link.doc)?.id ?? null,
      notice: link.notice,
      ui: {
        ...ui,
        classroom: ui.classroom || link.classroom,
        cursor: link.cursor,
        selection: link.selection,
        panels: link.panels,
        breakpoints: link.breakpoints,
      },
    });
  }
  return createAppStore(appDeps, {
    doc: defaultScenario,
    origin: 'default',
    lessonId: DEFAULT_LESSON_ID,
    notice: link && 'error' in link ? link.error : null,
    ui,
  });
}
