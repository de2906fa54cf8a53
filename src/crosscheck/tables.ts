/**
 * The generated C tables: the scenario's names, slots and steps, and the name tables the program
 * prints with (errno names; on x86_64 the uffd feature/ioctl/flag/event names), taken from
 * src/scenario's tables so that the C program and the engine print masks the same way.
 */
import {
  ERRNO,
  UFFD_EVENT_TABLE,
  UFFD_FEATURE_TABLE,
  UFFD_PAGEFAULT_FLAG_TABLE,
  UFFDIO_IOCTLS_TABLE,
  type FlagTable,
} from '../scenario/flags';
import { cString } from './cexpr';
import type { Plan } from './plan';

function strArray(name: string, items: readonly string[]): string {
  const body = items.length ? items.map(cString).join(',\n  ') : '""';
  return `static const char *const ${name}[] = {\n  ${body}\n};`;
}

function intArray(name: string, items: readonly number[]): string {
  return `static const int ${name}[] = {${items.length ? items.join(', ') : '0'}};`;
}

/** A name table in the table's preferred order (see put_mask in runtime/format.c). */
function flagNames(cName: string, countName: string, table: FlagTable): string {
  const rows = table.printable.map(
    (n) => `  {${cString(n)}, 0x${table.values[n]!.toString(16)}ULL},`,
  );
  return `static const struct flagname ${cName}[] = {\n${rows.join('\n')}\n};\n#define ${countName} ${rows.length}`;
}

export function sizesC(plan: Plan, pageSize: number): string {
  return [
    `#define PAGE ${pageSize}LL`,
    `#define NNAMES ${plan.names.length}`,
    `#define NSLOTS ${plan.slots.length}`,
    `#define NSTEPS ${plan.leaves.length}`,
    '#define MAIN_SLOT 0',
  ].join('\n');
}

export function scenarioTablesC(plan: Plan): string {
  const names = plan.names;
  const vars = names.map((n, i) => `#define ${n.cVar} V[${i}]`);
  return [
    '/* the names bound by `as`; an address prints relative to the nearest NAME_IS_ADDR name */',
    strArray(
      'NAME',
      names.map((n) => n.name),
    ),
    `static const unsigned char NAME_IS_ADDR[] = {${names.length ? names.map((n) => (n.isAddr ? 1 : 0)).join(', ') : '0'}};`,
    ...vars,
    '/* the (process, thread) pairs that run steps */',
    strArray(
      'SLOT_PROC',
      plan.slots.map((s) => s.proc),
    ),
    strArray(
      'SLOT_THREAD',
      plan.slots.map((s) => s.thread),
    ),
    intArray(
      'SLOT_PROC_MAIN',
      plan.slots.map((s) => s.procMain),
    ),
    '/* every leaf step: where it stands in the document, its call, who runs it */',
    strArray(
      'STEP_PATH',
      plan.leaves.map((l) => l.path),
    ),
    strArray(
      'STEP_DO',
      plan.leaves.map((l) => l.step.do),
    ),
    intArray(
      'STEP_SLOT',
      plan.leaves.map((l) => l.slot),
    ),
    intArray(
      'STEP_FORK_CHILD',
      plan.leaves.map((l) => plan.forkChild.get(l.id) ?? -1),
    ),
  ].join('\n');
}

/** errno numbers to names, for every target (the same numbers on x86_64 and arm64). */
export function errnoTableC(): string {
  const max = Math.max(...Object.values(ERRNO)) + 1;
  const errnoRows = Object.entries(ERRNO).map(([n, v]) => `  [${v}] = ${cString(n)},`);
  return [
    `#define NERRNO ${max}`,
    `static const char *const ERRNO_NAME[NERRNO] = {\n${errnoRows.join('\n')}\n};`,
  ].join('\n');
}

/** The userfaultfd names x86_64/uffd.c and the ioctl steps print masks and events with. */
export function uffdNameTablesC(): string {
  return [
    flagNames('FEATURE_NAMES', 'NFEATURE_NAMES', UFFD_FEATURE_TABLE),
    flagNames('IOCTL_NAMES', 'NIOCTL_NAMES', UFFDIO_IOCTLS_TABLE),
    flagNames('PF_FLAG_NAMES', 'NPF_FLAG_NAMES', UFFD_PAGEFAULT_FLAG_TABLE),
    flagNames('EVENT_NAMES', 'NEVENT_NAMES', UFFD_EVENT_TABLE),
  ].join('\n');
}
