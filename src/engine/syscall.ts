/** A system call's outcome as userspace sees it: a return value, or -1 and an errno. */
export interface SysResult {
  ret: number | string;
  errno: string | null;
  /** ret is an address, to be printed relative to a named mapping. */
  isAddr?: boolean;
}

export function ok(ret: number | string = 0): SysResult {
  return { ret, errno: null };
}

export function okAddr(addr: number): SysResult {
  return { ret: addr, errno: null, isAddr: true };
}

export function fail(errno: string): SysResult {
  return { ret: -1, errno };
}
