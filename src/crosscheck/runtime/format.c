/* format.c: a step's record fields (format section 5), formatted into the calling thread's output
   buffer: symbolic addresses, errno names, bit masks as uAPI names, signals, pagemap characters;
   and JSON strings on the driver's stdout. */

static char OUTBUF[NSLOTS][OUT_MAX];
static size_t OUTLEN[NSLOTS];
static __thread int MY_SLOT;

/* Appends formatted text to the record (silently cut at OUT_MAX). */
static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...) {
  char *b = OUTBUF[MY_SLOT];
  size_t n = OUTLEN[MY_SLOT];
  if (n >= OUT_MAX - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(b + n, OUT_MAX - n, fmt, ap);
  va_end(ap);
  if (k > 0) OUTLEN[MY_SLOT] = n + (size_t)k < OUT_MAX ? n + (size_t)k : OUT_MAX - 1;
}

/* Appends n bytes as lower-case hex ("aa00ff"). */
static void out_hex(const unsigned char *p, long long n) {
  static const char digits[] = "0123456789abcdef";
  char *b = OUTBUF[MY_SLOT];
  size_t len = OUTLEN[MY_SLOT];
  for (long long i = 0; i < n && len + 2 < OUT_MAX; i++) {
    b[len++] = digits[p[i] >> 4];
    b[len++] = digits[p[i] & 15];
  }
  b[len] = 0;
  OUTLEN[MY_SLOT] = len;
}

/* An address relative to the nearest named address at or below it: "p", "p+0x2000". */
static const char *fmt_addr(unsigned long long a, char *buf, size_t n) {
  int best = -1;
  for (int i = 0; i < NNAMES; i++) {
    if (!NAME_IS_ADDR[i] || !VSEQ[i] || V[i] == -1) continue;
    unsigned long long v = (unsigned long long)V[i];
    if (v > a) continue;
    unsigned long long bv = best < 0 ? 0 : (unsigned long long)V[best];
    if (best < 0 || v > bv || (v == bv && VSEQ[i] > VSEQ[best])) best = i;
  }
  if (best < 0) snprintf(buf, n, "0x%llx", a);
  else if ((unsigned long long)V[best] == a) snprintf(buf, n, "%s", NAME[best]);
  else snprintf(buf, n, "%s+0x%llx", NAME[best], a - (unsigned long long)V[best]);
  return buf;
}

static const char *errno_name(int e) {
  static __thread char buf[16];
  if (e > 0 && e < NERRNO && ERRNO_NAME[e]) return ERRNO_NAME[e];
  snprintf(buf, sizeof buf, "E%d", e);
  return buf;
}

static void put_errno(long long r, int e) {
  if (r == -1) out(",\"errno\":\"%s\"", errno_name(e));
  else out(",\"errno\":null");
}

static void put_ret_int(long long r, int e) {
  out(",\"ret\":%lld", r);
  put_errno(r, e);
}

static void put_ret_addr(long long r, int e) {
  char b[160];
  if (r == -1) out(",\"ret\":-1");
  else out(",\"ret\":\"%s\"", fmt_addr((unsigned long long)r, b, sizeof b));
  put_errno(r, e);
}

/* A mask as names joined by '|', in increasing value order, "0" when empty; bits no name
   covers follow as one hex literal (the same rule as formatFlags in src/scenario/flags.ts).
   The table is in the order names are preferred (wider masks first). */
static void put_mask(const char *sep, const char *key, unsigned long long m, const struct flagname *t, int n) {
  int chosen[64], k = 0;
  unsigned long long rest = m;
  for (int i = 0; i < n && k < 64; i++) {
    if (t[i].v && (rest & t[i].v) == t[i].v) {
      chosen[k++] = i;
      rest &= ~t[i].v;
    }
  }
  for (int i = 1; i < k; i++) {
    for (int j = i; j > 0 && t[chosen[j]].v < t[chosen[j - 1]].v; j--) {
      int x = chosen[j];
      chosen[j] = chosen[j - 1];
      chosen[j - 1] = x;
    }
  }
  out("%s\"%s\":\"", sep, key);
  if (m == 0) out("0");
  for (int i = 0; i < k; i++) out("%s%s", i ? "|" : "", t[chosen[i]].name);
  if (rest) out("%s0x%llx", k ? "|" : "", rest);
  out("\"");
}

/* The name of an enumerated value, or its hex. */
static const char *enum_name(unsigned long long v, const struct flagname *t, int n, char *buf, size_t bn) {
  for (int i = 0; i < n; i++)
    if (t[i].v == v) return t[i].name;
  snprintf(buf, bn, "0x%llx", v);
  return buf;
}

static const char *signal_name(int s) {
  static __thread char buf[16];
  switch (s) {
  case SIGSEGV: return "SIGSEGV";
  case SIGBUS: return "SIGBUS";
  case SIGILL: return "SIGILL";
  }
  snprintf(buf, sizeof buf, "SIG%d", s);
  return buf;
}

/* si_code names from include/uapi/asm-generic/siginfo.h (the same numbers on both targets). */
static const char *si_code_name(int s, int c) {
  static __thread char buf[16];
  if (s == SIGSEGV) {
    switch (c) {
    case 1: return "SEGV_MAPERR";
    case 2: return "SEGV_ACCERR";
    case 3: return "SEGV_BNDERR";
    case 4: return "SEGV_PKUERR";
    case 8: return "SEGV_MTEAERR";
    case 9: return "SEGV_MTESERR";
    }
  }
  if (s == SIGBUS) {
    switch (c) {
    case 1: return "BUS_ADRALN";
    case 2: return "BUS_ADRERR";
    case 3: return "BUS_OBJERR";
    case 4: return "BUS_MCEERR_AR";
    case 5: return "BUS_MCEERR_AO";
    }
  }
  if (s == SIGILL) {
    switch (c) {
    case 1: return "ILL_ILLOPC";
    case 2: return "ILL_ILLOPN";
    }
  }
  if (c == 0x80) return "SI_KERNEL";
  snprintf(buf, sizeof buf, "%d", c);
  return buf;
}

/* A thread id as the scenario's thread name (uffd_msg ptid). */
static const char *tid_name(unsigned int tid, char *buf, size_t n) {
  for (int s = 0; s < NSLOTS; s++)
    if (TIDS[s] && (unsigned int)TIDS[s] == tid) return SLOT_THREAD[s];
  snprintf(buf, n, "%u", tid);
  return buf;
}

/* One pagemap character (format 5): z zero page, x exclusive, s shared, p poison marker. */
static char page_char(unsigned long long e) {
  if (e & PM_PRESENT) {
    if (HAVE_ZERO_PFN && (e & PM_PFN) == ZERO_PFN) return 'z';
    return (e & PM_EXCLUSIVE) ? 'x' : 's';
  }
  if ((e & PM_SWAP) && HAVE_POISON && (e & PM_PFN) == POISON_FRAME) return 'p';
  return '.';
}

/* A C string as a JSON string on stdout (the driver's records and errors). */
static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}
