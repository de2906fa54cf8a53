/** The embed mode's only chrome: the title and a link that opens this exact view in the full app. */
import { useMemo } from 'react';
import { useApp } from '../store/react';
import { shareUrl } from './link';

export function EmbedBar() {
  const title = useApp((s) => s.doc.title);
  const doc = useApp((s) => s.doc);
  const cursor = useApp((s) => s.cursor);
  const selection = useApp((s) => s.selection);
  const panels = useApp((s) => s.panels);
  const breakpoints = useApp((s) => s.breakpoints);
  const lessonId = useApp((s) => s.lessonId);
  // Follows the cursor and selection, so the link always carries the view on screen.
  const href = useMemo(
    () =>
      shareUrl(window.location, {
        doc,
        cursor,
        selection,
        panels,
        breakpoints,
        classroom: false,
        lessonId,
      }),
    [doc, cursor, selection, panels, breakpoints, lessonId],
  );
  return (
    <header className="embed-bar">
      <span className="embed-title">{title ?? 'faultline'}</span>
      <a href={href} target="_blank" rel="noopener noreferrer">
        Open in faultline
      </a>
    </header>
  );
}
