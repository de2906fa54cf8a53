/**
 * A lesson's voice in the Explanation: its narration for the step at the cursor, and its
 * "guess before you look" questions, asked one step early with the answer held back until the
 * student asks for it (or steps forward).
 */
import { useState } from 'react';
import { useApp } from '../../store/react';
import { lessonAt, selectLesson } from '../../store/lesson';
import { recordAt } from '../../store/run-index';
import { stepAtPath } from '../../store/selectors/step-text';

function answerOf(doc: Parameters<typeof stepAtPath>[0], path: string, field: string): string {
  const step = stepAtPath(doc, path);
  const v = step?.expect?.[field];
  return v === undefined ? '(see the result)' : typeof v === 'string' ? v : JSON.stringify(v);
}

export function LessonNotes() {
  const lesson = useApp(selectLesson);
  const doc = useApp((s) => s.doc);
  const here = useApp((s) =>
    s.run && s.index ? (recordAt(s.run, s.index, s.cursor)?.path ?? null) : null,
  );
  const next = useApp((s) =>
    s.run && s.index ? (recordAt(s.run, s.index, s.cursor + 1)?.path ?? null) : null,
  );
  const [revealed, setRevealed] = useState<string | null>(null);
  if (!lesson) return null;
  const now = lessonAt(lesson, here);
  const upcoming = lessonAt(lesson, next).questions;
  return (
    <>
      {now.narration && (
        <p className="narration">
          <span className="visually-hidden">Lesson: </span>
          {now.narration}
        </p>
      )}
      {now.questions.map((q, i) => (
        <p key={`a${i}`} className="question">
          {q.prompt} <strong>Answer: {answerOf(doc, here!, q.answerField)}</strong>
        </p>
      ))}
      {upcoming.map((q, i) => {
        const id = `${next}-${i}`;
        return (
          <div key={`q${i}`} className="question">
            <p>
              <strong>Guess before the next step:</strong> {q.prompt}
            </p>
            {revealed === id ? (
              <p>Answer: {answerOf(doc, next!, q.answerField)}</p>
            ) : (
              <button type="button" onClick={() => setRevealed(id)}>
                Reveal answer
              </button>
            )}
          </div>
        );
      })}
    </>
  );
}
