// Times @cloud-copilot/iam-simulate (a TypeScript IAM simulator, AGPL, used here only as a dev tool and
// never shipped) on the checks crisscross makes for a scenario, read from `crisscross eval --format json`
// so that both decide the same hops with the same context.
//
//   node bench/peer/iam-simulate.mjs SCENARIO.json hop    one hop, policies already objects: the work of
//                                                         crisscross's "evaluate one hop" benchmark (the
//                                                         us-east-2 foundation-model hop)
//   node bench/peer/iam-simulate.mjs SCENARIO.json call   from the policy text to every hop's decision:
//                                                         the work of crisscross's cold benchmark, timed
//                                                         in rounds that alternate with crisscross's
//
// Prints one JSON object: the median milliseconds per check (hop) or per call, and the peer's decisions;
// for a call also crisscross's median, and the median and quartiles of the ratios of the paired rounds. Needs
// target/release/crisscross and, for a call, target/release/examples/cold_path.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const [file, mode = 'hop'] = process.argv.slice(2);
const root = resolve(new URL('../..', import.meta.url).pathname);
const tools = process.env.CRISSCROSS_TOOLS ?? join(homedir(), '.cache', 'crisscross-tools');
const require = createRequire(join(tools, 'node_modules', 'x.js'));
const { runSimulation } = await import(require.resolve('@cloud-copilot/iam-simulate'));

const scenario = JSON.parse(readFileSync(file, 'utf8'));
const hops = JSON.parse(execFileSync(join(root, 'target/release/crisscross'), ['eval', file, '--format', 'json'], { maxBuffer: 1 << 28 })).hops;
const account = scenario.principal.split(':')[4];
// The policy text as crisscross reads it: a string document is the policy; an object is written back
// without whitespace, which only shortens what the peer parses.
const text = (p) => (typeof p.document === 'string' ? p.document : JSON.stringify(p.document));
const identityTexts = scenario.identityPolicies.map((p) => ({ name: p.name, text: text(p) }));
const scpTexts = (scenario.scps ?? []).map((level) => ({
  orgIdentifier: level.target,
  policies: level.policies.map((p) => ({ name: p.name, text: text(p) })),
}));
const parsed = (list) => list.map((p) => ({ name: p.name, policy: JSON.parse(p.text) }));
const parsePolicies = () => ({
  identityPolicies: parsed(identityTexts),
  serviceControlPolicies: scpTexts.map((level) => ({ orgIdentifier: level.orgIdentifier, policies: parsed(level.policies) })),
});

const simulation = (hop, policies) => ({
  request: {
    principal: scenario.principal,
    action: hop.action,
    resource: { resource: hop.resource, accountId: hop.resource.split(':')[4] || account },
    contextVariables: Object.fromEntries(hop.context.map((c) => [c.key, c.value])),
  },
  ...policies,
  resourceControlPolicies: [],
});

const peerDecision = (result) => (result.resultType === 'single' ? result.result.analysis?.result : JSON.stringify(result).slice(0, 200));
// The peer's names for crisscross's decisions. A call's decision is its hops' strongest: an explicit
// deny, then an implicit one.
const AS_PEER = { Allow: 'Allowed', ImplicitDeny: 'ImplicitlyDenied', ExplicitDeny: 'ExplicitlyDenied' };

let once;
let checked;
if (mode === 'hop') {
  const hop = hops.find((h) => h.kind === 'destination-model' && h.region === 'us-east-2') ?? hops[hops.length - 1];
  const input = simulation(hop, parsePolicies());
  once = async () => [peerDecision(await runSimulation(input, {}))];
  checked = [hop];
} else if (mode === 'call') {
  once = async () => {
    const policies = parsePolicies();
    const decisions = [];
    for (const hop of hops) decisions.push(peerDecision(await runSimulation(simulation(hop, policies), {})));
    return decisions;
  };
  checked = hops;
} else {
  throw new Error(`unknown mode ${mode}: hop or call`);
}

const decisions = await once();
// Warm up for a second (or 200 runs), then 21 rounds of about 200 ms each (one run when a run takes longer):
// the peer's time per call varies by a tenth and more from round to round (most likely its garbage
// collector and JIT), so a median of fewer rounds moves between runs.
const warmUntil = performance.now() + 1000;
let warmed = 0;
while (warmed < 200 && performance.now() < warmUntil) {
  await once();
  warmed++;
}
const start = performance.now();
await once();
const single = performance.now() - start;
const perRound = Math.max(1, Math.round(200 / single));
const rounds = 21;
const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)];
const median = (values) => quantile(values, 0.5);
const peerRound = async () => {
  const begin = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++) await once();
  return Number(process.hrtime.bigint() - begin) / 1e6 / perRound;
};

// For a call, crisscross's cold path runs in a child process between the peer's rounds: the machine's
// speed, which drifts on a shared machine, then changes both figures of a pair alike, and the ratio is
// the median of the pairs' ratios.
let paired = {};
const samples = [];
if (mode === 'call') {
  const native = spawn(join(root, 'target/release/examples/cold_path'), ['rounds'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: native.stdout })[Symbol.asyncIterator]();
  const nativeMs = async (runs) => {
    native.stdin.write(`${runs} ${resolve(file)}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error('cold_path rounds stopped');
    return Number(value) / 1e6 / runs;
  };
  // Warm up as the peer did, then size crisscross's rounds to about 200 ms as well.
  const nativeWarm = performance.now() + 1000;
  let nativeSingle = await nativeMs(1);
  while (performance.now() < nativeWarm) nativeSingle = await nativeMs(Math.max(1, Math.round(50 / nativeSingle)));
  const nativePerRound = Math.max(1, Math.round(200 / nativeSingle));
  const nativeSamples = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const peer = await peerRound();
    const own = await nativeMs(nativePerRound);
    samples.push(peer);
    nativeSamples.push(own);
    ratios.push(peer / own);
  }
  native.stdin.end();
  paired = {
    crisscrossMedianUs: median(nativeSamples) * 1000,
    pairedRatio: median(ratios),
    // The middle half of the pairs' ratios: how far one run's median can be trusted.
    pairedRatioQuartiles: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    pairs: rounds,
  };
} else {
  for (let round = 0; round < rounds; round++) samples.push(await peerRound());
}
console.log(
  JSON.stringify({
    tool: '@cloud-copilot/iam-simulate',
    scenario: file,
    mode,
    hops: checked.map((h, i) => ({ kind: h.kind, region: h.region, crisscross: h.decision, peer: decisions[i] })),
    agrees: checked.every((h, i) => AS_PEER[h.decision] === decisions[i]),
    decision: ['ExplicitlyDenied', 'ImplicitlyDenied', 'Allowed'].find((d) => decisions.includes(d)) ?? decisions[0],
    medianMs: median(samples),
    ...paired,
  }),
);
