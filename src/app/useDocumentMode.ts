import { useLayoutEffect } from 'react';
import { useApp } from '../store/react';

/**
 * The theme and the classroom mode as attributes of <html>, where the stylesheet's palettes key on
 * them; the theme is remembered. Runs in every layout (app, embed, classroom). Layout effects, so
 * that the attributes are in place before any view's effect paints a canvas with the palette
 * they select (views/common/kinds.ts paletteKey).
 */
export function useDocumentMode(): void {
  const theme = useApp((s) => s.theme);
  const classroom = useApp((s) => s.classroom && !s.embed);
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('faultline.theme', theme);
    } catch {
      // not persisted where storage is denied
    }
  }, [theme]);
  useLayoutEffect(() => {
    document.documentElement.dataset.classroom = String(classroom);
  }, [classroom]);
}
