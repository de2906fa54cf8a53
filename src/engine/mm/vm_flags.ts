/**
 * vm_flags arithmetic that stays correct for any flag value. Every VM_* constant is now below 2^31
 * (see state.ts), so plain bit operators are safe too; these helpers remain as the one place that
 * would still be right if a flag past bit 31 were ever added.
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
