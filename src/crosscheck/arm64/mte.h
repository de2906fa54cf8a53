/* arm64/mte.h: what the MTE steps need besides the shared prelude. */
#include <dirent.h>

/* asynchronous and synchronous tag-check faults (include/uapi/asm-generic/siginfo.h) */
#ifndef SEGV_MTEAERR
#define SEGV_MTEAERR 8
#endif
#ifndef SEGV_MTESERR
#define SEGV_MTESERR 9
#endif

/* tag(p, n) of format section 2: the pointer with logical tag n in bits 56..59 */
#define TAG(p, n) ((long long)(((unsigned long long)(p) & ~(0xfULL << 56)) | ((unsigned long long)(n) << 56)))
