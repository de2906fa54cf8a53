/**
 * A machine the cross-check runs scenarios on: x86_64 (this machine's kernel, x86_64/target.ts) or
 * arm64 (Debian's kernel under QEMU with MTE, arm64/target.ts). One generator (generate.ts), one
 * expression compiler (cexpr.ts), one step emitter (emit-steps.ts) and one C runtime (runtime/)
 * serve both; a target adds only what differs: its C files, the calls only it runs, what tag()
 * compiles to, what it refuses, and how its programs are built.
 */
import type { FlagTable } from '../scenario/flags';
import type { LeafStep, ScenarioDocument } from '../scenario/types';
import type { CContext, TagHook } from './cexpr';
import type { Leaf, Plan } from './plan';

export type Call = LeafStep['do'];

export interface StepContext extends CContext {
  readonly plan: Plan;
  readonly target: Target;
}

/** One leaf step's fields as C, for the emitters (emit-steps.ts makes it). */
export interface StepFields {
  readonly leaf: Leaf;
  readonly step: LeafStep & Readonly<Record<string, unknown>>;
  /** `steps[2].steps[0]`, for error messages */
  readonly where: string;
  readonly ctx: StepContext;
  /** An integer field as a C expression; `dflt` when absent, else a ScenarioError. */
  int(field: string, dflt?: string): string;
  /** An address field: int() as unsigned long long. */
  addr(field: string, dflt?: string): string;
  /** A flags field as C (symbolic names), `dflt` when absent. */
  flags(field: string, table: FlagTable, dflt?: string): string;
  /** A string field as a C string literal. */
  string(field: string): string;
  /** The index of the step's `as` in the binding table, or -1. */
  bindIndex(): number;
  /** A syscall returning an int: run it, keep errno, bind `as`, print ret and errno. */
  sysInt(call: string): string;
  /** A syscall returning an address (mmap, mremap): printed relative to the names. */
  sysAddr(call: string): string;
}

/** A target's C for one step: statements that run it and print its record's fields. */
export type StepEmitter = (f: StepFields) => string;

export interface Target {
  readonly arch: 'x86_64' | 'arm64';
  /**
   * C files (paths under src/crosscheck) that follow runtime/prelude.h: `ARCH/target.h` first
   * (the settings runtime.h checks), then the headers the target's calls need.
   */
  readonly headers: readonly string[];
  /** C files that follow the shared runtime: the target's hooks (runtime.h) and step helpers. */
  readonly sources: readonly string[];
  /** Compiler flags (besides `-o`), also printed in the program's opening comment. */
  readonly ccFlags: readonly string[];
  /** The opening comment's lines on how to build and run the program. */
  readonly howToRun: readonly string[];
  /** Why this target cannot run the scenario at all, or null. */
  refusal(doc: ScenarioDocument): string | null;
  /** Why this target does not run a call it has no emitter for (the scenario is refused). */
  refuseCall(call: Call): string;
  /** The calls only this target runs; the others are emit-steps.ts's, or refused. */
  readonly steps: Partial<Record<Call, StepEmitter>>;
  /** What `tag(ptr, n)` becomes in an expression. */
  readonly tag: TagHook;
  /** Generated tables the target's C files need (name tables), after the scenario's. */
  tables(): string;
}
