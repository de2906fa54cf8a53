import { useEffect } from 'react';
import { useAppStore } from '../store/react';
import { identifyLesson } from './boot';
import { decodeState, encodeState } from './link';
import { openLink } from './lessons';

/**
 * Keeps the URL fragment in step with the view (document or lesson, cursor, selection, panels,
 * mode, breakpoints), so
 * the address bar is always a link to this exact moment. Debounced: encoding deflates the
 * document. Nothing is written until the user changes something, so a plain URL stays plain on
 * load.
 */
export function useUrlSync(): void {
  const store = useAppStore();
  useEffect(() => {
    let timer = 0;
    const unsub = store.subscribe((s, prev) => {
      if (
        s.doc === prev.doc &&
        s.lessonId === prev.lessonId &&
        s.cursor === prev.cursor &&
        s.selection === prev.selection &&
        s.panels === prev.panels &&
        s.classroom === prev.classroom &&
        s.breakpoints === prev.breakpoints
      )
        return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        try {
          const hash = `#${encodeState(store.getState())}`;
          if (hash !== window.location.hash) history.replaceState(history.state, '', hash);
        } catch {
          // a document too large for a URL stays out of it; Share says so
        }
      }, 250);
    });
    // A link pasted over this one changes only the fragment: the page does not reload, so open it.
    const onHash = async () => {
      const link = decodeState(window.location.hash);
      if (!link) return;
      const s = store.getState();
      if ('error' in link) {
        s.statusShown(link.error);
        return;
      }
      if (`#${encodeState(s)}` === window.location.hash) return;
      // The run may still be going: the cursor and selection are placed once the run reaches them.
      if (link.doc) {
        s.scenarioLoaded(link.doc, {
          origin: 'link',
          notice: link.notice,
          lessonId: null,
          cursor: link.cursor,
          selection: link.selection,
        });
        void identifyLesson(store);
      } else {
        const opened = await openLink(link);
        if ('error' in opened) {
          s.statusShown(opened.error);
          return;
        }
        s.scenarioLoaded(opened.doc, {
          origin: 'link',
          notice: opened.notice,
          lessonId: opened.lessonId,
          cursor: link.cursor,
          selection: link.selection,
        });
      }
      for (const [k, v] of Object.entries(link.panels))
        s.panelToggled(k as keyof typeof link.panels, v);
      s.classroomToggled(link.classroom);
      s.breakpointsCleared();
      for (const b of link.breakpoints) s.breakpointToggled(b);
    };
    const listener = () => void onHash();
    window.addEventListener('hashchange', listener);
    return () => {
      unsub();
      window.clearTimeout(timer);
      window.removeEventListener('hashchange', listener);
    };
  }, [store]);
}
