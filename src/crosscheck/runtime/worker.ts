/**
 * C for the scenario processes: CPU accesses that catch SIGSEGV/SIGBUS and go on (format 4),
 * pagemap and RSS readers, uffd_msg printing, and the loop every scenario thread runs: read a
 * step number from its command pipe, run the step, send the record's fields back to the driver.
 */
export const WORKER_C = String.raw`
static unsigned char SCRATCH[NSLOTS][SCRATCH_MAX];
static char STACKS[NSLOTS][STACK_SIZE] __attribute__((aligned(4096)));
static long long BASE_ANON, BASE_FILE, BASE_SHMEM;
static int EXIT_REQ, EXIT_STATUS;
static __thread int BIND_IDX, CHILD_PID;
static __thread long long BIND_VAL;

static __thread sigjmp_buf JB;
static __thread volatile sig_atomic_t IN_ACCESS;
static __thread volatile int FAULT_SIG, FAULT_CODE;

static void on_fault(int sig, siginfo_t *si, void *uc) {
  (void)uc;
  if (!IN_ACCESS) {
    /* a fault outside a scenario access is a bug of this program: die as the kernel meant */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  FAULT_SIG = sig;
  FAULT_CODE = si->si_code;
  IN_ACCESS = 0;
  siglongjmp(JB, 1);
}

static void bind_name(int idx, long long v) {
  V[idx] = v;
  VSEQ[idx] = ++BINDSEQ;
  BIND_IDX = idx;
  BIND_VAL = v;
}

static void put_signal(void) {
  out(",\"signal\":\"%s\",\"si_code\":\"%s\"", signal_name(FAULT_SIG), si_code_name(FAULT_SIG, FAULT_CODE));
}

/* A CPU load of n bytes, one byte at a time in address order (the first byte of each page
   takes that page's fault). */
static void do_load(unsigned long long a, long long n) {
  unsigned char *buf = SCRATCH[MY_SLOT];
  if (n < 0 || n > SCRATCH_MAX) {
    out(",\"error\":\"load length out of range\"");
    return;
  }
  if (sigsetjmp(JB, 1) == 0) {
    IN_ACCESS = 1;
    for (long long i = 0; i < n; i++) buf[i] = ((volatile unsigned char *)(uintptr_t)a)[i];
    IN_ACCESS = 0;
    out(",\"value\":\"");
    out_hex(buf, n);
    out("\"");
  } else {
    put_signal();
  }
}

/* CPU stores of total bytes, repeating the n bytes of src (a plain store when total == n). */
static void do_store(unsigned long long a, const unsigned char *src, long long n, long long total) {
  if (n <= 0) return;
  volatile unsigned char *d = (volatile unsigned char *)(uintptr_t)a;
  if (sigsetjmp(JB, 1) == 0) {
    IN_ACCESS = 1;
    for (long long i = 0, j = 0; i < total; i++) {
      d[i] = src[j];
      if (++j == n) j = 0;
    }
    IN_ACCESS = 0;
  } else {
    put_signal();
  }
}

static void do_pagemap(unsigned long long a, long long len) {
  unsigned long long first = a / PAGE;
  long long np = len > 0 ? (long long)((a + (unsigned long long)len - 1) / PAGE - first + 1) : 0;
  char *pages = (char *)SCRATCH[MY_SLOT], *wp = pages + SCRATCH_MAX / 2;
  if (np > SCRATCH_MAX / 2 - 1) {
    out(",\"error\":\"pagemap range too long\"");
    return;
  }
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  for (long long i = 0; i < np; i++) {
    unsigned long long e = fd >= 0 ? pagemap_entry(fd, (first + (unsigned long long)i) * PAGE) : 0;
    pages[i] = page_char(e);
    wp[i] = (e & PM_UFFD_WP) ? 'w' : '-';
  }
  if (fd >= 0) close(fd);
  pages[np] = 0;
  wp[np] = 0;
  out(",\"pages\":\"%s\",\"uffd_wp\":\"%s\"", pages, wp);
}

static long long status_kb(const char *status, const char *key) {
  const char *p = strstr(status, key);
  return p ? atoll(p + strlen(key)) : 0;
}

static int read_rss(long long *anon, long long *file, long long *shmem) {
  char b[8192];
  if (read_file("/proc/self/status", b, sizeof b) < 0) return -1;
  *anon = status_kb(b, "RssAnon:") * 1024 / PAGE;
  *file = status_kb(b, "RssFile:") * 1024 / PAGE;
  *shmem = status_kb(b, "RssShmem:") * 1024 / PAGE;
  return 0;
}

static void do_rss(void) {
  long long a = 0, f = 0, s = 0;
  read_rss(&a, &f, &s);
  out(",\"rss\":{\"anon\":%lld,\"file\":%lld,\"shmem\":%lld}", a - BASE_ANON, f - BASE_FILE, s - BASE_SHMEM);
}

static void put_msgs(const unsigned char *b, long long n) {
  char x[160], y[160];
  out(",\"msgs\":[");
  for (long long i = 0; i < n; i++) {
    struct uffd_msg m;
    memcpy(&m, b + i * (long long)sizeof m, sizeof m);
    out("%s{\"event\":\"%s\"", i ? "," : "", enum_name(m.event, EVENT_NAMES, NEVENT_NAMES, x, sizeof x));
    switch (m.event) {
    case UFFD_EVENT_PAGEFAULT:
      put_mask(",", "flags", m.arg.pagefault.flags, PF_FLAG_NAMES, NPF_FLAG_NAMES);
      out(",\"address\":\"%s\"", fmt_addr(m.arg.pagefault.address, x, sizeof x));
      if (m.arg.pagefault.feat.ptid) out(",\"ptid\":\"%s\"", tid_name(m.arg.pagefault.feat.ptid, y, sizeof y));
      break;
    case UFFD_EVENT_FORK:
      out(",\"ufd\":%u", m.arg.fork.ufd);
      break;
    case UFFD_EVENT_REMAP:
      out(",\"from\":\"%s\",\"to\":\"%s\",\"len\":%llu", fmt_addr(m.arg.remap.from, x, sizeof x),
          fmt_addr(m.arg.remap.to, y, sizeof y), (unsigned long long)m.arg.remap.len);
      break;
    case UFFD_EVENT_REMOVE:
    case UFFD_EVENT_UNMAP:
      out(",\"start\":\"%s\",\"end\":\"%s\"", fmt_addr(m.arg.remove.start, x, sizeof x),
          fmt_addr(m.arg.remove.end, y, sizeof y));
      break;
    }
    out("}");
  }
  out("]");
}

static void do_read(int fd, long long count) {
  long long want = count * (long long)sizeof(struct uffd_msg);
  if (want < 0 || want > SCRATCH_MAX) want = SCRATCH_MAX;
  errno = 0;
  long long r = read(fd, SCRATCH[MY_SLOT], (size_t)want);
  int e = errno;
  put_ret_int(r, e);
  if (r >= 0) put_msgs(SCRATCH[MY_SLOT], r / (long long)sizeof(struct uffd_msg));
}

static void do_poll(int fd, long long timeout) {
  struct pollfd p = {fd, POLLIN, 0};
  errno = 0;
  long long r = poll(&p, 1, (int)timeout);
  put_ret_int(r, errno);
}

/* ---- process set-up: make the helper's own memory resident before the baseline ---- */

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
     that is 0x1ff000 modulo 2 MiB, as below faultline's mmap_base (0x7ffff7fff000): what depends
     on the virtual address's alignment (fault-around's 64 KiB windows, 2 MiB-aligned placement)
     then matches the engine. The gap this leaves above the guard is filled below. */
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

/* Reads one byte; 0 when that faulted (a file mapping may end before its VMA does). */
static int touch_page(unsigned long long a) {
  if (sigsetjmp(JB, 1)) return 0;
  IN_ACCESS = 1;
  (void)*(volatile unsigned char *)(uintptr_t)a;
  IN_ACCESS = 0;
  return 1;
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

static void scenario_process_init(void) {
  for (int fd = 3; fd < HELPER_FD_MIN; fd++) close(fd);
  /* one heap arena that never shrinks, grown now: glibc may allocate (a new thread's TLS) */
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  void *heap = malloc(4 << 20);
  if (heap) {
    memset(heap, 1, 4 << 20);
    free(heap);
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);
  memset(OUTBUF, 0, sizeof OUTBUF);
  memset(SCRATCH, 0, sizeof SCRATCH);
  memset(STACKS, 0, sizeof STACKS);
  memset(MAPS_BUF, 0, sizeof MAPS_BUF);
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
  touch_stack(512 * 1024);
  scan_helper_maps();
  prefault_helper_maps();
  make_guard_gap();
  read_rss(&BASE_ANON, &BASE_FILE, &BASE_SHMEM);
}

static void run_step(int id);

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
    run_step(c.step);
    send_rep(REP_DONE);
    if (EXIT_REQ) _exit(EXIT_STATUS);
  }
}

static void *thread_main(void *arg) {
  MY_SLOT = (int)(intptr_t)arg;
  send_rep(REP_READY);
  worker_loop();
  return NULL;
}

/* Every thread a process will run starts with the process, on a stack made resident before the
   baseline. (The format starts a thread when a step first names it; on x86_64 nothing a record
   shows depends on when, and starting early means a blocked main thread cannot stop it.) */
static void spawn_threads(int main_slot) {
  for (int slot = 0; slot < NSLOTS; slot++) {
    if (slot == main_slot || SLOT_PROC_MAIN[slot] != main_slot) continue;
    pthread_attr_t at;
    pthread_attr_init(&at);
    pthread_attr_setstack(&at, STACKS[slot], STACK_SIZE);
    pthread_t t;
    if (pthread_create(&t, &at, thread_main, (void *)(intptr_t)slot)) _exit(120);
    pthread_attr_destroy(&at);
  }
}

/* The fork step: the child's forking thread becomes the child process's main thread. */
static void do_fork(int child_slot, int bind_idx) {
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
  (void)bind_idx;
  out(",\"ret\":\"%s\",\"errno\":null", SLOT_PROC[child_slot]);
}

static void do_exit(long long status) {
  EXIT_REQ = 1;
  EXIT_STATUS = (int)status;
}
`;
