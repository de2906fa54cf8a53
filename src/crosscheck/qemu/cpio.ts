/**
 * A newc ("070701") cpio archive, as the kernel's initramfs unpacker reads it, written directly
 * (no cpio binary, no mknod and so no root needed for /dev/console).
 */
export type CpioEntry =
  | { kind: 'dir'; name: string; mode?: number }
  | { kind: 'file'; name: string; data: Uint8Array; mode?: number }
  | { kind: 'chardev'; name: string; major: number; minor: number; mode?: number };

const enc = new TextEncoder();

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

export function newcArchive(entries: readonly CpioEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let ino = 1;
  const add = (
    name: string,
    mode: number,
    data: Uint8Array,
    rmaj = 0,
    rmin = 0,
    nlink = 1,
  ): void => {
    const nameBytes = enc.encode(name + '\0');
    const header =
      '070701' +
      [ino++, mode, 0, 0, nlink, 0, data.length, 0, 0, rmaj, rmin, nameBytes.length, 0]
        .map(hex8)
        .join('');
    parts.push(enc.encode(header), nameBytes, new Uint8Array(pad4(110 + nameBytes.length)));
    parts.push(data, new Uint8Array(pad4(data.length)));
  };
  for (const e of entries) {
    if (e.kind === 'dir') add(e.name, 0o040000 | (e.mode ?? 0o755), new Uint8Array(0), 0, 0, 2);
    else if (e.kind === 'file') add(e.name, 0o100000 | (e.mode ?? 0o644), e.data);
    else add(e.name, 0o020000 | (e.mode ?? 0o600), new Uint8Array(0), e.major, e.minor);
  }
  add('TRAILER!!!', 0, new Uint8Array(0));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
