// Writes docs/benchmarks.md from the figures scripts/bench.sh collected in one run.
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';

const dir = process.argv[2];
const criterion = (name) => JSON.parse(readFileSync(`target/criterion/${name}/new/estimates.json`, 'utf8')).median.point_estimate / 1000;
const native = {
  parse: criterion('parse the Control Tower SCP'),
  'evaluate-one-hop': criterion('evaluate one hop'),
  'whole-call': criterion('whole CRIS call (parse, plan, evaluate 4 hops)'),
  matrix: criterion('matrix (every profile and source Region)'),
  fixes: criterion('fix suggestions'),
};
const wasm = {};
for (const line of readFileSync(`${dir}/wasm.log`, 'utf8').split('\n')) {
  const m = line.match(/wasm-bench (\S+) ([\d.]+)/);
  if (m) wasm[m[1]] = Number(m[2]);
}
const peer = JSON.parse(readFileSync(`${dir}/peer.json`, 'utf8'));
const raw = Number(readFileSync(`${dir}/wasm-raw`, 'utf8'));
const gzip = Number(readFileSync(`${dir}/wasm-gzip`, 'utf8'));
const rustc = execSync('rustc --version').toString().trim();
const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(2)} µs`);
const ratio = (peer.medianMs * 1000) / native['evaluate-one-hop'];
const ok = (cond) => (cond ? 'met' : '**missed**');

const rows = [
  ['parse', 'parse the Control Tower Region-deny SCP (3 KB, 86 exempt actions)'],
  ['evaluate-one-hop', 'decide one hop: GRREGIONDENY at an OU under FullAWSAccess + a Bedrock identity policy'],
  ['whole-call', 'whole CRIS call: parse every policy, plan 4 hops, decide each'],
  ['matrix', 'the matrix: every (profile, source Region) call, every hop decided'],
  ['fixes', 'fix suggestions: candidates, each re-evaluated on every hop and against the matrix'],
];
console.log(`# Benchmarks

Measured by \`scripts/bench.sh\` (one run; rewrite this file by running it again).

- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${rustc}; Chromium headless for WebAssembly.
- Scenario: \`tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json\`.
- Native: criterion medians. WebAssembly: the same operations in \`crates/crisscross-core/tests/wasm.rs\`, release build, median of 7 rounds of \`performance.now()\`.

| operation | native | WebAssembly (Chromium) |
|---|---|---|
${rows.map(([k, label]) => `| ${label} | ${fmt(native[k])} | ${wasm[k] === undefined ? 'n/a' : fmt(wasm[k])} |`).join('\n')}

## Budgets

| budget | figure | |
|---|---|---|
| single-hop evaluation at least 300 × faster than ${peer.tool} on the same check | ${fmt(peer.medianMs * 1000)} vs ${fmt(native['evaluate-one-hop'])} natively: **${Math.round(ratio)} ×** (peer decided \`${peer.decision}\`) | ${ok(ratio >= 300)} |
| the whole matrix for the Control Tower scenario in under 16 ms in the browser | ${wasm.matrix === undefined ? 'n/a' : fmt(wasm.matrix)} | ${ok(wasm.matrix !== undefined && wasm.matrix < 16000)} |
| the page's .wasm under 600 KB gzipped | ${(gzip / 1024).toFixed(0)} KB gzipped (${(raw / 1024).toFixed(0)} KB raw) | ${ok(gzip < 600 * 1024)} |

The peer is timed in Node.js (\`bench/peer/iam-simulate.mjs\`, installed as a dev-only tool outside the
product), on the us-east-2 foundation-model hop with the same policies and context.
`);
