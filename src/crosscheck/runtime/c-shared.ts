/**
 * C that both generated runtimes carry word for word: the x86_64 cross-check's (runtime/*.ts) and
 * the arm64 MTE runner's (arm64/runtime-c.ts). Each defines OUTBUF, OUTLEN, OUT_MAX and MY_SLOT
 * before including C_OUT.
 */

/** Appending formatted text and hex bytes to the calling thread's record buffer. */
export const C_OUT = String.raw`static void out(const char *fmt, ...) {
  char *b = OUTBUF[MY_SLOT];
  size_t n = OUTLEN[MY_SLOT];
  if (n >= OUT_MAX - 1) return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(b + n, OUT_MAX - n, fmt, ap);
  va_end(ap);
  if (k > 0) OUTLEN[MY_SLOT] = n + (size_t)k < OUT_MAX ? n + (size_t)k : OUT_MAX - 1;
}

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
`;

/** A C string printed as a JSON string on stdout. */
export const C_JSON_STRING = String.raw`static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}
`;
