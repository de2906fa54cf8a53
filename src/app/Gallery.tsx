/**
 * The lessons gallery's contents (LessonsDialog.tsx): search, levels, tags, and each lesson with
 * its progress and its Open buttons. Loaded with the lessons when the dialog first opens, so none
 * of it is in the first view's JavaScript.
 */
import { useMemo, useState } from 'react';
import { useActions, useApp } from '../store/react';
import type { BuiltinLesson } from '../lessons/catalog';
import { matchesSearch } from '../lessons/search';
import { LESSON_LEVELS, type LessonLevel } from '../scenario/types';
import { progressOf } from '../store/lesson';
import { NarrationInline } from '../views/Lesson/Narration';
import { readProgress } from './useLessonProgress';

const LEVEL_NAMES: Record<LessonLevel, string> = {
  intro: 'Introduction',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

export function Gallery({ lessons }: { lessons: readonly BuiltinLesson[] }) {
  const current = useApp((s) => s.lessonId);
  const answers = useApp((s) => s.answers);
  const { scenarioLoaded, panelToggled, classroomToggled } = useActions();
  const [query, setQuery] = useState('');
  const [level, setLevel] = useState<LessonLevel | 'all'>('all');
  const [tags, setTags] = useState<string[]>([]);
  const allTags = useMemo(() => [...new Set(lessons.flatMap((l) => l.tags))].sort(), [lessons]);
  const shown = lessons.filter(
    (l) =>
      (level === 'all' || l.level === level) &&
      tags.every((t) => l.tags.includes(t)) &&
      matchesSearch(l, query),
  );
  const openLesson = (l: BuiltinLesson, classroom: boolean) => {
    scenarioLoaded(l.doc, { origin: 'lesson', lessonId: l.id, notice: null });
    // The editor shows a lesson's answers: a student opens it only on purpose (Panels menu).
    panelToggled('editor', false);
    if (classroom) classroomToggled(true);
  };
  return (
    <div className="gallery">
      <div className="gallery-filters">
        <label>
          Search{' '}
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="fork, zero page, userfaultfd…"
          />
        </label>
        <div role="group" aria-label="Level" className="gallery-levels">
          {(['all', ...LESSON_LEVELS] as const).map((lv) => (
            <button key={lv} type="button" aria-pressed={level === lv} onClick={() => setLevel(lv)}>
              {lv === 'all' ? 'All levels' : LEVEL_NAMES[lv]}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Tags" className="gallery-tags">
          {allTags.map((t) => (
            <button
              key={t}
              type="button"
              className="tag"
              aria-pressed={tags.includes(t)}
              onClick={() => setTags(tags.includes(t) ? tags.filter((x) => x !== t) : [...tags, t])}
            >
              {t}
            </button>
          ))}
        </div>
      </div>
      <p className="muted" role="status">
        {shown.length === lessons.length
          ? `${lessons.length} lessons`
          : `${shown.length} of ${lessons.length} lessons`}
      </p>
      <ul className="lessons" aria-label="Lessons">
        {shown.map((l) => {
          const p = progressOf(
            l.doc,
            l.id === current ? answers : readProgress(`lesson:${l.id}`, l.doc),
          );
          return (
            <li key={l.id} aria-current={l.id === current ? 'true' : undefined}>
              <h3 className="lesson-title">{l.title}</h3>
              <p className="lesson-meta">
                <span className={`level level-${l.level}`}>{LEVEL_NAMES[l.level]}</span>
                {l.arch === 'arm64' && <span className="muted"> · arm64</span>}
                <span className="muted">
                  {' '}
                  · {l.counts.steps} steps · {l.counts.questions} question
                  {l.counts.questions === 1 ? '' : 's'}
                  {p.answered > 0 && ` · ${p.answered} of ${p.asked} answered`}
                </span>
                {l.tags.map((t) => (
                  <span key={t} className="tag">
                    {t}
                  </span>
                ))}
              </p>
              <p>
                <NarrationInline text={l.intro} />
              </p>
              <p className="lesson-open">
                <button
                  type="button"
                  aria-label={`Open ${l.title}`}
                  onClick={() => openLesson(l, false)}
                >
                  Open
                </button>{' '}
                <button
                  type="button"
                  aria-label={`Open ${l.title} in classroom mode`}
                  onClick={() => openLesson(l, true)}
                >
                  Classroom mode
                </button>
              </p>
            </li>
          );
        })}
      </ul>
      {shown.length === 0 && <p>No lesson matches. Clear the search or the filters.</p>}
    </div>
  );
}
