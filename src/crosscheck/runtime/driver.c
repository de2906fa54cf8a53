/* driver.c: the program's first process, which runs no step itself. It forks the scenario's
   `main` process, sends each step to the thread that runs it, prints the records in scenario order
   (each line starting with RECORD_PREFIX), and decides whether a thread is blocked by looking at it
   from outside: a thread asleep in handle_userfault (a fault on a registered range) or in
   userfaultfd_event_wait_completion (fork, mremap, madvise or munmap waiting for a monitor to read
   their event) is blocked; after every step, a blocked thread that is no longer asleep there with
   the same voluntary-context-switch count was woken, and its `resumed` record follows. */

struct slotstate {
  int started, dead, blocked, pid, tid, block_step, block_seq, block_order;
  long vcsw;
};
static struct slotstate SL[NSLOTS];
static int SEQ, BLOCK_CLOCK, CUR_STEP = -1, CUR_SEQ;
static char RBUF[OUT_MAX + 1];
static int KNOWN_PIDS[256], NKNOWN;

static void remember_pid(int pid) {
  if (pid > 0 && NKNOWN < 256) KNOWN_PIDS[NKNOWN++] = pid;
}

static void finish(int code) __attribute__((noreturn));
static void finish(int code) {
  fflush(stdout);
  for (int i = NKNOWN - 1; i >= 0; i--) kill(KNOWN_PIDS[i], SIGKILL);
  while (waitpid(-1, NULL, WNOHANG) > 0) {}
  exit(code);
}

/* A scenario error (format 7): one line naming the step, then stop. */
static void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fatal(const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  printf(RECORD_PREFIX "{\"error\":{\"seq\":%d,\"path\":", CUR_SEQ);
  json_string(CUR_STEP >= 0 ? STEP_PATH[CUR_STEP] : "");
  printf(",\"message\":");
  json_string(msg);
  printf("}}\n");
  finish(3);
}

static void send_cmd(int slot, int kind, int step, int arg) {
  struct cmd c;
  memset(&c, 0, sizeof c);
  c.kind = kind;
  c.step = step;
  c.arg = arg;
  c.bindseq = BINDSEQ;
  memcpy(c.v, V, sizeof V);
  memcpy(c.vseq, VSEQ, sizeof VSEQ);
  for (int s = 0; s < NSLOTS; s++) c.tid[s] = SL[s].tid;
  if (write_full(CMD_WR[slot], &c, sizeof c)) fatal("cannot reach thread %s of %s", SLOT_THREAD[slot], SLOT_PROC[slot]);
}

static void read_rep(int slot, struct rep *r) {
  if (read_full(REP_RD[slot], r, sizeof *r) || r->len < 0 || r->len > OUT_MAX ||
      read_full(REP_RD[slot], RBUF, (size_t)r->len))
    fatal("lost the reply of thread %s of %s", SLOT_THREAD[slot], SLOT_PROC[slot]);
  RBUF[r->len] = 0;
}

/* The thread's scheduler state ('R', 'S', 'D', 'Z'...; 0 when it is gone), where it sleeps, and
   how many times it has gone to sleep. */
static int task_state(int s, char *wchan, size_t wn, long *vcsw) {
  char path[96], b[2048];
  snprintf(path, sizeof path, "/proc/%d/task/%d/stat", SL[s].pid, SL[s].tid);
  if (read_file(path, b, sizeof b) <= 0) return 0;
  char *q = strrchr(b, ')');
  int st = q && q[1] && q[2] ? q[2] : 0;
  snprintf(path, sizeof path, "/proc/%d/task/%d/wchan", SL[s].pid, SL[s].tid);
  if (read_file(path, wchan, wn) < 0) wchan[0] = 0;
  snprintf(path, sizeof path, "/proc/%d/task/%d/status", SL[s].pid, SL[s].tid);
  *vcsw = -1;
  if (read_file(path, b, sizeof b) > 0) {
    char *v = strstr(b, "\nvoluntary_ctxt_switches:");
    if (v) *vcsw = atol(v + 25);
  }
  return st;
}

static int uffd_wait(const char *w) {
  return !strcmp(w, "handle_userfault") || !strcmp(w, "userfaultfd_event_wait_completion");
}

enum { AW_DONE, AW_BLOCKED, AW_DEAD };

/* Waits until the thread replies, or is found blocked (having slept more than min_vcsw times). */
static int await_slot(int s, struct rep *r, long min_vcsw) {
  long long t0 = now_ms();
  for (;;) {
    struct pollfd p = {REP_RD[s], POLLIN, 0};
    if (poll(&p, 1, STATE_POLL_MS) > 0) {
      read_rep(s, r);
      return AW_DONE;
    }
    char w[128];
    long v;
    int st = task_state(s, w, sizeof w, &v);
    if (st == 0 || st == 'Z' || st == 'X') {
      if (poll(&p, 1, 0) > 0) {
        read_rep(s, r);
        return AW_DONE;
      }
      return AW_DEAD;
    }
    int asleep = st == 'S' || st == 'D';
    if (asleep && uffd_wait(w) && v > min_vcsw) {
      SL[s].vcsw = v;
      return AW_BLOCKED;
    }
    if (asleep && !uffd_wait(w) && !strncmp(w, "userfaultfd", 11))
      fatal("%s of %s would wait forever in %s (nothing else runs meanwhile)", SLOT_THREAD[s], SLOT_PROC[s], w);
    if (now_ms() - t0 > STEP_TIMEOUT_MS)
      fatal("%s of %s did not finish in %d ms (state %c, in %s)", SLOT_THREAD[s], SLOT_PROC[s], STEP_TIMEOUT_MS, st, w);
  }
}

static void wait_ready(int s) {
  struct pollfd p = {REP_RD[s], POLLIN, 0};
  if (poll(&p, 1, STEP_TIMEOUT_MS) <= 0) fatal("thread %s of %s did not start", SLOT_THREAD[s], SLOT_PROC[s]);
  struct rep r;
  read_rep(s, &r);
  SL[s].pid = r.pid;
  SL[s].tid = r.tid;
  SL[s].started = 1;
  SL[s].dead = 0;
  remember_pid(r.pid);
}

/* A process has started: wait for its main thread, and unless LAZY_THREADS for every other thread
   it starts at once (spawn_threads), to say so. */
static void wait_process_ready(int main_slot) {
  /* A fork in a repeat reuses the slots of a child that has exited: its threads start afresh. */
  for (int s = 0; s < NSLOTS; s++)
    if (s != main_slot && SLOT_PROC_MAIN[s] == main_slot) SL[s].started = SL[s].dead = SL[s].blocked = 0;
  wait_ready(main_slot);
  if (LAZY_THREADS) return;
  for (int s = 0; s < NSLOTS; s++)
    if (s != main_slot && SLOT_PROC_MAIN[s] == main_slot) wait_ready(s);
}

static void print_record(int id, int seq, const char *extra, const char *body) {
  int s = STEP_SLOT[id];
  printf(RECORD_PREFIX "{\"seq\":%d,\"path\":\"%s\",\"do\":\"%s\",\"proc\":", seq, STEP_PATH[id], STEP_DO[id]);
  json_string(SLOT_PROC[s]);
  printf(",\"thread\":");
  json_string(SLOT_THREAD[s]);
  printf("%s%s}\n", extra, body);
  fflush(stdout);
}

/* exit(2) returns nothing to wait for: the step's reply is sent just before _exit. The process's
   memory is released when its last thread has left exit_mm, so wait until every thread is a zombie
   or gone; otherwise the next step would race with the teardown (a page shared with the exiting
   child would still look shared). */
static void mark_proc_dead(int s) {
  long long t0 = now_ms();
  for (int i = 0; i < NSLOTS; i++) {
    if (SLOT_PROC_MAIN[i] != SLOT_PROC_MAIN[s]) continue;
    for (; SL[i].started;) {
      char w[128];
      long v;
      int st = task_state(i, w, sizeof w, &v);
      if (st == 0 || st == 'Z' || st == 'X') break;
      if (now_ms() - t0 > STEP_TIMEOUT_MS) fatal("process %s did not exit", SLOT_PROC[s]);
      usleep(200);
    }
    SL[i].dead = 1;
    SL[i].blocked = 0;
  }
}

/* What a finished step leaves behind: a binding, a new process, a process gone. */
static void step_done(int id, const struct rep *r) {
  if (r->bind_idx >= 0 && r->bind_idx < NNAMES) {
    V[r->bind_idx] = r->bind_val;
    VSEQ[r->bind_idx] = ++BINDSEQ;
  }
  if (STEP_FORK_CHILD[id] >= 0 && r->child_pid > 0) {
    remember_pid(r->child_pid);
    wait_process_ready(STEP_FORK_CHILD[id]);
  }
  if (!strcmp(STEP_DO[id], "exit")) mark_proc_dead(STEP_SLOT[id]);
}

/* After a step: print a resumed record for each blocked thread the step woke, oldest first. */
static void check_woken(void) {
  int order[NSLOTS], n = 0;
  for (int s = 0; s < NSLOTS; s++)
    if (SL[s].blocked && !SL[s].dead) order[n++] = s;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && SL[order[j]].block_order < SL[order[j - 1]].block_order; j--) {
      int x = order[j];
      order[j] = order[j - 1];
      order[j - 1] = x;
    }
  for (int i = 0; i < n; i++) {
    int b = order[i];
    char w[128];
    long v;
    int st = task_state(b, w, sizeof w, &v);
    if ((st == 'S' || st == 'D') && uffd_wait(w) && v == SL[b].vcsw) continue;
    struct rep r;
    int aw = await_slot(b, &r, SL[b].vcsw);
    if (aw == AW_DONE) {
      SL[b].blocked = 0;
      print_record(SL[b].block_step, SL[b].block_seq, ",\"resumed\":true", RBUF);
      step_done(SL[b].block_step, &r);
    } else if (aw == AW_DEAD) {
      SL[b].dead = 1;
      SL[b].blocked = 0;
    } /* AW_BLOCKED: woken, faulted again, asleep again: still blocked */
  }
}

/* LAZY_THREADS: the process's main thread starts the thread when a step first names it, so the
   new thread inherits what main's has then (arm64: its MTE tag-check mode, format 4). */
static void start_late(int s) {
  int m = SLOT_PROC_MAIN[s];
  if (SL[m].blocked)
    fatal("%s of %s cannot start: thread main is blocked since step %d", SLOT_THREAD[s], SLOT_PROC[s], SL[m].block_seq);
  send_cmd(m, CMD_SPAWN, -1, s);
  struct rep r;
  if (await_slot(m, &r, -1) != AW_DONE) fatal("%s of %s did not start", SLOT_THREAD[s], SLOT_PROC[s]);
  wait_ready(s);
}

static void ensure_started(int s) {
  int m = SLOT_PROC_MAIN[s];
  if (!SL[m].started) fatal("process %s does not exist yet", SLOT_PROC[s]);
  if (SL[s].dead || SL[m].dead) fatal("%s of %s has exited", SLOT_THREAD[s], SLOT_PROC[s]);
  if (!SL[s].started) start_late(s);
}

/* Runs one executed step: its record, then any resumed records it causes. */
static void S(int id) {
  int s = STEP_SLOT[id];
  int seq = ++SEQ;
  CUR_STEP = id;
  CUR_SEQ = seq;
  ensure_started(s);
  int child = STEP_FORK_CHILD[id];
  if (child >= 0 && SL[child].started && !SL[child].dead)
    fatal("a process named %s already exists", SLOT_PROC[child]);
  if (SL[s].blocked)
    fatal("thread %s of %s is blocked since step %d (%s)", SLOT_THREAD[s], SLOT_PROC[s], SL[s].block_seq, STEP_PATH[SL[s].block_step]);
  send_cmd(s, CMD_RUN, id, 0);
  struct rep r;
  int aw = await_slot(s, &r, -1);
  if (aw == AW_DEAD) fatal("process %s died during the step", SLOT_PROC[s]);
  if (aw == AW_DONE) {
    print_record(id, seq, "", RBUF);
    step_done(id, &r);
  } else {
    print_record(id, seq, ",\"blocked\":true", "");
  }
  check_woken();
  if (aw == AW_BLOCKED) {
    SL[s].blocked = 1;
    SL[s].block_step = id;
    SL[s].block_seq = seq;
    SL[s].block_order = ++BLOCK_CLOCK;
  }
}

/* A repeat's `as`: the iteration number, bound before each iteration. */
static void set_loop_var(int idx, long long v) {
  V[idx] = v;
  VSEQ[idx] = ++BINDSEQ;
}

/* What the zero page looks like in this kernel's pagemap (its PFN; hidden from non-root). */
static void probe_zero_pfn(void) {
  void *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return;
  (void)*(volatile unsigned char *)p;
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    unsigned long long e = pagemap_entry(fd, (unsigned long long)(uintptr_t)p);
    close(fd);
    if ((e & PM_PRESENT) && (e & PM_PFN)) {
      ZERO_PFN = e & PM_PFN;
      HAVE_ZERO_PFN = 1;
    }
  }
  munmap(p, PAGE);
}

static int helper_fd(int fd) {
  int h = fcntl(fd, F_DUPFD, HELPER_FD_MIN);
  close(fd);
  return h;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);
  if (sysconf(_SC_PAGESIZE) != PAGE) fatal("this machine's page size is %ld, the scenario's %lld", sysconf(_SC_PAGESIZE), (long long)PAGE);
  /* the scenario's memory is made of base pages: no transparent huge pages (inherited by fork) */
  prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
  probe_zero_pfn();
  arch_driver_init();
  if (!HAVE_ZERO_PFN)
    fprintf(stderr, "warning: /proc/self/pagemap hides PFNs from this user (not CAP_SYS_ADMIN): "
                    "the zero page cannot be told apart, so pagemap shows it as 's'\n");
  for (int s = 0; s < NSLOTS; s++) {
    int c[2], r[2];
    if (pipe(c) || pipe(r)) fatal("pipe: %s", strerror(errno));
    CMD_RD[s] = helper_fd(c[0]);
    CMD_WR[s] = helper_fd(c[1]);
    REP_RD[s] = helper_fd(r[0]);
    REP_WR[s] = helper_fd(r[1]);
  }
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) fatal("fork: %s", strerror(errno));
  if (pid == 0) {
    scenario_process_init();
    MY_SLOT = MAIN_SLOT;
    BIND_IDX = -1;
    send_rep(REP_READY);
    spawn_threads(MAIN_SLOT);
    worker_loop();
  }
  remember_pid(pid);
  wait_process_ready(MAIN_SLOT);
  drive();
  finish(0);
  return 0;
}
