/* arm64/mte.c: the MTE steps (the tag instructions STG, ST2G, STZG, STZ2G, LDG, IRG, ADDG, SUBG,
   DC GZVA, and the sysfs mte_tcf_preferred file), and the shared runtime's hooks (runtime.h) on
   arm64, where a tag-check fault in ASYNC mode arrives after the access
   (docs/reference/refpage-mte.md C4). Built with -march=armv8.5-a+memtag. */

static int arch_fault_is_async(int sig, const siginfo_t *si) {
  return sig == SIGSEGV && si->si_code == SEGV_MTEAERR;
}

/* The kernel delivers a pending asynchronous tag-check fault on its next entry: enter it. */
static void arch_deliver_async_faults(void) {
  syscall(SYS_getppid);
}

static void arch_driver_init(void) {}

/* STG/ST2G/STZG/STZ2G over len bytes from addr, one instruction per granule (or pair). */
enum { TAG_STG, TAG_ST2G, TAG_STZG, TAG_STZ2G };

static void do_tagstore(int kind, unsigned long long addr, long long len) {
  long long unit = (kind == TAG_ST2G || kind == TAG_STZ2G) ? 32 : 16;
  if (sigsetjmp(JB, 1) == 0) {
    access_begin();
    for (long long off = 0; off < len; off += unit) {
      unsigned long long a = addr + (unsigned long long)off;
      switch (kind) {
      case TAG_STG: __asm__ volatile("stg %0, [%0]" : : "r"(a) : "memory"); break;
      case TAG_ST2G: __asm__ volatile("st2g %0, [%0]" : : "r"(a) : "memory"); break;
      case TAG_STZG: __asm__ volatile("stzg %0, [%0]" : : "r"(a) : "memory"); break;
      case TAG_STZ2G: __asm__ volatile("stz2g %0, [%0]" : : "r"(a) : "memory"); break;
      }
    }
    access_end();
  } else {
    put_signal();
  }
}

/* LDG of every granule that [addr, addr + len) touches: their tags as hex digits. */
static void do_ldg(unsigned long long addr, long long len) {
  unsigned long long start = addr & ~15ULL;
  unsigned long long end = (addr + (unsigned long long)(len < 1 ? 1 : len) + 15) & ~15ULL;
  char *tags = (char *)SCRATCH[MY_SLOT];
  int n = 0;
  if (sigsetjmp(JB, 1) == 0) {
    access_begin();
    for (unsigned long long a = start; a < end && n < SCRATCH_MAX - 1; a += 16) {
      unsigned long long t = 0;
      __asm__ volatile("ldg %0, [%1]" : "+r"(t) : "r"(a) : "memory");
      tags[n++] = "0123456789abcdef"[(t >> 56) & 15];
    }
    access_end();
    tags[n] = 0;
    out(",\"value\":\"%s\"", tags);
  } else {
    put_signal();
  }
}

static void do_dc_gzva(unsigned long long addr) {
  if (sigsetjmp(JB, 1) == 0) {
    access_begin();
    __asm__ volatile("dc gzva, %0" : : "r"(addr) : "memory");
    access_end();
  } else {
    put_signal();
  }
}

/* The tag of a tagged pointer an instruction made: the record's value, bound to the step's `as`. */
static void put_tagged(unsigned long long r, int bind) {
  if (bind >= 0) bind_name(bind, (long long)r);
  out(",\"value\":\"%x\"", (unsigned)((r >> 56) & 15));
}

static void do_irg(unsigned long long addr, unsigned long long exclude, int bind) {
  unsigned long long r = 0;
  if (sigsetjmp(JB, 1) == 0) {
    access_begin();
    __asm__ volatile("irg %0, %1, %2" : "=r"(r) : "r"(addr), "r"(exclude));
    access_end();
    put_tagged(r, bind);
  } else {
    put_signal();
  }
}

/* ADDG/SUBG: their offsets are immediates, so each step compiles its own instruction. */
#define DO_TAGARITH(insn, addr, off, toff, bind)                                     \
  do {                                                                               \
    unsigned long long r_ = 0, a_ = (addr);                                          \
    if (sigsetjmp(JB, 1) == 0) {                                                     \
      access_begin();                                                                \
      __asm__ volatile(insn " %0, %1, #" #off ", #" #toff : "=r"(r_) : "r"(a_));     \
      access_end();                                                                  \
      put_tagged(r_, (bind));                                                        \
    } else {                                                                         \
      put_signal();                                                                  \
    }                                                                                \
  } while (0)

/* Writes value to every CPU's mte_tcf_preferred; the first failure is the step's errno. */
static void do_tcf_preferred(const char *value) {
  DIR *d = opendir("/sys/devices/system/cpu");
  int ret = 0, err = 0, found = 0;
  struct dirent *de;
  while (d && (de = readdir(d))) {
    if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' || de->d_name[3] > '9') continue;
    char path[300];
    snprintf(path, sizeof path, "/sys/devices/system/cpu/%s/mte_tcf_preferred", de->d_name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      if (!ret) {
        ret = -1;
        err = errno;
      }
      continue;
    }
    found = 1;
    if (write(fd, value, strlen(value)) < 0 && !ret) {
      ret = -1;
      err = errno;
    }
    close(fd);
  }
  if (d) closedir(d);
  if (!found && !ret) {
    ret = -1;
    err = ENOENT;
  }
  put_ret_int(ret, err);
}
