/** The app's chrome: title, Lessons, Share, export, presentation, theme and help. */
import { useEffect } from 'react';
import { useActions, useApp } from '../store/react';
import { ShareButton } from './ShareButton';
import { ExportMenu } from './ExportMenu';
import { PanelsMenu } from './PanelsMenu';

export function Header() {
  const title = useApp((s) => s.doc.title);
  const theme = useApp((s) => s.theme);
  const presentation = useApp((s) => s.presentation);
  const a = useActions();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem('faultline.theme', theme);
    } catch {
      // not persisted where storage is denied
    }
  }, [theme]);
  useEffect(() => {
    document.documentElement.dataset.presentation = String(presentation);
  }, [presentation]);
  return (
    <header className="app-header">
      <h1>
        faultline <span className="doc-title">{title ?? 'Untitled scenario'}</span>
      </h1>
      <div className="header-tools">
        <button type="button" onClick={() => a.lessonsToggled(true)}>
          Lessons
        </button>
        <ShareButton />
        <ExportMenu />
        <PanelsMenu />
        <button type="button" aria-pressed={presentation} onClick={() => a.presentationToggled()}>
          Presentation
        </button>
        <button
          type="button"
          aria-pressed={theme === 'dark'}
          onClick={() => a.themeChanged(theme === 'dark' ? 'light' : 'dark')}
        >
          Dark theme
        </button>
        <button type="button" onClick={() => a.helpToggled(true)} aria-keyshortcuts="?">
          Help
        </button>
      </div>
    </header>
  );
}
