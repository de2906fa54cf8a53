/**
 * A lesson's voice in the Explanation: its intro before the first step, the narration (`say`) of
 * the step at the cursor, and its questions: the one put before the next step, and one the student
 * stepped past without answering (that step's results stay hidden until it is answered).
 */
import { useMemo } from 'react';
import { useActions, useApp } from '../../store/react';
import { lessonAtCursor } from '../../store/lesson';
import { Narration } from '../Lesson/Narration';
import { QuestionCard } from '../Lesson/QuestionCard';

export function LessonNotes() {
  const doc = useApp((s) => s.doc);
  const run = useApp((s) => s.run);
  const index = useApp((s) => s.index);
  const cursor = useApp((s) => s.cursor);
  const answers = useApp((s) => s.answers);
  const { questionAnswered } = useActions();
  const now = useMemo(
    () => lessonAtCursor(doc, run, index, cursor, answers),
    [doc, run, index, cursor, answers],
  );
  return (
    <>
      {now.intro && (
        <div className="lesson-intro">
          <span className="visually-hidden">Lesson: </span>
          <Narration text={now.intro} />
        </div>
      )}
      {now.say && (
        <div className="narration">
          <span className="visually-hidden">Lesson: </span>
          <Narration text={now.say} />
        </div>
      )}
      {now.questions.map((q) => (
        <QuestionCard key={`${q.path}-${q.when}`} q={q} onAnswer={questionAnswered} />
      ))}
    </>
  );
}
