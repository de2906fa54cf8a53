/**
 * Checks a whole scenario document (format sections 1-3, 6-7) and returns it unchanged.
 *
 * The first problem found is thrown as one ScenarioError naming where (`steps[3].length`), so
 * nothing is half-run. Defaults are never written into the document: a valid document comes
 * back deep-equal to what went in (it is the same object). Limits on size and nesting keep a
 * hostile document (a shared link) from exhausting the stack or the page.
 */
import {
  FORMAT_VERSION,
  KERNEL_VERSIONS,
  ScenarioError,
  type Arch,
  type ScenarioDocument,
} from './types';
import { migrate } from './migrate';
import {
  CALLS,
  COMMON_FIELDS,
  FLAG_TABLES,
  IOCTL_REQUESTS,
  RESULT_FIELDS,
  fieldsOf,
  type FieldSpec,
} from './calls';
import { freeNames, usesTag, RESERVED_NAMES } from './expr';
import { parseFlagsBig, errnoNumber } from './flags';
import { isUapiName } from '../uapi';
import { validateAsk, validateLessonMeta, validateSay } from './lesson';

export const MAX_STEPS = 100_000;
export const MAX_REPEAT_DEPTH = 16;
export const MAX_EXPECT_DEPTH = 32;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;
const PAGE_SIZES: Readonly<Record<Arch, readonly number[]>> = {
  x86_64: [4096],
  arm64: [4096, 16384, 65536],
};
const MACHINE_FIELDS = ['arch', 'pageSize', 'mte', 'frames', 'kernel', 'memoryFailure'];
const TOP_FIELDS = ['faultline', 'title', 'notes', 'lesson', 'machine', 'steps'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '…' : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : String(v);
};
const fail = (where: string, detail: string): never => {
  throw new ScenarioError(where, detail);
};

interface Walk {
  readonly arch: Arch;
  /** Names bound by an earlier step's `as` (values usable in expressions). */
  readonly values: Set<string>;
  /** Process names: main and every earlier fork's `as`. */
  readonly procs: Set<string>;
  /** The indices of the enclosing repeats. */
  readonly indices: string[];
  steps: number;
}

export function validateDocument(json: unknown): ScenarioDocument {
  const doc = migrate(json);
  if (doc.faultline !== FORMAT_VERSION) fail('faultline', `expected ${FORMAT_VERSION}`);
  for (const key of Object.keys(doc)) if (!TOP_FIELDS.includes(key)) fail(key, 'unknown field');
  for (const key of ['title', 'notes'] as const) {
    if (doc[key] !== undefined && typeof doc[key] !== 'string')
      fail(key, `expected text, got ${show(doc[key])}`);
  }
  if (doc.lesson !== undefined) validateLessonMeta(doc.lesson);
  const arch = validateMachine(doc.machine);
  if (doc.steps === undefined) fail('steps', 'missing: a scenario has a list of steps');
  if (!Array.isArray(doc.steps)) fail('steps', `expected a list of steps, got ${show(doc.steps)}`);
  const walk: Walk = { arch, values: new Set(), procs: new Set(['main']), indices: [], steps: 0 };
  validateSteps(doc.steps as unknown[], 'steps', walk, 0);
  return doc as unknown as ScenarioDocument;
}

/** validateDocument without the throw, for the editor: null when the document is valid. */
export function checkDocument(json: unknown): ScenarioError | null {
  try {
    validateDocument(json);
    return null;
  } catch (err) {
    if (err instanceof ScenarioError) return err;
    return new ScenarioError('', err instanceof Error ? err.message : String(err));
  }
}

function validateMachine(m: unknown): Arch {
  if (m === undefined) return 'x86_64';
  if (!isObject(m)) return fail('machine', `expected an object, got ${show(m)}`);
  for (const key of Object.keys(m))
    if (!MACHINE_FIELDS.includes(key)) fail(`machine.${key}`, 'unknown field');
  const arch = m.arch ?? 'x86_64';
  if (arch !== 'x86_64' && arch !== 'arm64') {
    fail('machine.arch', `expected "x86_64" or "arm64", got ${show(arch)}`);
  }
  const a = arch as Arch;
  if (m.pageSize !== undefined && !PAGE_SIZES[a].includes(m.pageSize as number)) {
    fail(
      'machine.pageSize',
      `expected ${PAGE_SIZES[a].join(' or ')} on ${a}, got ${show(m.pageSize)}`,
    );
  }
  if (m.mte !== undefined) {
    if (typeof m.mte !== 'boolean')
      fail('machine.mte', `expected true or false, got ${show(m.mte)}`);
    if (m.mte && a !== 'arm64') fail('machine.mte', 'MTE needs arch "arm64"');
  }
  if (m.frames !== undefined) {
    const f = m.frames;
    if (typeof f !== 'number' || !Number.isInteger(f) || f < 1 || f > 2 ** 32) {
      fail('machine.frames', `expected a positive integer up to 2^32, got ${show(f)}`);
    }
  }
  if (m.kernel !== undefined && !(KERNEL_VERSIONS as readonly unknown[]).includes(m.kernel)) {
    fail(
      'machine.kernel',
      `unknown kernel ${show(m.kernel)}: faultline models Linux ${KERNEL_VERSIONS.join(', ')} (docs/kernel-versions.md)`,
    );
  }
  if (m.memoryFailure !== undefined && typeof m.memoryFailure !== 'boolean')
    fail('machine.memoryFailure', `expected true or false, got ${show(m.memoryFailure)}`);
  return a;
}

function validateSteps(steps: unknown[], where: string, walk: Walk, depth: number): void {
  for (let i = 0; i < steps.length; i++) {
    if (++walk.steps > MAX_STEPS) fail(where, `more than ${MAX_STEPS} steps`);
    validateStep(steps[i], `${where}[${i}]`, walk, depth);
  }
}

function validateStep(step: unknown, where: string, walk: Walk, depth: number): void {
  if (!isObject(step)) return fail(where, `expected a step object, got ${show(step)}`);
  const call = step.do;
  if (call === undefined) fail(where, 'missing "do" (the call)');
  if (typeof call !== 'string' || !Object.hasOwn(CALLS, call)) {
    fail(
      `${where}.do`,
      `unknown call ${show(call)} (expected one of ${Object.keys(CALLS).join(', ')})`,
    );
  }
  const spec = CALLS[call as string]!;
  if (spec.arch && spec.arch !== walk.arch)
    fail(`${where}.do`, `${call} needs machine.arch "${spec.arch}"`);
  if (call === 'ioctl') validateRequest(step.request, `${where}.request`);
  const fields = fieldsOf(step as { do: string; request?: unknown });
  for (const key of Object.keys(step)) {
    if (!COMMON_FIELDS.includes(key) && !Object.hasOwn(fields, key))
      fail(`${where}.${key}`, 'unknown field');
  }
  validateCommon(step, where, walk, call === 'repeat');
  for (const [name, field] of Object.entries(fields)) {
    if (field.required && step[name] === undefined)
      fail(`${where}.${name}`, `${call} needs ${name}`);
  }
  if (spec.oneOf) validateOneOf(step, where, call as string, spec.oneOf);
  for (const [name, field] of Object.entries(fields)) {
    if (step[name] !== undefined && field.kind !== 'steps')
      validateField(step[name], field, `${where}.${name}`, walk);
  }
  if (call === 'repeat') {
    const body = step.steps;
    if (!Array.isArray(body))
      return fail(`${where}.steps`, `expected a list of steps, got ${show(body)}`);
    if (body.length === 0) fail(`${where}.steps`, 'a repeat needs at least one step');
    if (depth + 1 > MAX_REPEAT_DEPTH)
      fail(`${where}.steps`, `repeats nested deeper than ${MAX_REPEAT_DEPTH}`);
    const index = step.as as string | undefined;
    if (index !== undefined) walk.indices.push(index);
    validateSteps(body, `${where}.steps`, walk, depth + 1);
    if (index !== undefined) walk.indices.pop();
    return;
  }
  if (typeof step.as === 'string') {
    if (spec.binds === 'process') walk.procs.add(step.as);
    else walk.values.add(step.as);
  }
}

function validateRequest(request: unknown, where: string): void {
  if (request === undefined) fail(where, 'ioctl needs request');
  if (typeof request !== 'string' || !Object.hasOwn(IOCTL_REQUESTS, request)) {
    fail(
      where,
      `unknown ioctl request ${show(request)} (expected one of ${Object.keys(IOCTL_REQUESTS).join(', ')})`,
    );
  }
}

function validateCommon(step: Json, where: string, walk: Walk, isRepeat: boolean): void {
  const call = step.do as string;
  if (step.as !== undefined) {
    const as = step.as;
    if (typeof as !== 'string' || !IDENT.test(as)) {
      fail(`${where}.as`, `expected a name (letters, digits, _), got ${show(as)}`);
    }
    if (RESERVED_NAMES.includes(as as string)) fail(`${where}.as`, `"${as}" is reserved`);
    if (CALLS[call]!.binds === 'process' && as === 'main')
      fail(`${where}.as`, '"main" is the first process already');
  }
  if (isRepeat) {
    for (const key of ['thread', 'proc', 'expect', 'say', 'ask']) {
      if (step[key] !== undefined)
        fail(`${where}.${key}`, `a repeat has no ${key} of its own; put it on the nested steps`);
    }
  }
  if (step.thread !== undefined && (typeof step.thread !== 'string' || step.thread === '')) {
    fail(`${where}.thread`, `expected a thread name, got ${show(step.thread)}`);
  }
  if (step.proc !== undefined) {
    if (typeof step.proc !== 'string')
      fail(`${where}.proc`, `expected a process name, got ${show(step.proc)}`);
    if (!walk.procs.has(step.proc as string)) {
      fail(`${where}.proc`, `no process ${show(step.proc)}: name "main" or an earlier fork's "as"`);
    }
  }
  if (step.note !== undefined && typeof step.note !== 'string')
    fail(`${where}.note`, `expected text, got ${show(step.note)}`);
  if (step.expect !== undefined) validateExpect(step.expect, `${where}.expect`);
  if (step.say !== undefined) validateSay(step.say, `${where}.say`);
  if (step.ask !== undefined) validateAsk(step.ask, step.expect, `${where}.ask`);
}

function validateExpect(expect: unknown, where: string): void {
  if (!isObject(expect))
    return fail(where, `expected an object of result fields, got ${show(expect)}`);
  for (const key of Object.keys(expect)) {
    if (!RESULT_FIELDS.includes(key)) {
      fail(`${where}.${key}`, `not a result field (expected one of ${RESULT_FIELDS.join(', ')})`);
    }
  }
  const errno = expect.errno;
  if (
    errno !== undefined &&
    errno !== null &&
    (typeof errno !== 'string' || errnoNumber(errno) === undefined)
  ) {
    fail(`${where}.errno`, `expected an errno name such as "EINVAL", or null, got ${show(errno)}`);
  }
  checkDepth(expect, where, 0);
}

/** Iterates plain JSON to bound its depth; a deeper value would overflow JSON.stringify later. */
function checkDepth(v: unknown, where: string, depth: number): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > MAX_EXPECT_DEPTH) fail(where, `nested deeper than ${MAX_EXPECT_DEPTH} levels`);
  for (const child of Object.values(v)) checkDepth(child, where, depth + 1);
}

function validateOneOf(
  step: Json,
  where: string,
  call: string,
  groups: readonly (readonly string[])[],
): void {
  const describe = groups.map((g) => g.join(' and ')).join(', or ');
  const given = groups.filter((g) => g.some((f) => step[f] !== undefined));
  if (given.length === 0) fail(where, `${call} needs ${describe}`);
  if (given.length > 1) fail(where, `${call} takes ${describe}, not both`);
  const group = given[0]!;
  const present = group.find((f) => step[f] !== undefined)!;
  for (const f of group)
    if (step[f] === undefined) fail(`${where}.${f}`, `${call} needs ${f} with ${present}`);
}

function validateField(value: unknown, field: FieldSpec, where: string, walk: Walk): void {
  switch (field.kind) {
    case 'int': {
      for (const name of freeNames(value, where)) {
        if (walk.values.has(name) || walk.indices.includes(name) || isUapiName(name)) continue;
        const hint = walk.procs.has(name)
          ? ` ("${name}" names a process)`
          : ' (no earlier step binds it with "as")';
        fail(where, `unbound name "${name}"${hint}`);
      }
      if (walk.arch !== 'arm64' && usesTag(value)) fail(where, 'tag() needs machine.arch "arm64"');
      return;
    }
    case 'flags':
      parseFlagsBig(value, FLAG_TABLES[field.table!], where);
      return;
    case 'bytes':
      if (typeof value !== 'string')
        return fail(where, `expected hex bytes such as "aa00ff", got ${show(value)}`);
      if (value.length % 2 === 1 && /^[0-9a-fA-F]*$/.test(value))
        fail(where, `odd number of hex digits in ${show(value)}`);
      if (!HEX_BYTES.test(value))
        fail(where, `expected hex bytes such as "aa00ff", got ${show(value)}`);
      return;
    case 'string':
      if (typeof value !== 'string') fail(where, `expected text, got ${show(value)}`);
      return;
    case 'request':
    case 'steps':
      return;
  }
}
