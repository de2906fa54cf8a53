/**
 * A lesson's question (docs/scenario-format.md, "Lessons"): choices to pick from, or the step's
 * expected results to predict; then whether the answer was right, the right answer, and why.
 * Choices are buttons, so the arrow keys keep stepping through the lesson.
 */
import { useId, useState } from 'react';
import { answerText, predictionInputs, type AskResponse } from '../../scenario/lesson';
import type { Question } from '../../store/lesson';
import { Narration, NarrationInline } from './Narration';

export function QuestionCard({
  q,
  onAnswer,
}: {
  q: Question;
  onAnswer: (path: string, r: AskResponse) => void;
}) {
  const id = useId();
  const inputs = predictionInputs(q.step);
  const [values, setValues] = useState<Record<string, string>>({});
  const lead =
    q.when === 'next'
      ? 'Before the next step:'
      : q.answer
        ? 'Your answer:'
        : q.ask.choices
          ? 'You stepped past this question:'
          : 'Answer to see what this step did:';
  return (
    <section className="question" aria-labelledby={`${id}-prompt`}>
      <p id={`${id}-prompt`}>
        <strong>{lead}</strong> <NarrationInline text={q.ask.prompt} />
      </p>
      {q.answer ? (
        <Feedback q={q} />
      ) : q.ask.choices ? (
        <div role="group" aria-labelledby={`${id}-prompt`} className="choices">
          {q.ask.choices.map((c, i) => (
            <button key={i} type="button" onClick={() => onAnswer(q.path, { choice: i })}>
              <NarrationInline text={c} />
            </button>
          ))}
        </div>
      ) : (
        <form
          className="prediction"
          onSubmit={(e) => {
            e.preventDefault();
            onAnswer(q.path, { values });
          }}
        >
          {inputs.map((inp) => (
            <label key={inp.field}>
              <code>{inp.field}</code>{' '}
              <input
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={values[inp.field] ?? ''}
                onChange={(e) => setValues({ ...values, [inp.field]: e.target.value })}
              />
            </label>
          ))}
          <button type="submit">Check</button>
        </form>
      )}
    </section>
  );
}

function Feedback({ q }: { q: Question }) {
  const a = q.answer!;
  const r = a.response;
  const picked =
    'choice' in r
      ? (q.ask.choices?.[r.choice] ?? '')
      : predictionInputs(q.step)
          .map((i) => `${i.field} = ${r.values[i.field]?.trim() || '(nothing)'}`)
          .join(', ');
  const right = q.ask.choices
    ? (q.ask.choices[q.ask.answer ?? 0] ?? '')
    : predictionInputs(q.step)
        .map((i) => `${i.field} = ${answerText(i.expected)}`)
        .join(', ');
  return (
    <div className={a.right ? 'feedback right' : 'feedback wrong'} role="status">
      <p>
        <strong>{a.right ? 'Right.' : 'Not quite.'}</strong> You answered: {picked}.
        {!a.right && <> The answer: {right}.</>}
      </p>
      {q.ask.why && <Narration text={q.ask.why} className="why" />}
    </div>
  );
}
