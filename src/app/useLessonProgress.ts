import { useEffect } from 'react';
import { useAppStore } from '../store/react';
import { progressKey } from '../store/lesson';
import { stepAtPath } from '../store/selectors/step-text';
import type { AppState, LessonAnswer } from '../store/types';
import { isRightAnswer, type AskResponse } from '../scenario/lesson';
import type { ScenarioDocument } from '../scenario/types';

const PREFIX = 'faultline.progress.';

/** A response as stored, checked: anything else in storage is ignored. */
function asResponse(v: unknown): AskResponse | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.choice === 'number' && Number.isInteger(o.choice)) return { choice: o.choice };
  if (typeof o.values === 'object' && o.values !== null) {
    const values: Record<string, string> = {};
    for (const [k, x] of Object.entries(o.values))
      if (typeof x === 'string') values[k] = x.slice(0, 200);
    return { values };
  }
  return null;
}

/** The answers stored for a lesson, graded again against the document as it is now. */
export function readProgress(key: string, doc: ScenarioDocument): Record<string, LessonAnswer> {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(PREFIX + key) ?? '{}');
  } catch {
    return {};
  }
  const out: Record<string, LessonAnswer> = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [path, v] of Object.entries(raw)) {
    const step = stepAtPath(doc, path);
    const response = asResponse((v as { response?: unknown })?.response);
    if (!step?.ask || !response) continue;
    out[path] = { response, right: isRightAnswer(step, response) };
  }
  return out;
}

export function writeProgress(key: string, answers: Record<string, LessonAnswer>): void {
  try {
    if (Object.keys(answers).length === 0) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(answers));
  } catch {
    // storage denied (privacy modes, iframes): progress lasts as long as the page
  }
}

/**
 * A student's answers stay in this browser's localStorage, by lesson (store/lesson.ts
 * progressKey), and are never sent anywhere: restored when a lesson opens, saved when answered.
 * A teacher's student preview neither reads nor writes them.
 */
export function useLessonProgress(): void {
  const store = useAppStore();
  useEffect(() => {
    const restore = (s: AppState) => {
      if (s.studentPreview) return;
      const answers = readProgress(progressKey(s), s.doc);
      if (Object.keys(answers).length > 0) s.answersRestored(answers);
    };
    restore(store.getState());
    return store.subscribe((s, prev) => {
      // A lesson opened, or the preview ended: bring back what this browser kept for it.
      if (s.lessonId !== prev.lessonId || (s.doc !== prev.doc && s.lessonId !== null)) {
        restore(s);
        return;
      }
      if (prev.studentPreview && !s.studentPreview) {
        s.answersRestored(readProgress(progressKey(s), s.doc));
        return;
      }
      if (s.studentPreview || s.answers === prev.answers || prev.studentPreview) return;
      writeProgress(progressKey(s), s.answers);
    });
  }, [store]);
}
