import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from './cli';

const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const MMAP = {
  do: 'mmap',
  length: 'PAGE',
  prot: 'PROT_READ|PROT_WRITE',
  flags: 'MAP_PRIVATE|MAP_ANONYMOUS',
  as: 'p',
};
const good = file('good.json', {
  faultline: 1,
  steps: [MMAP, { do: 'load', addr: 'p', expect: { value: '00' } }],
});
const failing = file('failing.json', {
  faultline: 1,
  steps: [MMAP, { do: 'load', addr: 'p', expect: { value: 'ff' } }],
});
const malformed = file('malformed.json', {
  faultline: 1,
  steps: [MMAP, { do: 'load', addr: 'p +' }],
});
const notJson = file('broken.json', '{ "faultline": 1, ');
const text = file(
  'good.fl',
  'p = mmap(NULL, PAGE, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)\nload(p)\n',
);
const big = file(
  'big.fl',
  'p = mmap(NULL, 1M, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS)\nstore(p, fill="aa", length=1M)\nmunmap(p, 1M)\n',
);
const refpage = file('refpage.json', {
  faultline: 1,
  steps: [{ do: 'refpage_create', content: 'aa', size: 1, as: 'r' }],
});

describe('faultline', () => {
  it('--help lists the commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/faultline run FILE \[--json\]/);
    expect(r.out).toMatch(/faultline verify FILE\.\.\./);
  });

  it('run prints one readable line per record and exits 0 when every expectation holds', async () => {
    const r = await cli('run', good);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^#1 main\/main {2}p = mmap\(NULL, PAGE, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS\) = p/,
    );
    expect(lines[1]).toMatch(/^#2 main\/main {2}load\(p\) = 00 {3}\[.*do_anonymous_page/);
  });

  it('run --json prints the records of format section 5, events included', async () => {
    const r = await cli('run', good, '--json');
    const records = r.out.split('\n').map((l) => JSON.parse(l));
    expect(records[1]).toMatchObject({
      seq: 2,
      path: 'steps/1',
      do: 'load',
      proc: 'main',
      thread: 'main',
      value: '00',
    });
    expect(Array.isArray(records[1].events)).toBe(true);
  });

  it("run folds a step's events past a few dozen into counts by kind, on one line", async () => {
    const r = await cli('run', big);
    const lines = r.out.split('\n');
    expect(lines).toHaveLength(3);
    // 256 write faults: 768 events (fault, frame allocated, pte mapped), 32 of them listed
    expect(lines[1]!.match(/fault do_user_addr_fault/g)).toHaveLength(11);
    expect(lines[1]).toMatch(/…and 736 more: 246 pte mapped, 245 fault, 245 frame allocated\]$/);
    expect(lines[2]).toMatch(/…and 481 more: 240 pte cleared, 240 frame freed, 1 vma changed\]$/);
  });

  it('run --summary prints the counters and one closing line, not the records', async () => {
    const r = await cli('run', big, '--summary');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'faults    256 (anonymous 256)',
      'frames    256 allocated, 256 freed; peak RSS 256 pages',
      'bytes     1,048,576 zeroed, 0 copied, 0 memset, 1,048,576 stored by the program',
      `${big}: 3 steps, 3 records, finished; every expectation held`,
    ]);
    const f = await cli('run', failing, '--summary');
    expect(f.code).toBe(1);
    expect(f.out).toMatch(/2 steps, 2 records, finished; 1 expectation failed$/);
    expect(f.err).toMatch(/expected value="ff"/);
  });

  it('run --max-steps sets the budget of executed steps, and the message says how to raise it', async () => {
    const r = await cli('run', big, '--max-steps', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/budget of 2 executed steps is reached \(--max-steps N raises it\)/);
    expect((await cli('run', big, '--max-steps=3', '--summary')).code).toBe(0);
    expect((await cli('run', big, '--max-steps', 'x')).err).toMatch(/--max-steps takes a positive/);
  });

  it('run reads the text form too', async () => {
    expect((await cli('run', text)).code).toBe(0);
  });

  it('run exits 1 and lists each failed expectation with its step', async () => {
    const r = await cli('run', failing);
    expect(r.code).toBe(1);
    // In the text form's own words for an expectation (value="ff"), not JSON.
    expect(r.err).toMatch(/#2 steps\/1: expected value="ff", got value="00"/);
  });

  it('exits 2 for a malformed scenario with one message naming where, never a stack trace', async () => {
    for (const f of [malformed, notJson]) {
      const r = await cli('check', f);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect((await cli('check', malformed)).err).toMatch(/steps\[1\]\.addr/);
    expect((await cli('run', malformed)).code).toBe(2);
  });

  it('check validates without running', async () => {
    expect(await cli('check', good)).toMatchObject({ code: 0, out: `${good}: ok (2 steps)` });
  });

  it('c prints the C program, or why a scenario cannot run on a real kernel', async () => {
    const c = await cli('c', good);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/int main\(void\)/);
    const r = await cli('c', refpage);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/never merged/);
  });

  it('verify reports a match, and refuses what no kernel here runs', async () => {
    const v = await cli('verify', good, refpage);
    expect(v.out).toMatch(/good\.json: the engine matches the kernel \(2 records\)/);
    expect(v.out).toMatch(/refpage\.json: refused: refpage_create/);
    expect(v.code).toBe(0);
  });

  it('verify --kernel runs on the kernel of that line, and refuses a scenario of another line', async () => {
    // This machine's line needs no QEMU; a scenario naming another line is refused, saying how.
    const { hostKernel } = await import('../crosscheck/kernel');
    const line = hostKernel().line;
    const other = line === '6.1' ? '6.12' : '6.1';
    const named = file('named.json', { faultline: 1, machine: { kernel: other }, steps: [MMAP] });
    const v = await cli('verify', `--kernel=${line}`, good, named);
    expect(v.out).toMatch(new RegExp(`^match +${good.replace(/[.]/g, '[.]')}$`, 'm'));
    expect(v.out).toMatch(new RegExp(`refused +.*named\\.json: .*--kernel ${other}`));
    expect(v.out).toMatch(
      new RegExp(`x86_64 Linux ${line}: 1 match, 0 differ, 0 error, 1 refused`),
    );
    expect(v.code).toBe(0);
  });

  it('bad usage is exit 2 with a hint', async () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['run'],
      ['run', good, '--yaml'],
      ['check', good, '--json'],
      ['check', good, '--summary'],
      ['run', good, '--json', '--summary'],
      ['check', good, '--max-steps', '5'],
      ['run', join(dir, 'missing.json')],
      ['verify', '--kernel', '5.10', good],
      ['verify', '--kernel'],
      ['run', good, '--kernel', '6.1'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^faultline: /);
    }
  });

  it('works as a command: bin/faultline.mjs sets the exit code', () => {
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'faultline.mjs');
    const r = spawnSync(process.execPath, [bin, 'run', failing], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^#1 main\/main/);
  });

  it('lessons lists the built-in lessons: a table, or JSON with every field', async () => {
    const t = await cli('lessons');
    expect(t.code).toBe(0);
    expect(t.out.split('\n')[0]).toMatch(
      /^id\s+level\s+arch\s+steps\/said\/asked\s+tags\s+file\s+title$/,
    );
    expect(t.out).toMatch(/^zero-page\s+intro\s+x86_64\s+\d+\/\d+\/\d+ /m);
    const j = await cli('lessons', '--json');
    expect(j.code).toBe(0);
    const list = JSON.parse(j.out) as Record<string, unknown>[];
    expect(t.out).toContain(`${list.length} lessons`);
    expect(list[0]!.id).toBe('zero-page');
    for (const l of list) {
      expect(Object.keys(l)).toEqual([
        'id',
        'title',
        'level',
        'tags',
        'path',
        'arch',
        'steps',
        'narrated',
        'questions',
      ]);
      expect(l.arch).toMatch(/^(x86_64|arm64)$/);
    }
    const file = list.find((l) => l.id === 'fork-skips-copy')!;
    expect(file.path).toBe('lessons/fork-skips-copy.fl');
    expect(file.questions).toBeGreaterThanOrEqual(2);
    expect((await cli('lessons', 'x.fl')).err).toMatch(/lessons takes no FILE/);
  });
});
