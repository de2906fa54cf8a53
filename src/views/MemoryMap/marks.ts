/**
 * What sits on top of the pages and frames: the marks of what the step at the cursor changed (a
 * ring, a word, the copy arrow between an old frame and its copy, the move arrow of UFFDIO_MOVE),
 * the threads asleep on a page in handle_userfault, the faults and signals the step took, and the
 * selection and hover outlines. Everything changed is marked in one colour (the theme's accent),
 * and always with a shape or a word as well.
 */
import { fit, fontOf, type DrawInput } from './input';
import { framePx, frameX, pagePx, pagesDetailed, pageX, type ProcRowGeo } from './layout';
import type { LinkDraw } from './links';
import { ease } from './scene';
import { readableOn } from './palette';
import { protectionWords, tagChange } from './text';
import { pageIndex } from '../../store/selectors/mapping';

const FILL_WORD: Record<string, string> = {
  copy: 'copied',
  zero: 'zeroed',
  memset: 'memset',
  gzva: 'tags set',
};

export function drawMarks(ctx: CanvasRenderingContext2D, d: DrawInput, links: LinkDraw[]): void {
  void links;
  copyArrows(ctx, d);
  frameRings(ctx, d);
  pageNotes(ctx, d);
  outlines(ctx, d);
}

/**
 * Which marks are worth drawing: those on screen, and one per few pixels when pages or frames are
 * narrower than that (a 1 GiB populate changes 262,144 PTEs; the 4,096 listed would otherwise be
 * 4,096 rings on the same few pixels, on every frame of a pan). `lane` keeps rows apart.
 */
function cull(d: DrawInput): (lane: number, x: number, w: number) => boolean {
  const seen = new Set<number>();
  const { plotX, width } = d.layout;
  return (lane, x, w) => {
    if (x + w < plotX - 40 || x > width + 40) return false;
    if (w >= 3) return true;
    const col = (lane + 2) * 1e6 + Math.floor(x / 3) + 100;
    if (seen.has(col)) return false;
    seen.add(col);
    return true;
  };
}

function rowGeo(d: DrawInput, row: number): ProcRowGeo | undefined {
  return d.layout.rows.find((r) => r.index === row);
}

/** Outline of page i of a row, or of frame pfn, at least 4 px wide so a sub-pixel page shows. */
function pageBox(d: DrawInput, row: ProcRowGeo, i: number): [number, number, number, number] {
  const w = pagePx(d.layout, d.zoom);
  const x = pageX(d.layout, d.zoom, i);
  const ww = Math.max(4, w);
  return [x + w / 2 - ww / 2, row.cellsY, ww, d.layout.pageH];
}
function frameBox(d: DrawInput, pfn: number): [number, number, number, number] {
  const w = framePx(d.layout, d.zoom);
  const x = frameX(d.layout, d.zoom, pfn);
  const ww = Math.max(4, w);
  return [x + w / 2 - ww / 2, d.layout.frameY, ww, d.layout.frameH];
}

function ring(
  ctx: CanvasRenderingContext2D,
  box: [number, number, number, number],
  color: string,
  width: number,
  dash: number[] = [],
  alpha = 1,
): void {
  const [x, y, w, h] = box;
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.strokeRect(x - width / 2, y - width / 2, w + width, h + width);
  ctx.restore();
}

/** Copy-on-write and other copies: an arrow under the frames from the old frame to the new. */
function copyArrows(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const s = l.scale;
  const w = framePx(l, z);
  const keep = cull(d);
  for (const f of d.prep.changes.frames) {
    if (f.copiedFrom === undefined || f.kind !== 'allocated') continue;
    const t = d.progress(f.phase);
    if (t <= 0 || !d.marked(f.phase)) continue;
    const x0 = frameX(l, z, f.copiedFrom) + w / 2;
    const x1 = frameX(l, z, f.pfn) + w / 2;
    if (!keep(-1, Math.min(x0, x1), Math.max(w, Math.abs(x1 - x0)))) continue;
    const y = l.frameY + l.frameH + 2;
    const depth = Math.min(26 * s, 10 * s + Math.abs(x1 - x0) * 0.15);
    const c = [x0, y, x0, y + depth, x1, y + depth, x1, y];
    ctx.save();
    ctx.strokeStyle = pal.change;
    ctx.lineWidth = 2.2 * s;
    ctx.beginPath();
    ctx.moveTo(c[0]!, c[1]!);
    ctx.bezierCurveTo(c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
    ctx.stroke();
    ctx.fillStyle = pal.change;
    ctx.beginPath();
    ctx.moveTo(x1, y);
    ctx.lineTo(x1 - 4 * s, y + 7 * s);
    ctx.lineTo(x1 + 4 * s, y + 7 * s);
    ctx.closePath();
    ctx.fill();
    if (t < 1) {
      // The page's contents on their way to the new frame.
      const e = ease(t);
      const u = 1 - e;
      const px =
        u * u * u * c[0]! + 3 * u * u * e * c[2]! + 3 * u * e * e * c[4]! + e * e * e * c[6]!;
      const py =
        u * u * u * c[1]! + 3 * u * u * e * c[3]! + 3 * u * e * e * c[5]! + e * e * e * c[7]!;
      ctx.fillRect(px - 5 * s, py - 4 * s, 10 * s, 8 * s);
    }
    const word =
      f.copiedFrom === 0 && f.fill === 'zero'
        ? 'zeroed'
        : (FILL_WORD[f.fill ?? 'copy'] ?? 'copied');
    ctx.font = fontOf(d, 11, 'bold');
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const label = `${word} → pfn ${f.pfn}`;
    const tw = ctx.measureText(label).width;
    const lx = (x0 + x1) / 2;
    const ly = y + depth * 0.75 + 7 * s;
    ctx.fillStyle = pal.panel;
    ctx.fillRect(lx - tw / 2 - 3, ly - 7 * s, tw + 6, 14 * s);
    ctx.fillStyle = pal.change;
    ctx.fillText(label, lx, ly);
    ctx.restore();
  }
}

/** Frames the step made, freed or recounted: a ring, and a word when there is room. */
function frameRings(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const s = l.scale;
  const w = framePx(l, z);
  const keep = cull(d);
  for (const f of d.prep.changes.frames) {
    if (!d.marked(f.phase) || d.progress(f.phase) < 1) continue;
    if (!keep(-1, frameX(l, z, f.pfn), w)) continue;
    // MTE tags set on a frame (STG, a tagged mapping's first touch) are named on it.
    const tagged = !!f.after && tagChange(f.before?.tags ?? null, f.after.tags) !== null;
    if (f.kind === 'contents' && f.copiedFrom === undefined && !tagged) {
      ring(ctx, frameBox(d, f.pfn), pal.change, 1.5 * s, [4, 3]);
      continue;
    }
    ring(ctx, frameBox(d, f.pfn), pal.change, 3 * s, f.kind === 'freed' ? [5, 3] : []);
    const word =
      f.kind === 'allocated' ? 'new' : f.kind === 'freed' ? 'freed' : tagged ? 'tags set' : '';
    if (!word || w < 30) continue;
    const x = frameX(l, z, f.pfn) + w / 2;
    ctx.save();
    ctx.font = fontOf(d, 10, 'bold');
    ctx.textAlign = 'center';
    const tw = ctx.measureText(word).width + 8;
    const y = l.frameY - 1;
    ctx.fillStyle = pal.change;
    ctx.fillRect(x - tw / 2, y - 7 * s, tw, 13 * s);
    ctx.fillStyle = pal.panel;
    ctx.fillText(word, x, y);
    ctx.restore();
  }
}

interface PageNote {
  row: number;
  i: number;
  words: string[];
  /** What colours the label: a failed access, a sleeping thread, or this step's change. */
  tone: 'change' | 'failed' | 'asleep' | 'woken';
  alpha: number;
}

/**
 * One label per page in the band beside it: the fault or signal it took, what changed in its PTE,
 * a move, and the threads asleep on it (handle_userfault) until they are woken.
 */
function pageNotes(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { layout: l, zoom: z, palette: pal } = d;
  const s = l.scale;
  const w = pagePx(l, z);
  const notes = new Map<string, PageNote>();
  const TONE_RANK = { change: 0, woken: 1, failed: 2, asleep: 3 };
  const note = (row: number, i: number, word: string, tone: PageNote['tone'], alpha = 1) => {
    if (row < 0 || i < 0) return;
    const key = `${row}:${i}`;
    const n = notes.get(key) ?? { row, i, words: [], tone, alpha };
    if (!n.words.includes(word)) n.words.push(word);
    if (TONE_RANK[tone] > TONE_RANK[n.tone]) n.tone = tone;
    n.alpha = Math.min(n.alpha, alpha);
    notes.set(key, n);
  };
  for (const m of d.prep.marks) {
    if (d.marked(m.phase) && d.progress(m.phase) > 0)
      note(m.row, m.i, m.label, m.failed ? 'failed' : 'change');
  }
  const keep = cull(d);
  d.prep.changes.links.forEach((ch, k) => {
    const row = d.prep.linkRow[k]!;
    const i = d.prep.linkIndex[k]!;
    if (!d.marked(ch.phase) || d.progress(ch.phase) < 1 || ch.movedAway) return;
    const from = ch.movedFrom === undefined ? i : pageIndex(d.model.axis, ch.movedFrom);
    const x0 = Math.min(pageX(l, z, i), pageX(l, z, from));
    const x1 = Math.max(pageX(l, z, i), pageX(l, z, from)) + w;
    if (!keep(row, x0, x1 - x0)) return;
    // The same words as the Mappings table: the write bit and uffd-wp, each when it changed.
    const words = ch.kind === 'protection' ? protectionWords(ch.before, ch.after, true) : null;
    if (words) note(row, i, words, 'change');
    // A PTE zapped inside a VMA that stays (MADV_DONTNEED, MADV_REMOVE) is a removed PTE; the
    // page itself is unmapped only when its VMA went too (munmap, exit).
    if (ch.kind === 'removed')
      note(row, i, inVma(d, row, ch.addr) ? 'PTE removed' : 'unmapped', 'change');
    if (ch.movedFrom !== undefined) {
      note(row, i, 'moved here', 'change');
      moveArrow(ctx, d, row, pageIndex(d.model.axis, ch.movedFrom), i);
    }
    const g = rowGeo(d, row);
    if (g) ring(ctx, pageBox(d, g, i), pal.change, 3 * s);
  });
  // Threads asleep on a page; one the step put to sleep drops in, one it woke fades away.
  const changedBlock = new Map<string, number>();
  for (const b of d.prep.blocks) changedBlock.set(`${b.row}:${b.thread}:${b.kind}`, b.phase);
  const asleep = new Set<string>();
  d.model.procs.forEach((pm, row) => {
    for (const b of pm.blocked) {
      const phase = changedBlock.get(`${row}:${b.thread}:blocked`);
      const t = phase === undefined ? 1 : ease(d.progress(phase));
      if (t <= 0) continue;
      asleep.add(`${row}:${b.thread}`);
      note(row, b.i, `${b.thread} asleep`, 'asleep', t);
    }
  });
  for (const b of d.prep.blocks) {
    if (b.kind !== 'woken' || asleep.has(`${b.row}:${b.thread}`)) continue;
    const t = ease(d.progress(b.phase));
    if (t < 1) note(b.row, b.i, `${b.thread} asleep`, 'asleep', 1 - t);
    else if (d.marked(b.phase)) note(b.row, b.i, `${b.thread} woken`, 'woken');
  }

  // A pill may be wider than its page where no other pill of its row is near (uffd-wp's words
  // and a woken thread's on one page): half the distance to the nearest one on either side.
  const centre = (n: PageNote) => pageX(l, z, n.i) + w / 2;
  const room = (n: PageNote) => {
    let r = 300 * s;
    for (const o of notes.values())
      if (o !== n && o.row === n.row) r = Math.min(r, Math.abs(centre(o) - centre(n)) - 8 * s);
    return r;
  };
  for (const n of notes.values()) {
    const g = rowGeo(d, n.row);
    if (!g) continue;
    const x = centre(n);
    if (x < l.plotX - 200 || x > l.width + 200) continue;
    const color =
      n.tone === 'failed'
        ? pal.poison
        : n.tone === 'asleep'
          ? pal.blocked
          : n.tone === 'woken'
            ? pal.muted
            : pal.change;
    if (n.tone === 'asleep') ring(ctx, pageBox(d, g, n.i), pal.blocked, 2.5 * s, [], n.alpha);
    if (!pagesDetailed(l, z) || w < 40) {
      // Too small for words: a triangle pointing at the page.
      tick(ctx, x, g, color, s);
      continue;
    }
    ctx.save();
    ctx.globalAlpha = n.alpha;
    ctx.font = fontOf(d, 11, 'bold');
    ctx.textAlign = 'center';
    const text = fit(ctx, n.words.join(' · '), Math.max(w * 1.8, 90 * s, room(n)));
    const tw = ctx.measureText(text).width + 12;
    // A label dropping onto its page as its thread falls asleep.
    const y = g.markY + (1 - n.alpha) * (g.above ? -8 : 8) * s;
    ctx.fillStyle = n.tone === 'woken' ? pal.panel : color;
    ctx.strokeStyle = color;
    ctx.lineWidth = n.tone === 'woken' ? 1.5 * s : 1;
    if (n.tone === 'woken') ctx.setLineDash([4, 3]);
    roundRect(ctx, x - tw / 2, y - 8 * s, tw, 16 * s, 8 * s);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = n.tone === 'woken' ? pal.fg : readableOn(color);
    ctx.fillText(text, x, y);
    ctx.restore();
  }
}

function tick(
  ctx: CanvasRenderingContext2D,
  x: number,
  g: ProcRowGeo,
  color: string,
  s: number,
): void {
  const y = g.markY;
  const dir = g.above ? 1 : -1;
  ctx.fillStyle = color;
  ctx.beginPath();
  ctx.moveTo(x, y + 7 * s * dir);
  ctx.lineTo(x - 6 * s, y - 5 * s * dir);
  ctx.lineTo(x + 6 * s, y - 5 * s * dir);
  ctx.closePath();
  ctx.fill();
}

function moveArrow(
  ctx: CanvasRenderingContext2D,
  d: DrawInput,
  row: number,
  from: number,
  to: number,
): void {
  const g = rowGeo(d, row);
  if (!g || from < 0) return;
  const { layout: l, zoom: z, palette: pal } = d;
  const s = l.scale;
  const w = pagePx(l, z);
  const x0 = pageX(l, z, from) + w / 2;
  const x1 = pageX(l, z, to) + w / 2;
  const y = g.above ? g.cellsY - 2 : g.cellsY + l.pageH + 2;
  const dir = g.above ? -1 : 1;
  const lift = Math.min(l.pageH * 0.45, 8 * s + Math.abs(x1 - x0) * 0.05);
  ctx.save();
  ctx.strokeStyle = pal.change;
  ctx.lineWidth = 2 * s;
  ctx.setLineDash([6 * s, 3 * s]);
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.bezierCurveTo(x0, y + lift * dir, x1, y + lift * dir, x1, y);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.fillStyle = pal.change;
  ctx.beginPath();
  ctx.moveTo(x1, y);
  ctx.lineTo(x1 - 4 * s, y + 7 * s * dir);
  ctx.lineTo(x1 + 4 * s, y + 7 * s * dir);
  ctx.closePath();
  ctx.fill();
  ring(ctx, pageBox(d, g, from), pal.change, 2 * s, [4, 3]);
  ctx.restore();
}

function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** The selection (strong), pages sharing its frame (dashed), and what the pointer is over. */
function outlines(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { palette: pal, model } = d;
  const s = d.layout.scale;
  const mark = (sel: DrawInput['selection'], color: string, width: number) => {
    if (!sel) return;
    if (sel.kind === 'frame') {
      ring(ctx, frameBox(d, sel.pfn), color, width);
      return;
    }
    const row = model.procs.findIndex((p) => p.name === sel.proc);
    const g = rowGeo(d, row);
    const ps = model.axis.pageSize;
    const i = pageIndex(model.axis, Math.floor(sel.addr / ps) * ps);
    if (!g || i < 0) return;
    ring(ctx, pageBox(d, g, i), color, width);
    const pfn = model.procs[row]!.pfn[i]!;
    if (pfn >= 0) ring(ctx, frameBox(d, pfn), color, width * 0.7, [5, 3]);
  };
  mark(d.hover, pal.hover, 2 * s);
  mark(d.selection, pal.sel, 3 * s);
}

/** Whether a process still has a VMA over `addr` in the model drawn. */
function inVma(d: DrawInput, row: number, addr: number): boolean {
  const vmas = d.model.procs[row]?.vmas ?? [];
  return vmas.some((v) => addr >= v.start && addr < v.end);
}
