import { useActions, useApp } from '../store/react';
import { Dialog } from './Dialog';
import { LESSONS } from './lessons';

export function LessonsDialog() {
  const open = useApp((s) => s.lessonsOpen);
  const current = useApp((s) => s.doc);
  const { lessonsToggled, scenarioLoaded } = useActions();
  return (
    <Dialog open={open} title="Lessons" onClose={() => lessonsToggled(false)}>
      <ul className="lessons">
        {LESSONS.map((l) => (
          <li key={l.id}>
            <button
              type="button"
              aria-current={l.doc === current ? 'true' : undefined}
              onClick={() =>
                scenarioLoaded(l.doc, {
                  origin: l.id === 'default' ? 'default' : 'lesson',
                  notice: null,
                })
              }
            >
              {l.doc.title ?? l.id}
            </button>
            {l.doc.notes && <p className="muted">{l.doc.notes}</p>}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
