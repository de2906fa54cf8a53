import { describe, expect, it } from 'vitest';
import { buildRunIndex } from '../run-index';
import { ANON_PFN, P, makeRun, makeTimeline } from '../test-support/synthetic';
import { pageHistory } from './history';
import { contentSummary, hexRows } from './hexdump';
import { explain, sourceUrl } from './explain';
import { REFPAGE_PATCH_URL } from '../engine';
import { addrNames } from './symbols';

describe('history', () => {
  const run = makeTimeline();
  const idx = buildRunIndex(run);
  it('lists the events that touched a page, up to the cursor', () => {
    const h = pageHistory(run, idx, 4, {
      kind: 'page',
      proc: 'main',
      addr: P + 0x2000,
      pageSize: 4096,
    });
    expect(h.map((x) => [x.seq, x.event.kind])).toEqual([
      [2, 'vma_changed'],
      [4, 'fault'],
      [4, 'frame_allocated'],
      [4, 'pte_mapped'],
    ]);
    expect(
      pageHistory(run, idx, 3, { kind: 'page', proc: 'main', addr: P + 0x2000, pageSize: 4096 }),
    ).toHaveLength(1);
    expect(
      pageHistory(run, idx, 4, { kind: 'frame', pfn: ANON_PFN }).map((x) => x.event.kind),
    ).toEqual(['frame_allocated', 'pte_mapped']);
  });
});

describe('hexdump', () => {
  it('folds identical rows and marks stored bytes', () => {
    const rows = hexRows({ fill: 'aa', patch: { 0x20: 0 } }, 4096);
    expect(rows.map((r) => [r.offset, r.repeats])).toEqual([
      [0, 1],
      [0x20, 0],
      [0x30, 251],
      [0xff0, 0],
    ]);
    expect(rows[1]!.bytes[0]).toEqual({ hex: '00', stored: true });
    expect(contentSummary({ fill: 'aa', patch: { 1: 0 } })).toBe('aa repeated, 1 byte stored');
  });
});

describe('explain', () => {
  const run = makeRun();
  const names = addrNames(run.states[4]!.bindings);
  it('says what a step did in sentences and lists the kernel chain', () => {
    const ex = explain(run.records[3]!, [], 'store(p + 0x2000, "00")', names);
    expect(ex.headline).toBe('Step 4 (main): store(p + 0x2000, "00").');
    expect(ex.sentences.map((s) => s.text)).toEqual([
      "The CPU faulted on a write at p+0x2000: the page table had no writable entry for it. do_user_addr_fault, the architecture's fault handler, looks up the VMA and checks the access before it hands the fault to handle_mm_fault.",
      'A new frame, pfn 2, was allocated for p+0x2000 and filled by memset of the pattern (4096 bytes).',
      'The PTE for p+0x2000 now maps pfn 2 writable.',
    ]);
    expect(ex.chain).toEqual([
      'exc_page_fault',
      'do_user_addr_fault',
      'handle_mm_fault',
      'handle_pte_fault',
      'do_anonymous_page',
    ]);
    expect(explain(null, [], null, names).headline).toMatch(/Before the first step/);
  });
  it("links mainline functions to mainline, the refpage patch's to the patch, the CPU's nowhere", () => {
    expect(sourceUrl('do_wp_page')).toBe(
      'https://elixir.bootlin.com/linux/v6.18/A/ident/do_wp_page',
    );
    expect(sourceUrl('tag_set_highpage')).toBe(REFPAGE_PATCH_URL);
    expect(sourceUrl('mte_zero_set_page_tags')).toBe(REFPAGE_PATCH_URL);
    expect(sourceUrl('STG')).toBeNull();
    expect(sourceUrl('tag check')).toBeNull();
  });
});

describe('explain, for a step too big to list', () => {
  it('tallies the events the engine folded into summaries by their own kinds', async () => {
    const { runScenario } = await import('../engine');
    const run = runScenario({
      faultline: 1,
      steps: [
        {
          do: 'mmap',
          length: '2048*PAGE',
          prot: 'PROT_READ|PROT_WRITE',
          flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
          as: 'p',
        },
        { do: 'madvise', addr: 'p', length: '2048*PAGE', advice: 'MADV_POPULATE_WRITE' },
      ],
    });
    const ex = explain(run.records[1]!, [], 'madvise(…)', []);
    expect(ex.sentences.length).toBeLessThanOrEqual(40);
    // 2048 faults × (fault, frame allocated, PTE mapped) = 6144 events, 40 of them told.
    expect(ex.more?.count).toBe(6144 - 40);
    expect(ex.more?.byKind.summary).toBeUndefined();
    expect(ex.more?.byKind.fault).toBeGreaterThan(2000);
  });
});
