import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../scenario/load';
import { APP_LIMITS } from '../app/services';
import { runHere } from './run-local';
import { createAppStore } from './store';
import { hiddenPaths, lessonAtCursor, progressKey, progressOf } from './lesson';

/** The lesson fixture: a choice question at steps/1, a prediction of rss.anon at steps/3. */
const doc = loadScenario(
  readFileSync(path.join(import.meta.dirname, '../scenario/fixtures/v1/lesson.json'), 'utf8'),
  'lesson.json',
);

describe('a lesson in the store', () => {
  // The app runs documents in a Web Worker; in Node, with the same limits, in this thread.
  const open = () => createAppStore({ start: runHere(APP_LIMITS) }, { doc, lessonId: null });

  it('shows the intro before the first step, and asks before the step it is about', () => {
    const s = open().getState();
    const at0 = lessonAtCursor(doc, s.run, s.index, 0, {});
    expect(at0.intro).toMatch(/^Reading untouched memory/);
    expect(at0.say).toBeNull();
    expect(at0.questions).toHaveLength(0);
    const at1 = lessonAtCursor(doc, s.run, s.index, 1, {});
    expect(at1.say).toMatch(/only creates a VMA/);
    expect(at1.questions.map((q) => [q.path, q.when])).toEqual([['steps/1', 'next']]);
  });

  it('hides the results of unanswered questions, and keeps asking one stepped past', () => {
    const store = open();
    // Only predictions hide their results; a question with choices asks before and hides nothing.
    expect([...hiddenPaths(doc, {})]).toEqual(['steps/3']);
    const s = store.getState();
    const at2 = lessonAtCursor(doc, s.run, s.index, 2, {});
    expect(at2.questions.map((q) => [q.path, q.when])).toEqual([['steps/1', 'here']]);
    // At the predicted step, its narration waits for the answer too.
    const at5 = lessonAtCursor(doc, s.run, s.index, 5, {});
    expect(at5.say).toBeNull();
    expect(at5.questions.map((q) => [q.path, q.when])).toEqual([['steps/3', 'here']]);
  });

  it('grades answers: a choice, and a prediction typed in any reasonable spelling', () => {
    const store = open();
    store.getState().questionAnswered('steps/1', { choice: 0 });
    expect(store.getState().answers['steps/1']?.right).toBe(false);
    store.getState().questionAnswered('steps/1', { choice: 1 });
    expect(store.getState().answers['steps/1']?.right).toBe(true);
    store.getState().questionAnswered('steps/3', { values: { 'rss.anon': ' 0x2 ' } });
    expect(store.getState().answers['steps/3']?.right).toBe(true);
    expect(hiddenPaths(doc, store.getState().answers).size).toBe(0);
    expect(progressOf(doc, store.getState().answers)).toEqual({ asked: 2, answered: 2, right: 2 });
    // A path without a question is not an answer.
    store.getState().questionAnswered('steps/0', { choice: 0 });
    expect(store.getState().answers['steps/0']).toBeUndefined();
  });

  it('keeps progress by lesson id, or by the document when it is no built-in lesson', () => {
    expect(progressKey({ doc, lessonId: 'zero-page' })).toBe('lesson:zero-page');
    expect(progressKey({ doc, lessonId: null })).toMatch(/^doc:[0-9a-f]{8}$/);
  });

  it('previews as a student: from the start, nothing answered, the editor closed', () => {
    const store = open();
    store.getState().cursorMoved(3);
    store.getState().questionAnswered('steps/1', { choice: 1 });
    store.getState().studentPreviewToggled(true);
    const s = store.getState();
    expect([s.studentPreview, s.cursor, s.answers, s.panels.editor]).toEqual([true, 0, {}, false]);
    s.studentPreviewToggled(false);
    expect(store.getState().panels.editor).toBe(true);
  });
});
