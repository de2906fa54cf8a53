import { describe, expect, it } from 'vitest';
import { LESSONS } from '../lessons';
import { lessonAt } from './lesson';
import { lessonForDoc } from '../app/lessons';
import { defaultScenario } from '../lessons/default';

describe('lessons in the app', () => {
  it('finds the lesson a document is, by value (links carry documents, not ids)', () => {
    expect(lessonForDoc(JSON.parse(JSON.stringify(defaultScenario)))?.id).toBe(LESSONS[0]!.id);
    expect(lessonForDoc({ faultline: 1, steps: [] })).toBeNull();
  });
  it('gives the narration and questions of a step by record path', () => {
    const l = LESSONS[0]!;
    expect(lessonAt(l, 'steps/2').narration).toMatch(/do_anonymous_page/);
    expect(lessonAt(l, 'steps/7').questions).toHaveLength(1);
    expect(lessonAt(null, 'steps/2')).toEqual({ narration: null, questions: [] });
  });
});
