// History from git: when a plan file lives in a git work tree, every version of it (`git log --follow`)
// is parsed and the item statuses compared version to version, so each addition, status change and removal
// becomes an event dated by its commit and attributed to its author. Only commits from before Tickmark began
// tracking the plan are used (later changes are recorded by Tickmark itself), and an item whose completion the
// progress log dates keeps the log's date. An item the commits added and removed again before that gets a row
// (removed), so its scope change is on the burndown from the day it happened.
import { execFile, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Db } from '../db/client';
import { gitHistoryContext } from '../db/queries/git-history';
import { replaceGitHistory, type GoneItemRow } from '../db/writes/git-history';
import { parsePlan, type Item, type PlanModel, type Status } from '../parser/index';
import { forgetRows } from './item-rows-memo';
import { itemFields } from './rows';

export interface GitVersion {
  hash: string;
  at: Date;
  author: string;
  /** The file's text in that commit. */
  text: string;
}

export interface HistoryEvent {
  key: string;
  from: Status | 'removed' | null;
  to: Status | 'removed';
  at: Date;
  actor: string;
  commit: string;
  /** For a removal: the item as the last version holding it wrote it. */
  gone?: { item: Item; position: number };
}

/** At most this many versions are read and parsed (the time goes into parsing each one): beyond it, evenly
 * spaced commits and always the first and the last, so a change is dated by the first read version showing it. */
export const MAX_VERSIONS = 400;
/** Fewer versions of a large file: their texts are held at once (400 versions of a 1 MB plan would be 400 MB). */
const VERSION_TEXT_BUDGET = 64 * 1024 * 1024;

const MAX_BUFFER = 256 * 1024 * 1024;
const execFileAsync = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-C', cwd, ...args], { encoding: 'utf8', maxBuffer: MAX_BUFFER });
  return stdout;
}

/** The texts of `rev:path` objects through one `git cat-file --batch` (a process per version costs seconds
 * over thousands of commits); null for one missing in that commit (the file deleted there). */
function readBlobs(root: string, specs: string[]): Promise<(string | null)[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', root, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file exited with ${code}`));
      const all = Buffer.concat(chunks);
      const out: (string | null)[] = [];
      let at = 0;
      for (let i = 0; i < specs.length && at < all.length; i++) {
        const eol = all.indexOf(10, at);
        const header = /^[0-9a-f]+ (\w+) (\d+)$/.exec(all.subarray(at, eol).toString('utf8'));
        at = eol + 1;
        if (!header) {
          out.push(null); // "<spec> missing"
          continue;
        }
        const size = Number(header[2]);
        out.push(header[1] === 'blob' ? all.subarray(at, at + size).toString('utf8') : null);
        at += size + 1;
      }
      resolve(out);
    });
    child.stdin.on('error', reject);
    child.stdin.end(specs.map((s) => `${s}\n`).join(''));
  });
}

/** `count` indexes spread evenly over `n`, the first and the last always among them. */
export function evenlySpaced(n: number, count: number): number[] {
  if (n <= count) return [...Array(n).keys()];
  return [...new Set([...Array(count).keys()].map((i) => Math.round((i * (n - 1)) / (count - 1))))];
}

const inGitMemo = new Map<string, { answer: Promise<boolean>; until: number }>();
/** A "no" is asked again after this long: a `git init` later, or a git that failed once, is noticed. */
const NOT_IN_GIT_FOR_MS = 60_000;

/** Whether the file's folder is inside a git work tree (remembered per folder: pages ask on every load). */
export function inGitWorkTree(file: string): Promise<boolean> {
  const dir = path.dirname(path.resolve(file));
  const known = inGitMemo.get(dir);
  if (known && known.until > Date.now()) return known.answer;
  const entry = {
    answer: git(dir, ['rev-parse', '--is-inside-work-tree']).then(
      (out) => out.trim() === 'true',
      () => false,
    ),
    until: Infinity,
  };
  void entry.answer.then((yes) => {
    if (!yes) entry.until = Date.now() + NOT_IN_GIT_FOR_MS;
  });
  if (inGitMemo.size >= 256) inGitMemo.delete(inGitMemo.keys().next().value!);
  inGitMemo.set(dir, entry);
  return entry.answer;
}

/** The file's versions, oldest first; null when it is not in a git work tree (or git is missing). */
export async function gitVersions(file: string, opts: { before?: Date } = {}): Promise<GitVersion[] | null> {
  const dir = path.dirname(path.resolve(file));
  let root: string;
  let log: string;
  try {
    root = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
    log = await git(dir, [
      'log',
      '--follow',
      '--format=%x1e%H%x1f%aI%x1f%an',
      '--name-only',
      '--',
      path.basename(file),
    ]);
  } catch {
    return null;
  }
  const all = log
    .split('\x1e')
    .filter((c) => c.trim())
    .map((c) => {
      const [head, ...rest] = c.split('\n');
      const [hash, iso, author] = head.split('\x1f');
      const name = rest.map((l) => l.trim()).find((l) => l) ?? '';
      return { hash, at: new Date(iso), author, name };
    })
    .filter((c) => c.name && (!opts.before || c.at < opts.before))
    .reverse();
  let size = 1;
  try {
    size = Math.max(1, statSync(file).size);
  } catch {
    // gone since: the budget assumes a small file
  }
  const most = Math.max(2, Math.min(MAX_VERSIONS, Math.floor(VERSION_TEXT_BUDGET / size)));
  const commits = evenlySpaced(all.length, most).map((i) => all[i]);
  const texts = await readBlobs(
    root,
    commits.map((c) => `${c.hash}:${c.name}`),
  );
  return commits.flatMap((c, i) => {
    const text = texts[i];
    return text == null ? [] : [{ hash: c.hash, at: c.at, author: c.author, text }];
  });
}

/** How a version's text is parsed: in line (the CLI), or on the server's parser thread so pages keep answering. */
export type ParseVersion = (text: string) => PlanModel | Promise<PlanModel>;

/** Status changes version to version: the first version's items appear, later ones change or go. */
export async function historyEvents(
  versions: GitVersion[],
  opts: { parse?: ParseVersion; onProgress?: (done: number, total: number) => void } = {},
): Promise<HistoryEvent[]> {
  const { parse = parsePlan, onProgress } = opts;
  const events: HistoryEvent[] = [];
  let before = new Map<string, { item: Item; position: number }>();
  let text: string | null = null;
  for (const [i, v] of versions.entries()) {
    onProgress?.(i, versions.length);
    if (v.text === text) continue; // a commit that left the file's text as it was (a rename, say)
    text = v.text;
    const model = await parse(v.text);
    const now = new Map(model.items.map((item, position) => [item.key, { item, position }] as const));
    const base = { at: v.at, actor: v.author, commit: v.hash };
    for (const [key, { item }] of now) {
      const was = before.get(key)?.item.status;
      if (was === undefined) events.push({ key, from: null, to: item.status, ...base });
      else if (was !== item.status) events.push({ key, from: was, to: item.status, ...base });
    }
    for (const [key, was] of before) {
      if (!now.has(key)) events.push({ key, from: was.item.status, to: 'removed', ...base, gone: was });
    }
    before = now;
  }
  onProgress?.(versions.length, versions.length);
  return events;
}

/**
 * Replaces the plan's git-derived events with those of the file's commits from before its first import; items
 * the commits removed before it get their (removed) rows. Returns how many events were recorded (null: not in
 * git).
 */
export async function importGitHistory(
  db: Db,
  planId: number,
  file: string,
  opts: { parse?: ParseVersion; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ events: number; commits: number } | null> {
  const context = await gitHistoryContext(db, planId);
  if (!context) throw new Error(`no plan with id ${planId}`);
  const versions = await gitVersions(file, { before: context.createdAt });
  if (!versions) return null;
  const history = await historyEvents(versions, opts);
  // The last removal of an item the plan no longer has a row for: the row it gets, removed on that commit.
  const gone = new Map<string, GoneItemRow>();
  for (const e of history) {
    if (!e.gone || context.itemIds.has(e.key)) continue;
    const { item, position } = e.gone;
    const { doneDate, ...fields } = itemFields(item);
    gone.set(e.key, {
      ...fields,
      doneDate: item.status === 'done' ? doneDate : null,
      line: item.line,
      position,
      removedAt: e.at,
    });
  }
  const events = history.flatMap((e) => {
    const itemId = context.itemIds.get(e.key);
    // Log dates win: an item the progress log dates keeps that completion.
    if (e.to === 'done' && itemId !== undefined && context.loggedItemIds.has(itemId)) return [];
    return [{ key: e.key, fromStatus: e.from, toStatus: e.to, at: e.at, actor: e.actor }];
  });
  const recorded = await replaceGitHistory(db, planId, [...gone.values()], events);
  // The next import must see the added rows (a key coming back is a restoration, not a new row).
  if (recorded.addedItems) forgetRows(db, planId);
  return { events: recorded.events, commits: versions.length };
}
