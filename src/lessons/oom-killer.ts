import type { Lesson } from './types';

/** (i) Overcommit lets mmap succeed; the OOM killer settles the bill at fault time. */
export const oomKiller: Lesson = {
  id: 'oom-killer',
  title: 'Running out of memory: the OOM killer',
  level: 'intermediate',
  summary:
    'On a machine of 16 frames, mmap promises more than exists; when a fault finds no free frame, the OOM killer kills the biggest process, not the one asking.',
  doc: {
    faultline: 1,
    title: 'Running out of memory: the OOM killer',
    notes:
      'Linux overcommits: under the default vm.overcommit_memory=0 (OVERCOMMIT_GUESS), mmap only checks that ' +
      'one request is not absurd (__vm_enough_memory refuses a single mapping larger than RAM plus swap) and ' +
      'hands out address space. Memory is taken page by page, at fault time. When a fault finds no free frame and nothing can ' +
      'be reclaimed (this machine has no swap and no page cache to drop), out_of_memory picks a victim by ' +
      'oom_badness (mostly its RSS) and kills it with SIGKILL; its frames come back and the fault goes on.',
    machine: { arch: 'x86_64', pageSize: 4096, mte: false, frames: 16 },
    steps: [
      { do: 'fork', as: 'child', expect: { ret: 'child' } },
      {
        do: 'mmap',
        length: '32*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        expect: { ret: -1, errno: 'ENOMEM' },
        note: 'more than all of RAM',
      },
      {
        do: 'mmap',
        length: '14*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        as: 'big',
        expect: { ret: 'big' },
      },
      {
        do: 'mmap',
        length: '4*PAGE',
        prot: 'PROT_READ|PROT_WRITE',
        flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
        proc: 'child',
        as: 'small',
        expect: { ret: 'small' },
        note: '14 + 4 pages promised; 16 frames exist',
      },
      { do: 'store', addr: 'big', fill: '01', length: '14*PAGE' },
      { do: 'rss', expect: { rss: { anon: 14, file: 0, shmem: 0 } } },
      { do: 'store', proc: 'child', addr: 'small', bytes: 'c1' },
      { do: 'store', proc: 'child', addr: 'small + PAGE', bytes: 'c2' },
      {
        do: 'store',
        proc: 'child',
        addr: 'small + 2*PAGE',
        bytes: 'c3',
        note: 'no free frame: who dies?',
      },
      { do: 'store', proc: 'child', addr: 'small + 3*PAGE', bytes: 'c4' },
      { do: 'load', proc: 'child', addr: 'small + 2*PAGE', expect: { value: 'c3' } },
      { do: 'rss', proc: 'child', expect: { rss: { anon: 4, file: 0, shmem: 0 } } },
    ],
  },
  narration: {
    0: 'A child process, made before either process uses any memory, so the two share nothing.',
    1: 'Asking for 32 pages on a machine of 16 frames fails at once with ENOMEM: the overcommit heuristic (OVERCOMMIT_GUESS, __vm_enough_memory) refuses a single mapping larger than all of RAM plus swap. It is the only limit on memory mmap applies here; the other checks (RLIMIT_AS, vm.max_map_count, mmap_min_addr for a fixed address) are far from their limits.',
    2: '14 pages is accepted: it fits in RAM on its own. No frame is used yet.',
    3: 'The child maps 4 pages and is accepted too. 18 pages are now promised on a 16-frame machine: that is overcommit.',
    4: 'main fills its 14 pages. Each first write faults and takes a frame (do_anonymous_page). Watch the Physical frames view fill up.',
    5: '14 of the 16 frames belong to main.',
    6: 'The child takes frame 15…',
    7: '…and frame 16, the last one.',
    8: "The child's next fault finds no free frame. The page allocator cannot reclaim anything (no swap, no clean page cache), so it calls out_of_memory. select_bad_process scores every process with oom_badness, essentially its RSS: main 14 pages, the child 2. main is killed (oom_kill_process sends SIGKILL), exit_mmap frees its 14 frames, and the child's fault is retried and succeeds. The process that ran out of memory is not the one that dies.",
    9: 'Plenty of free frames now.',
    10: 'The child carries on as if nothing happened.',
    11: 'The child has all four of its pages. main is gone: any further step for main would be an error of the scenario ("process main was killed").',
  },
  questions: [
    {
      atStep: 11,
      prompt:
        "main holds 14 of the 16 frames and the child asks for its third and fourth pages. When the child's loop ends, how many pages does the child have resident, and what had to happen for that?",
      answerField: 'rss',
    },
  ],
};
