/**
 * vm_flags arithmetic past bit 31. VMA flags are doubles (up to 2^53), but JavaScript's bit
 * operators work on 32 bits: `flags | VM_MTE` or `flags & ~VM_SHARED` silently drops VM_MTE,
 * VM_MTE_ALLOWED and VM_UFFD_MINOR (bits 34-36). These helpers split the value in two 32-bit
 * halves. (`flags & SMALL_MASK` is safe: ToInt32 keeps the low 32 bits.)
 */
const HI = 2 ** 32;

function split(x: number): [number, number] {
  return [Math.floor(x / HI), x % HI];
}

function join(hi: number, lo: number): number {
  return (hi >>> 0) * HI + (lo >>> 0);
}

/** flags | bits */
export function vmSet(flags: number, bits: number): number {
  const [fh, fl] = split(flags);
  const [bh, bl] = split(bits);
  return join(fh | bh, fl | bl);
}

/** flags & ~bits */
export function vmClear(flags: number, bits: number): number {
  const [fh, fl] = split(flags);
  const [bh, bl] = split(bits);
  return join(fh & ~bh, fl & ~bl);
}

/** flags & bits, as a boolean: any of the bits set. */
export function vmHas(flags: number, bits: number): boolean {
  const [fh, fl] = split(flags);
  const [bh, bl] = split(bits);
  return (fh & bh) !== 0 || (fl & bl) >>> 0 !== 0;
}
