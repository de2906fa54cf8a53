/**
 * Share links to lessons (issue 12): every built-in lesson's link is at most 2,000 characters,
 * because an unedited built-in lesson is named in the link (id and version), not carried; an
 * edited one travels whole; a named lesson opens as it is, or says that it has changed.
 */
import { describe, expect, it } from 'vitest';
import { readBuiltinLessons } from '../lessons/node/files';
import { DEFAULT_PANELS } from '../store/store';
import { decodeState, shareUrl, type LinkedView } from './link';
import { openLink } from './lessons';

const LESSONS = readBuiltinLessons();
/** A long-ish site address, as a course page would have. */
const SITE = {
  origin: 'https://faultline.example.org',
  pathname: '/courses/os/faultline/',
  search: '',
};
const view = (over: Partial<LinkedView>): LinkedView => ({
  doc: LESSONS[0]!.doc,
  cursor: 0,
  selection: null,
  panels: DEFAULT_PANELS,
  classroom: true,
  breakpoints: [],
  ...over,
});

describe('a lesson’s share link', () => {
  it.each(LESSONS.map((l) => [l.id, l] as const))('%s: at most 2,000 characters', (_id, l) => {
    const url = shareUrl(SITE, view({ doc: l.doc, cursor: l.counts.steps, lessonId: l.id }));
    expect(url.length).toBeLessThanOrEqual(2000);
    const link = decodeState(url.slice(url.indexOf('#')));
    expect(link && !('error' in link) && link.lesson?.id).toBe(l.id);
    expect(link && !('error' in link) && link.doc).toBeUndefined();
  });

  it('carries an edited lesson whole', () => {
    const l = LESSONS.find((x) => x.path.startsWith('lessons/'))!;
    const edited = { ...l.doc, title: 'My version' };
    const url = shareUrl(SITE, view({ doc: edited, lessonId: null }));
    const link = decodeState(url.slice(url.indexOf('#')));
    expect(link && !('error' in link) && link.doc).toEqual(edited);
  });
});

describe('opening a link that names a lesson', () => {
  const l = LESSONS[0]!;
  it('opens the lesson as it is', async () => {
    const link = decodeState(
      shareUrl(SITE, view({ doc: l.doc, lessonId: l.id })).replace(/^[^#]*/, ''),
    );
    if (!link || 'error' in link) throw new Error('no link');
    expect(await openLink(link)).toEqual({ doc: l.doc, lessonId: l.id, notice: null });
  });

  it('says so when the lesson has changed since', async () => {
    const opened = await openLink({ lesson: { id: l.id, version: '00000000' }, notice: null });
    expect(opened).toMatchObject({
      lessonId: l.id,
      notice: expect.stringMatching(/has changed since this link was made/),
    });
  });

  it('refuses a lesson this version does not have, with a message', async () => {
    expect(
      await openLink({ lesson: { id: 'no-such-lesson', version: '12345678' }, notice: null }),
    ).toEqual({
      error: expect.stringMatching(/does not have \("no-such-lesson"\)/),
    });
  });
});
