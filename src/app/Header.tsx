/** The app's chrome: title, Lessons, Share, export, panels, classroom mode, theme and help. */
import { useActions, useApp } from '../store/react';
import { ShareButton } from './ShareButton';
import { ExportMenu } from './ExportMenu';
import { PanelsMenu } from './PanelsMenu';
import { KernelPicker } from './KernelPicker';
import { KernelCompare } from './KernelCompare';

export function Header() {
  const title = useApp((s) => s.doc.title);
  const theme = useApp((s) => s.theme);
  const a = useActions();
  return (
    <header className="app-header">
      <h1>
        faultline <span className="doc-title">{title ?? 'Untitled scenario'}</span>
      </h1>
      <div className="header-tools">
        <KernelPicker />
        <KernelCompare />
        <button type="button" onClick={() => a.lessonsToggled(true)}>
          Lessons
        </button>
        <ShareButton />
        <ExportMenu />
        <PanelsMenu />
        <button
          type="button"
          aria-pressed={false}
          onClick={() => a.classroomToggled(true)}
          title="A layout for a projector: the memory large, the narration in large type"
        >
          Classroom
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
