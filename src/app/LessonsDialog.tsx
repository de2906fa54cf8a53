import { useActions, useApp } from '../store/react';
import { Dialog } from './Dialog';
import { LESSONS, DEFAULT_LESSON_ID } from './lessons';

const LEVELS = {
  intro: 'Introduction',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
} as const;

export function LessonsDialog() {
  const open = useApp((s) => s.lessonsOpen);
  const current = useApp((s) => s.lessonId);
  const { lessonsToggled, scenarioLoaded } = useActions();
  return (
    <Dialog open={open} title="Lessons" onClose={() => lessonsToggled(false)}>
      {(Object.keys(LEVELS) as (keyof typeof LEVELS)[]).map((level) => {
        const list = LESSONS.filter((l) => l.level === level);
        if (list.length === 0) return null;
        return (
          <section key={level} aria-label={LEVELS[level]}>
            <h3 className="lesson-level">{LEVELS[level]}</h3>
            <ul className="lessons">
              {list.map((l) => (
                <li key={l.id}>
                  <button
                    type="button"
                    aria-current={l.id === current ? 'true' : undefined}
                    onClick={() =>
                      scenarioLoaded(l.doc, {
                        origin: l.id === DEFAULT_LESSON_ID ? 'default' : 'lesson',
                        lessonId: l.id,
                        notice: null,
                      })
                    }
                  >
                    {l.title}
                  </button>
                  {l.requires && <span className="muted"> (needs {l.requires})</span>}
                  <p className="muted">{l.summary}</p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Dialog>
  );
}
