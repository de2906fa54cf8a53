import { describe, expect, it } from 'vitest';
import { buildRunIndex, eventsAt, recordsAt } from './run-index';
import { runScenario, type StepResult } from './engine';
import { parseText } from '../scenario/text';
import { runOfRecords } from './test-support/synthetic';
import { timelineOfRun } from './timeline';

const r = (
  seq: number,
  proc: string,
  thread: string,
  extra: Partial<StepResult> = {},
): StepResult => ({
  seq,
  path: `steps/${seq - 1}`,
  do: 'load',
  proc,
  thread,
  events: [],
  ...extra,
});

const queued = (uffd: number, msg: number): StepResult['events'][number] => ({
  kind: 'uffd_msg_queued',
  fn: 'handle_userfault',
  uffd,
  msg,
  event: 'UFFD_EVENT_PAGEFAULT',
});
const read = (uffd: number, msg: number): StepResult['events'][number] => ({
  kind: 'uffd_msg_read',
  fn: 'userfaultfd_ctx_read',
  uffd,
  msg,
  event: 'UFFD_EVENT_PAGEFAULT',
});

describe('buildRunIndex', () => {
  it('draws each uffd message to the read that took it, with several userfaultfds', () => {
    const records: StepResult[] = [
      // T1 faults on uffd 1, T2 on uffd 2, T3 on uffd 1 again; T3's message is never read (its
      // thread is woken by a COPY first); the reads take uffd 2's message, then uffd 1's.
      r(1, 'main', 'T1', { blocked: true, events: [queued(1, 10)] }),
      r(2, 'main', 'T2', { blocked: true, events: [queued(2, 11)] }),
      r(3, 'main', 'T3', { blocked: true, events: [queued(1, 12)] }),
      r(4, 'main', 'main', { do: 'read', events: [read(2, 11)] }),
      r(5, 'main', 'main', { do: 'read', events: [read(1, 12)] }),
    ];
    const idx = buildRunIndex(runOfRecords(records));
    expect(idx.arrows.map((a) => [a.fromSeq, a.toSeq])).toEqual([
      [1, null],
      [2, 4],
      [3, 5],
    ]);
  });

  it('groups lanes by process, spans blocked time and pairs uffd messages', () => {
    const records: StepResult[] = [
      r(1, 'main', 'main', { do: 'userfaultfd' }),
      r(2, 'main', 'T1', {
        blocked: true,
        events: [
          {
            kind: 'uffd_msg_queued',
            fn: 'handle_userfault',
            uffd: 1,
            msg: 7,
            event: 'UFFD_EVENT_PAGEFAULT',
          },
        ],
      }),
      r(3, 'child', 'main', { do: 'load' }),
      r(4, 'main', 'main', {
        do: 'read',
        msgs: [{ event: 'UFFD_EVENT_PAGEFAULT' }],
        events: [read(1, 7)],
      }),
      r(5, 'main', 'main', { do: 'ioctl' }),
      r(2, 'main', 'T1', { resumed: true, value: '00' }),
      r(6, 'main', 'T1', { do: 'store' }),
    ];
    const run = runOfRecords(records);
    const idx = buildRunIndex(run);
    expect(idx.steps).toBe(6);
    expect(idx.lanes.map((l) => l.key)).toEqual(['main/main', 'main/T1', 'child/main']);
    expect(Array.from(idx.laneOf.slice(1))).toEqual([0, 1, 2, 0, 0, 1]);
    expect(idx.blocked).toEqual([{ lane: 1, from: 2, to: 5 }]);
    expect(idx.arrows).toEqual([
      {
        fromSeq: 2,
        fromLane: 1,
        toSeq: 4,
        toLane: 0,
        event: 'UFFD_EVENT_PAGEFAULT',
        uffd: 1,
        msg: 7,
      },
    ]);
    const at5 = recordsAt(run, idx, 5);
    expect(at5.map((x) => [x.seq, !!x.resumed])).toEqual([
      [5, false],
      [2, true],
    ]);
    expect(eventsAt(run, idx, 2)).toHaveLength(1);
    expect(recordsAt(run, idx, 0)).toEqual([]);
  });
});

describe('uffd arrows on a real run', () => {
  it('pairs each message with its read across two userfaultfds read out of order', () => {
    const doc = parseText(
      [
        'u1 = userfaultfd(O_CLOEXEC|O_NONBLOCK)',
        'ioctl(u1, UFFDIO_API, api=0xAA, features=0)',
        'u2 = userfaultfd(O_CLOEXEC|O_NONBLOCK)',
        'ioctl(u2, UFFDIO_API, api=0xAA, features=0)',
        'p = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
        'q = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)',
        'ioctl(u1, UFFDIO_REGISTER, start=p, len=PAGE, mode=UFFDIO_REGISTER_MODE_MISSING)',
        'ioctl(u2, UFFDIO_REGISTER, start=q, len=PAGE, mode=UFFDIO_REGISTER_MODE_MISSING)',
        '[T1] load(p)',
        '[T2] load(q)',
        'read(u2)',
        'read(u1)',
      ].join('\n'),
    );
    const run = runScenario(doc);
    expect(run.error).toBeNull();
    const idx = buildRunIndex(timelineOfRun(run));
    // T1 (step 9) queued on u1, read by step 12; T2 (step 10) on u2, read by step 11.
    expect(idx.arrows.map((a) => [a.fromSeq, a.toSeq])).toEqual([
      [9, 12],
      [10, 11],
    ]);
  });
});
