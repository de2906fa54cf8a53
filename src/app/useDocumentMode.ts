import { useEffect } from 'react';
import { useApp } from '../store/react';

/**
 * The theme and the classroom mode as attributes of <html>, where the stylesheet's palettes key on
 * them; the theme is remembered. Runs in every layout (app, embed, classroom).
 */
export function useDocumentMode(): void {
  const theme = useApp((s) => s.theme);
  const classroom = useApp((s) => s.classroom && !s.embed);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('faultline.theme', theme);
    } catch {
      // not persisted where storage is denied
    }
  }, [theme]);
  useEffect(() => {
    document.documentElement.dataset.classroom = String(classroom);
  }, [classroom]);
}
