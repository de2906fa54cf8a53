/**
 * The built-in lessons against the real kernel (issue 12): every lesson a kernel here can run
 * passes `faultline verify`. x86_64 lessons run on this machine's kernel (here); arm64 lessons run
 * under QEMU in the one boot of the MTE corpus (arm64/corpus.test.ts); a lesson no kernel here can
 * show (refpage_create, never merged; a machine of a few frames running out of memory) runs on the
 * engine only, and its test names why.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/index';
import { readBuiltinLessons } from '../lessons/node/files';
import { formatDiffs } from './compare';
import { checkKernelExpectations } from './expectations';
import { usesUserfaultfd } from './kernel';
import { userfaultfdAvailability } from './uffd-available';
import { verifyDocument } from './verify';
import { x86RefusalReason } from './x86_64/target';
import { arm64RefusalReason } from './arm64/target';

const LESSONS = readBuiltinLessons();
const uffd = await userfaultfdAvailability();

/** Where each lesson is checked: this machine, QEMU, or the engine alone (with the reason). */
function lessonCheck(
  doc: (typeof LESSONS)[number]['doc'],
): { on: 'x86_64' | 'arm64' } | { on: 'engine'; reason: string } {
  if ((doc.machine?.arch ?? 'x86_64') === 'arm64') {
    const r = arm64RefusalReason(doc);
    return r ? { on: 'engine', reason: r } : { on: 'arm64' };
  }
  const r = x86RefusalReason(doc) ?? memorySizeReason(doc);
  return r ? { on: 'engine', reason: r } : { on: 'x86_64' };
}

/**
 * A lesson whose outcome depends on how much RAM the simulated machine has (an OOM kill, or mmap
 * refusing more than RAM under overcommit): this machine's kernel has gigabytes, so it would not
 * show it. The engine's own run says whether it came to that.
 */
function memorySizeReason(doc: (typeof LESSONS)[number]['doc']): string | null {
  const out = runScenario(doc, { keepStates: false });
  const oom = out.records.some(
    (r) => r.events.some((e) => e.kind === 'oom') || (r.do === 'mmap' && r.errno === 'ENOMEM'),
  );
  const frames = doc.machine?.frames;
  return oom && frames !== undefined
    ? `the lesson's machine has ${frames} frames of RAM and its outcome depends on running out of them (overcommit, the OOM killer); this machine's kernel has far more memory, so it cannot show the same`
    : null;
}

describe('the built-in lessons on the real kernel', () => {
  it('checks every lesson somewhere: on a kernel, or on the engine only because no kernel here can show it', () => {
    for (const l of LESSONS) {
      const c = lessonCheck(l.doc);
      if (c.on === 'engine') expect(c.reason, l.id).toMatch(/refpage_create|frames of RAM/);
    }
    expect(LESSONS.filter((l) => lessonCheck(l.doc).on === 'x86_64').length).toBeGreaterThan(0);
  });

  for (const l of LESSONS) {
    const c = lessonCheck(l.doc);
    if (c.on === 'arm64') continue; // arm64/corpus.test.ts, in the MTE corpus's one QEMU boot
    if (c.on === 'engine') {
      it(`${l.id}: engine only (${c.reason.split(/[:;]/)[0]}), every expect holds`, () => {
        const out = runScenario(l.doc, { keepStates: false });
        expect(out.error).toBeNull();
        expect(out.failures).toEqual([]);
      });
      continue;
    }
    const test = usesUserfaultfd(l.doc) && !uffd.ok ? it.skip : it;
    test(`${l.id}: faultline verify — the kernel shows what the lesson expects, and the engine matches it`, async () => {
      const v = await verifyDocument(l.doc);
      expect(v.status, v.reason).toBe('match');
      expect(checkKernelExpectations(l.doc, v.kernel!.records)).toEqual([]);
      expect(formatDiffs(v.diffs)).toEqual([]);
    }, 120_000);
  }
});
