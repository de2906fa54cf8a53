import { describe, expect, it } from 'vitest';
import { definedNames, definedNamesAsm, functionName } from './defined';

describe('definedNames (C in the kernel coding style)', () => {
  it('finds definitions with the return type on the same line or the line before', () => {
    const src = [
      'static int first(int a)',
      '{',
      '\treturn a;',
      '}',
      '',
      'static noinline void',
      'second(struct pt_regs *regs, unsigned long address)',
      '{',
      '\tif (address) {',
      '\t\tfirst(1);',
      '\t}',
      '}',
    ].join('\n');
    expect(definedNames(src)).toEqual(['first', 'second']);
  });

  it('leaves out declarations, initialisers and calls inside bodies', () => {
    const src = [
      'int declared(void);',
      'static const struct ops table = {',
      '\t.fn = declared,',
      '};',
      'void defined(void) { declared(); }',
    ].join('\n');
    expect(definedNames(src)).toEqual(['defined']);
  });

  it('names system calls as sys_NAME and skips attribute macros before the name', () => {
    expect(
      functionName(
        'SYSCALL_DEFINE3(ioctl, unsigned int, fd, unsigned int, cmd, unsigned long, arg)',
      ),
    ).toBe('sys_ioctl');
    expect(functionName('__printf(1, 2) void report(const char *fmt, ...)')).toBe('report');
    expect(
      functionName('static void __split_vma(struct vm_area_struct *vma) __must_hold(lock)'),
    ).toBe('__split_vma');
    expect(functionName('DEFINE_IDTENTRY_RAW_ERRORCODE(exc_page_fault)')).toBe('exc_page_fault');
    expect(functionName('static DEFINE_PER_CPU(int, counter)')).toBeNull();
    // arm64's entry-common.c: macro lines without a semicolon before a definition.
    expect(
      functionName(
        'UNHANDLED(el1t, 64, sync)\nUNHANDLED(el1t, 64, irq)\nstatic void noinstr el1_abort(struct pt_regs *regs)',
      ),
    ).toBe('el1_abort');
  });

  it('takes function-like macros, not constants, and ignores comments and strings', () => {
    const src = [
      '#define alloc_page(gfp) alloc_pages(gfp, 0)',
      '#define PAGE_SHIFT 12',
      '#define ALL_CAPS(x) (x)',
      '/* void commented(void) { } */',
      'static const char *s = "void quoted(void) {";',
    ].join('\n');
    expect(definedNames(src)).toEqual(['alloc_page']);
  });
});

describe('definedNamesAsm', () => {
  it('finds routines and assembler macros', () => {
    const src = [
      '\t.macro check_mte_async_tcf, tmp, ti_flags',
      '\t.endm',
      'SYM_FUNC_START(mte_clear_page_tags)',
      'SYM_CODE_START_LOCAL(el\\el\\()_\\label)',
    ].join('\n');
    expect(definedNamesAsm(src)).toEqual(['mte_clear_page_tags', 'check_mte_async_tcf']);
  });
});
