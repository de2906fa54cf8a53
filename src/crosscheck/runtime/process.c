/* process.c: the scenario's processes and threads. A process makes its own memory resident and
   takes its RSS baseline before the first step; every thread runs worker_loop(): read a step number
   from its command pipe, run the step, send the record's fields back to the driver. fork and exit
   steps are done here too, because they change which processes exist. */

static char STACKS[NSLOTS][STACK_SIZE] __attribute__((aligned(4096)));
static int EXIT_REQ, EXIT_STATUS;
static __thread int BIND_IDX, CHILD_PID;
static __thread long long BIND_VAL;

/* Binds NAME[idx] to v here (an address this step prints is then named by it) and tells the
   driver, which binds it for every later step. */
static void bind_name(int idx, long long v) {
  V[idx] = v;
  VSEQ[idx] = ++BINDSEQ;
  BIND_IDX = idx;
  BIND_VAL = v;
}

/* Process set-up: the runtime's own memory, made resident before the baseline. */

#define MAX_HELPER_MAPS 512
static unsigned long long HELPER_MAP[MAX_HELPER_MAPS][2];
static int NHELPER;
static char MAPS_BUF[256 * 1024];

/* Reads /proc/self/maps once before the baseline. It writes every page of every private writable
   mapping (the program's and the libraries' data, bss, heap, stack), so that no later write by
   the runtime makes a new anonymous page; and it lists the file-backed mappings of the program
   and its libraries: a forked child does not inherit their page tables (fork copies only what it
   must), so it faults them in again, and reading them all makes RssFile the same in every
   process, whatever code runs later. */
static void scan_helper_maps(void) {
  if (read_file("/proc/self/maps", MAPS_BUF, sizeof MAPS_BUF) < 0) return;
  for (char *line = MAPS_BUF; *line && NHELPER < MAX_HELPER_MAPS;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    unsigned long long s, e, off, ino;
    char perms[8], dev[16];
    int path = 0;
    if (sscanf(line, "%llx-%llx %7s %llx %15s %llu %n", &s, &e, perms, &off, dev, &ino, &path) >= 6) {
      if (perms[0] == 'r' && ino != 0 && path > 0 && line[path] == '/') {
        HELPER_MAP[NHELPER][0] = s;
        HELPER_MAP[NHELPER][1] = e;
        NHELPER++;
      }
      if (perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p') {
        for (unsigned long long a = s; a < e; a += PAGE) {
          volatile unsigned char *c = (volatile unsigned char *)(uintptr_t)a;
          *c = *c;
        }
      }
    }
    if (!nl) break;
    line = nl + 1;
  }
}

/* The kernel places a new mapping at the top of the highest free gap that fits, so the
   scenario's first mapping would sit in a hole between libraries, or right below one, and an
   access past its end would hit the library, not the SEGV_MAPERR of a process that owns nothing
   else. So: a grows-down mapping larger than the stack limit below everything (mmap keeps
   stack_guard_gap, 1 MiB, below it free, and a fault there cannot grow it past RLIMIT_STACK, so
   it stays SEGV_MAPERR), and every hole above it filled with PROT_NONE: the scenario's mappings
   then start 1 MiB below the guard, with nothing of the runtime's in between. */
static void make_guard_gap(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_STACK, &rl) == 0 && (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (8 << 20))) {
    rl.rlim_cur = 8 << 20;
    setrlimit(RLIMIT_STACK, &rl);
  }
  const int gflags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_GROWSDOWN;
  const size_t glen = (64 << 20) + PAGE;
  void *g = mmap(NULL, glen, PROT_NONE, gflags, -1, 0);
  if (g == MAP_FAILED) return;
  /* Move the guard down so that the scenario's first mapping ends (1 MiB below it) at an address
     that is 0x1ff000 modulo 2 MiB, as below faultline's mmap_base (0x7ffff7fff000 on x86_64,
     0xfffff7fff000 on arm64): what depends on the virtual address's alignment (fault-around's
     64 KiB windows, 2 MiB-aligned placement) then matches the engine. The gap this leaves above
     the guard is filled below. */
  unsigned long long top = (unsigned long long)(uintptr_t)g - (1ULL << 20);
  unsigned long long delta = (top - 0x1ff000ULL) & ((2ULL << 20) - 1);
  if (delta) {
    munmap(g, glen);
    void *g2 = mmap((char *)g - delta, glen, PROT_NONE, gflags | MAP_FIXED_NOREPLACE, -1, 0);
    g = g2 != MAP_FAILED ? g2 : mmap(NULL, glen, PROT_NONE, gflags, -1, 0);
    if (g == MAP_FAILED) return;
  }
  if (read_file("/proc/self/maps", MAPS_BUF, sizeof MAPS_BUF) < 0) return;
  unsigned long long prev_end = 0;
  for (char *line = MAPS_BUF; *line;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    unsigned long long s, e;
    if (sscanf(line, "%llx-%llx", &s, &e) == 2) {
      int stack = strstr(line, "[stack]") != NULL;
      if (!stack && prev_end >= (unsigned long long)(uintptr_t)g && s > prev_end)
        mmap((void *)(uintptr_t)prev_end, s - prev_end, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
      if (stack) break;
      prev_end = e;
    }
    if (!nl) break;
    line = nl + 1;
  }
}

static void prefault_helper_maps(void) {
  for (int i = 0; i < NHELPER; i++)
    for (unsigned long long a = HELPER_MAP[i][0]; a < HELPER_MAP[i][1] && touch_page(a); a += PAGE) {}
}

static void __attribute__((noinline)) touch_stack(size_t n) {
  volatile char big[n];
  for (size_t i = 0; i < n; i += 256) big[i] = 0;
  (void)big[0];
}

static void *warm_thread(void *arg) {
  return arg;
}

static void send_rep(int kind) {
  struct rep r = {kind, (int)OUTLEN[MY_SLOT], getpid(), (int)syscall(SYS_gettid), BIND_IDX, CHILD_PID, BIND_VAL};
  write_full(REP_WR[MY_SLOT], &r, sizeof r);
  write_full(REP_WR[MY_SLOT], OUTBUF[MY_SLOT], OUTLEN[MY_SLOT]);
}

/* The scenario's main process, before its first step: fds 3..99 closed, the address space
   arranged as a fresh process's, then the RSS baseline. With RESIDENT_BASELINE, every page the
   runtime will touch is made resident first, so that rss shows the scenario's pages only. */
static void scenario_process_init(void) {
  for (int fd = 3; fd < HELPER_FD_MIN; fd++) close(fd);
  /* one heap arena that never shrinks, grown now: glibc may allocate (a new thread's TLS) */
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  void *heap = malloc(4 << 20);
  if (heap) {
    if (RESIDENT_BASELINE) memset(heap, 1, 4 << 20);
    free(heap);
  }
  install_fault_handlers();
  if (RESIDENT_BASELINE) {
    memset(OUTBUF, 0, sizeof OUTBUF);
    memset(SCRATCH, 0, sizeof SCRATCH);
    memset(STACKS, 0, sizeof STACKS);
    memset(MAPS_BUF, 0, sizeof MAPS_BUF);
  }
  /* run every path once so that lazy binding and first-use allocations happen now */
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setstack(&at, STACKS[MAIN_SLOT], STACK_SIZE);
  pthread_t t;
  if (pthread_create(&t, &at, warm_thread, NULL) == 0) pthread_join(t, NULL);
  pthread_attr_destroy(&at);
  MY_SLOT = MAIN_SLOT;
  do_rss();
  do_pagemap((unsigned long long)(uintptr_t)OUTBUF, 1);
  put_ret_addr(0, 0);
  put_ret_int(-1, EINVAL);
  OUTLEN[MY_SLOT] = 0;
  if (RESIDENT_BASELINE) {
    touch_stack(512 * 1024);
    scan_helper_maps();
    prefault_helper_maps();
  }
  make_guard_gap();
  read_rss(&BASE_ANON, &BASE_FILE, &BASE_SHMEM);
}

static void start_thread(int slot);

static void worker_loop(void) {
  for (;;) {
    struct cmd c;
    if (read_full(CMD_RD[MY_SLOT], &c, sizeof c)) _exit(0);
    memcpy(V, c.v, sizeof V);
    memcpy(VSEQ, c.vseq, sizeof VSEQ);
    memcpy(TIDS, c.tid, sizeof TIDS);
    BINDSEQ = c.bindseq;
    OUTLEN[MY_SLOT] = 0;
    BIND_IDX = -1;
    CHILD_PID = 0;
    if (c.kind == CMD_SPAWN) start_thread(c.arg);
    else run_step(c.step);
    send_rep(REP_DONE);
    if (EXIT_REQ) _exit(EXIT_STATUS);
  }
}

static void *thread_main(void *arg) {
  MY_SLOT = (int)(intptr_t)arg;
  BIND_IDX = -1;
  send_rep(REP_READY);
  worker_loop();
  return NULL;
}

/* A scenario thread, on a stack made resident before the baseline; it says REP_READY itself. */
static void start_thread(int slot) {
  pthread_attr_t at;
  pthread_attr_init(&at);
  pthread_attr_setstack(&at, STACKS[slot], STACK_SIZE);
  pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  if (pthread_create(&t, &at, thread_main, (void *)(intptr_t)slot)) _exit(120);
  pthread_attr_destroy(&at);
}

/* Unless LAZY_THREADS, every thread a process will run starts with the process. (The format
   starts a thread when a step first names it; where nothing a record shows depends on when, as on
   x86_64, starting early means a blocked main thread cannot stop it.) */
static void spawn_threads(int main_slot) {
  if (LAZY_THREADS) return;
  for (int slot = 0; slot < NSLOTS; slot++)
    if (slot != main_slot && SLOT_PROC_MAIN[slot] == main_slot) start_thread(slot);
}

/* The fork step: the child's forking thread becomes the child process's main thread. */
static void do_fork(int child_slot) {
  errno = 0;
  pid_t pid = fork();
  int e = errno;
  if (pid == 0) {
    MY_SLOT = child_slot;
    OUTLEN[MY_SLOT] = 0;
    EXIT_REQ = 0;
    prefault_helper_maps();
    BIND_IDX = -1;
    CHILD_PID = 0;
    send_rep(REP_READY);
    spawn_threads(child_slot);
    worker_loop();
  }
  if (pid < 0) {
    put_ret_int(-1, e);
    return;
  }
  CHILD_PID = pid;
  out(",\"ret\":\"%s\",\"errno\":null", SLOT_PROC[child_slot]);
}

/* exit(2): the reply is sent first (worker_loop), then the process exits. */
static void do_exit(long long status) {
  EXIT_REQ = 1;
  EXIT_STATUS = (int)status;
}
