// Compares this tree with an earlier revision in one run, so that both sides see the same machine:
// the core's criterion benchmarks natively, and the page (bench/page.mjs) on the Control Tower example
// and the organization at the quotas. The two sides alternate, ROUNDS times. Prints a Markdown table
// with every round's figure on both sides and the ratio of their medians.
//
//   . scripts/install-tools.sh --browser && node bench/against.mjs REV [ROUNDS]
//
// REV is checked out (detached) in a worktree under the system's temporary folder and built there.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const here = resolve(new URL('..', import.meta.url).pathname);
const [rev, roundsArg] = process.argv.slice(2);
if (!rev) {
  console.error('usage: node bench/against.mjs REV [ROUNDS]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 2);
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 }).toString();

const sha = run('git', ['rev-parse', '--short', rev], here).trim();
const before = join(tmpdir(), 'crisscross-against', sha);
if (!existsSync(before)) run('git', ['worktree', 'add', '--detach', before, sha], here);

const NATIVE = [
  ['example/cold', 'example: policy text to every hop'],
  ['example/keystroke', 'example: one keystroke'],
  ['example/matrix', 'example: the matrix'],
  ['example/fixes', 'example: fix suggestions'],
  ['medium/cold', 'medium: policy text to every hop'],
  ['quota/cold', 'quota: policy text to every hop'],
  ['quota/keystroke', 'quota: one keystroke'],
  ['quota/matrix', 'quota: the matrix'],
  ['quota/fixes', 'quota: fix suggestions'],
];
const PAGES = [
  ['example', 'tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json'],
  ['quota', 'tests/corpus/scale/quota-organization.json'],
];
const PAGE_FIGURES = [
  ['first verdict (median of the loads)', (p) => p.firstVerdictMs],
  ['keystroke to DOM, median', (p) => p.keystrokeToDom.median],
  ['keystroke to the next frame painted, median', (p) => p.keystrokeToNextFrame.median],
  ['keystroke to the next frame painted, p95', (p) => p.keystrokeToNextFrame.p95],
  ['fix suggestions painted after a keystroke that no other follows, median', (p) => p.fixesAfterKeystroke?.median ?? null],
  ['keystrokes typed 10 to 49 ms apart: wait for the main thread, median', (p) => p.inputDelayWhileSettling?.median ?? null],
  ['keystrokes typed 10 to 49 ms apart: wait for the main thread, p95', (p) => p.inputDelayWhileSettling?.p95 ?? null],
];

for (const tree of [before, here]) {
  console.error(`building ${tree}`);
  run('cargo', ['bench', '-p', 'crisscross-core', '--bench', 'evaluate', '--no-run'], tree);
  run('cargo', ['build', '--release', '-p', 'crisscross-cli'], tree);
  run('trunk', ['build', '--release'], tree);
}

// figure label -> side -> values, in microseconds natively and milliseconds in the page.
const figures = new Map();
const record = (label, side, value) => {
  if (!figures.has(label)) figures.set(label, { before: [], after: [] });
  figures.get(label)[side].push(value);
};

const filter = NATIVE.map(([id]) => `^${id}$`).join('|');
for (let round = 1; round <= rounds; round++) {
  for (const [side, tree] of [['before', before], ['after', here]]) {
    console.error(`round ${round}: ${side}`);
    run('cargo', ['bench', '-p', 'crisscross-core', '--bench', 'evaluate', '--', filter], tree);
    for (const [id, label] of NATIVE) {
      const estimates = JSON.parse(readFileSync(join(tree, 'target/criterion', id, 'new/estimates.json'), 'utf8'));
      record(`${label} (native, µs)`, side, estimates.median.point_estimate / 1000);
    }
    for (const [name, file] of PAGES) {
      // This tree's page.mjs on both sides, so that both are timed the same way.
      const out = run('node', [join(here, 'bench/page.mjs'), join(here, file), '40'], tree, { CRISSCROSS_PAGE_ROOT: tree });
      const page = JSON.parse(out);
      for (const [label, get] of PAGE_FIGURES) record(`${name}: ${label} (page, ms)`, side, get(page));
    }
  }
}

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const show = (values) => values.map((v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1))).join(', ');
console.log(`Before: ${sha} (${rev}). After: this tree. ${rounds} rounds, alternating.\n`);
console.log('| figure | before | after | after / before (medians) |');
console.log('|---|---|---|---|');
for (const [label, { before: b, after: a }] of figures) {
  console.log(`| ${label} | ${show(b)} | ${show(a)} | ${(median(a) / median(b)).toFixed(2)} |`);
}
