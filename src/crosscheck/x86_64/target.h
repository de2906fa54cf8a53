/* x86_64/target.h: how the shared runtime behaves on x86_64, where the program runs straight on
   this machine's kernel and prints its records on stdout. */

/* Records are the only lines on stdout. */
#define RECORD_PREFIX ""
/* Threads start with their process (nothing a record shows depends on when a thread starts
   here, and a main thread blocked in a userfaultfd fault could not start one later). */
#define LAZY_THREADS 0
/* rss steps run here: the runtime's own pages are made resident before the baseline. */
#define RESIDENT_BASELINE 1
/* The driver looks at a thread that has not replied every millisecond: a fault on a registered
   range is found blocked that soon. */
#define STATE_POLL_MS 1
#define STEP_TIMEOUT_MS 10000
