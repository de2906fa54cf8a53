/* runtime.h: what every part of a cross-check program shares: sizes, the wire format of the
   command and reply pipes, the bindings of `as` names, and the hooks each target defines.

   A program is one translation unit, in this order (src/crosscheck/generate.ts):
     prelude.h, the target's headers (TARGET/target.h first), the scenario's sizes (PAGE, NNAMES,
     NSLOTS, NSTEPS, MAIN_SLOT), this file, the scenario's tables, the shared runtime (format.c,
     io.c, access.c, process.c, driver.c), the target's sources, then the scenario's run_step()
     and drive().

   Why static buffers and pre-made pipes: a scenario process must own nothing the scenario did not
   make (format section 5). Its RSS is measured against a baseline taken before the first step, so
   everything the runtime touches later must already be resident then (RESIDENT_BASELINE); malloc,
   a growing stack or a new thread stack during the run would show up as scenario RSS. And its
   first new fd must be 3, so every helper fd lives at 100 or above. */

/* What each target's target.h decides. */
#if !defined(RECORD_PREFIX) || !defined(LAZY_THREADS) || !defined(RESIDENT_BASELINE) || \
    !defined(STEP_TIMEOUT_MS) || !defined(STATE_POLL_MS)
#error "target.h must define RECORD_PREFIX, LAZY_THREADS, RESIDENT_BASELINE, STEP_TIMEOUT_MS, STATE_POLL_MS"
#endif

#define OUT_MAX (256 * 1024)
#define SCRATCH_MAX (64 * 1024)
#define STACK_SIZE (256 * 1024)
#define HELPER_FD_MIN 100

/* driver -> thread: run a step, or (LAZY_THREADS) start the thread of slot `arg`. Each command
   carries the driver's view of every binding. */
enum { CMD_RUN = 1, CMD_SPAWN = 2 };
/* thread -> driver: a step is done, or a thread has started */
enum { REP_DONE = 1, REP_READY = 2 };

struct cmd {
  int kind, step, arg, bindseq;
  long long v[NNAMES + 1];
  int vseq[NNAMES + 1];
  int tid[NSLOTS];
};
/* followed by len bytes of the record's fields as JSON (",\"ret\":0,...") */
struct rep {
  int kind, len, pid, tid, bind_idx, child_pid;
  long long bind_val;
};

/* V[i] is the value bound to NAME[i]; VSEQ[i] orders bindings (0: unbound), so that when two
   names hold one address the latest binding names it. Each thread has its own copy, taken from the
   step's command: a thread that resumes (an mremap that waited for its REMAP event) binds its
   name while the waking thread may still be printing, and must not change what that one prints. */
static __thread long long V[NNAMES + 1];
static __thread int VSEQ[NNAMES + 1];
static __thread int BINDSEQ;
/* the thread id of each slot, as the driver last knew them (uffd_msg ptid names a thread) */
static int TIDS[NSLOTS];

static int CMD_RD[NSLOTS], CMD_WR[NSLOTS], REP_RD[NSLOTS], REP_WR[NSLOTS];

/* What the zero page and a poison marker (UFFDIO_POISON) look like in this kernel's pagemap. */
static unsigned long long ZERO_PFN, POISON_FRAME;
static int HAVE_ZERO_PFN, HAVE_POISON;

#define PM_PRESENT (1ULL << 63)
#define PM_SWAP (1ULL << 62)
#define PM_UFFD_WP (1ULL << 57)
#define PM_EXCLUSIVE (1ULL << 56)
#define PM_PFN ((1ULL << 55) - 1)

/* A name table row: the masks and enumerations the records print by name. */
struct flagname {
  const char *name;
  unsigned long long v;
};

/* Hooks each target defines (x86_64/arch.c, arm64/mte.c). */

/* A fault that arrives after the access it reports has completed (arm64 SEGV_MTEAERR): the
   handler notes it and returns instead of abandoning the access. */
static int arch_fault_is_async(int sig, const siginfo_t *si);
/* Called at the end of every access, still inside it: make a pending asynchronous fault arrive
   now, on this step (format 4). */
static void arch_deliver_async_faults(void);
/* Once, in the driver, before the scenario's main process is forked: probes. */
static void arch_driver_init(void);

/* Generated for the scenario, after the runtime. */
static void run_step(int id);
static void drive(void);
