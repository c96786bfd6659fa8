// Writes docs/benchmarks.md from the figures scripts/bench.sh collected in one run.
//   node bench/report.mjs target/bench > docs/benchmarks.md
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execSync } from 'node:child_process';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
const SCENARIOS = [
  ['example', 'tests/corpus/cris/control-tower-us-east-1-us-profile-denied.json', 'Control Tower example'],
  ['medium', 'tests/corpus/scale/medium-organization.json', 'medium organization'],
  ['quota', 'tests/corpus/scale/quota-organization.json', 'organization at the quotas'],
];
const NAMES = SCENARIOS.map(([name]) => name);

const text = (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
const json = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined);

// Microseconds, keyed `SCENARIO/OPERATION` (and `parse`, `evaluate-one-hop` for the example's pieces).
const criterion = (id) => json(`target/criterion/${id}/new/estimates.json`)?.median.point_estimate / 1000;
const native = { parse: criterion('parse the Control Tower SCP'), 'evaluate-one-hop': criterion('evaluate one hop') };
const OPERATIONS = [
  ['cold', 'policy text to every hop\'s decision (parse every policy, plan the hops, decide each)'],
  ['report', 'the full report (every hop\'s statements explained)'],
  ['keystroke', 'one keystroke: the report after one SCP changed, unchanged policies from the parse cache'],
  ['matrix', 'the matrix: every (profile, source Region) call, every hop decided'],
  ['fixes', 'fix suggestions: candidates, each re-evaluated on every hop and against the matrix'],
  ['hints', 'room-making hints of every policy'],
  ['link', 'the address bar\'s share link once typing pauses: the scenario written, compressed and checked'],
];
for (const name of NAMES) for (const [op] of OPERATIONS) native[`${name}/${op}`] = criterion(`${name}/${op}`);
for (const name of NAMES) for (const op of ['parse', 'json-syntax', 'json-tree']) native[`${name}/${op}`] = criterion(`${name}/${op}`);
const wasm = {};
for (const line of (text(`${dir}/wasm.log`) ?? '').split('\n')) {
  const m = line.match(/wasm-bench (\S+) ([\d.]+)/);
  if (m) wasm[m[1]] = Number(m[2]);
}
const page = Object.fromEntries(NAMES.map((name) => [name, json(`${dir}/page-${name}.json`)]));
const cli = {};
for (const line of (text(`${dir}/cli`) ?? '').trim().split('\n').filter(Boolean)) {
  const [name, command, ms] = line.split(' ');
  cli[`${name}/${command}`] = Number(ms);
}
const peerHop = json(`${dir}/peer.json`);
const peerCall = Object.fromEntries(NAMES.map((name) => [name, json(`${dir}/peer-call-${name}.json`)]));

/** Reads a .wasm's bytes from `at` on: unsigned LEB128 numbers and length-prefixed byte strings. */
class WasmReader {
  constructor(bytes, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }
  number() {
    let value = 0;
    for (let shift = 0, more = true; more; shift += 7) {
      value += (this.bytes[this.at] & 0x7f) * 2 ** shift;
      more = (this.bytes[this.at++] & 0x80) !== 0;
    }
    return value;
  }
  chunk(length = this.number()) {
    this.at += length;
    return this.bytes.subarray(this.at - length, this.at);
  }
}

/** The .wasm's sections, each as its byte id and its contents. */
const wasmSections = (bytes) => {
  const sections = [];
  const reader = new WasmReader(bytes, 8);
  while (reader.at < bytes.length) {
    const id = reader.bytes[reader.at++];
    sections.push({ id, body: reader.chunk() });
  }
  return sections;
};

// The .wasm's sections grouped by what they hold.
const wasmParts = (bytes) => {
  const parts = new Map([
    ['code (function bodies)', []],
    ['data (strings, tables, the catalog, the workshop deck)', []],
    ['everything else (types, imports, exports, tables, custom sections)', []],
  ]);
  const [code, data, rest] = parts.values();
  for (const { id, body } of wasmSections(bytes)) (id === 10 ? code : id === 11 ? data : rest).push(body);
  return [...parts].map(([label, chunks]) => {
    const joined = Buffer.concat(chunks);
    return [label, joined.length, gzipSync(joined, { level: 9 }).length];
  });
};

// Whose code a function is, from its demangled name: the first owner named anywhere in it, so that a
// standard-library generic over one of the core's types counts as the core's. The third value marks the
// page's interface: its own code, its components' and Yew's.
const OWNERS = [
  ['the page (`crisscross-web`): its state, model and helpers', /crisscross_web::/, true],
  ["the page's components: Yew's code for each component, its view inlined", /CompStateInner<COMP>/, true],
  ['the core (`crisscross-core`)', /crisscross_core::/, false],
  ['Yew and the bindings to the browser (wasm-bindgen, web-sys, js-sys, gloo)', /\b(yew|implicit_clone|web_sys|js_sys|wasm_bindgen|gloo\w*|tokise)::/, true],
  ['JSON (serde, serde_json)', /\bserde\w*::/, false],
  ["Rust's standard library (core, alloc, std)", /\b(core|alloc|std)(\[[0-9a-f]+\])?::/, false],
  ['other dependencies, and functions without a name', /^/, false],
];

/** The function bodies of a .wasm that keeps its name section, grouped by [`OWNERS`]. */
const codeOwners = (bytes) => {
  let imported = 0;
  const bodies = [];
  const names = new Map();
  for (const { id, body } of wasmSections(bytes)) {
    const reader = new WasmReader(body);
    if (id === 2) {
      // Function indexes count the imported functions first.
      for (let n = reader.number(); n > 0; n--) {
        reader.chunk();
        reader.chunk();
        const kind = reader.bytes[reader.at++];
        if (kind === 0) imported++;
        if (kind === 1) reader.at++;
        if (kind === 1 || kind === 2) {
          if (reader.number() & 1) reader.number();
          reader.number();
        } else if (kind === 3) {
          reader.at += 2;
        } else {
          if (kind === 4) reader.at++;
          reader.number();
        }
      }
    } else if (id === 10) {
      for (let n = reader.number(); n > 0; n--) bodies.push(reader.chunk());
    } else if (id === 0 && reader.chunk().toString() === 'name') {
      while (reader.at < body.length) {
        const subsection = reader.bytes[reader.at++];
        const contents = new WasmReader(reader.chunk());
        if (subsection === 1) for (let n = contents.number(); n > 0; n--) names.set(contents.number(), contents.chunk().toString());
      }
    }
  }
  const groups = OWNERS.map(() => []);
  bodies.forEach((body, i) => {
    const name = names.get(imported + i) ?? '';
    groups[OWNERS.findIndex(([, pattern]) => pattern.test(name))].push(body);
  });
  return OWNERS.map(([label], i) => {
    const joined = Buffer.concat(groups[i]);
    return [label, groups[i].length, joined.length, gzipSync(joined, { level: 9 }).length];
  });
};

const cores = Number(text(`${dir}/cores`) ?? cpus().length);
const loads = (text(`${dir}/load`) ?? '').trim().split('\n').filter(Boolean).map(Number).sort((a, b) => a - b);
const medianLoad = loads[Math.floor(loads.length / 2)];
const rustc = execSync('rustc --version').toString().trim();

const known = (x) => x !== undefined && x !== null && !Number.isNaN(x);
const us = (x) => (!known(x) ? 'n/a' : x >= 1e6 ? `${(x / 1e6).toFixed(2)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(2)} µs`);
const ms = (x) => (known(x) ? us(x * 1000) : 'n/a');
// Rounded down, so that a ratio shown as meeting a budget does meet it.
const times = (x) => (!known(x) ? 'n/a' : x >= 100 ? `${Math.floor(x).toLocaleString('en-US')} ×` : `${(Math.floor(x * 10) / 10).toFixed(1)} ×`);
const growth = (row) => (known(row.example) && known(row.quota) ? times(row.quota / row.example) : 'n/a');
const ok = (cond) => (cond === undefined ? '**not measured**' : cond ? 'met' : '**missed**');
const within = (x, limit) => (known(x) ? x <= limit : undefined);
const kb = (bytes) => (known(bytes) ? `${Math.round(bytes / 1000).toLocaleString('en-US')} KB` : 'n/a');

const describe = ([name, file, label]) => {
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  const levels = (scenario.scps ?? []).map((l) => l.policies.length);
  return `| ${label} (\`${name}\`) | \`${file}\` | ${readFileSync(file, 'utf8').length.toLocaleString('en-US')} | ${levels.length} levels, ${levels.reduce((a, b) => a + b, 0)} SCPs | ${scenario.identityPolicies.length} |`;
};
const scaleRows = OPERATIONS.flatMap(([op, label]) =>
  [
    ['native', native],
    ['Chromium', wasm],
  ].map(([where, figures], i) => {
    const row = Object.fromEntries(NAMES.map((name) => [name, figures[`${name}/${op}`]]));
    return `| ${i === 0 ? label : ''} | ${where} | ${NAMES.map((name) => us(row[name])).join(' | ')} | ${growth(row)} |`;
  }),
);
const fixesFigure = (p) => (p && p.fixesAfterKeystroke === null ? 'not within 60 s' : p?.fixesAfterKeystroke ? `${ms(p.fixesAfterKeystroke.median)} / ${ms(p.fixesAfterKeystroke.max)}` : 'n/a');
const stat = (s) => (s ? `${ms(s.median)} / ${ms(s.p95)}` : 'n/a');
// Each row: its label, the figure shown, and the number its growth from the example to the quotas is
// taken from (the median where a row shows two).
const pageRows = [
  ['first verdict after navigation (median of the loads)', (p) => ms(p?.firstVerdictMs), (p) => p?.firstVerdictMs],
  ['of which before the .wasm has arrived (median of the loads)', (p) => ms(p?.wasmFetchedMs), (p) => p?.wasmFetchedMs],
  ['first contentful paint: the header shown until the page has started (median of the loads)', (p) => ms(p?.firstContentfulPaintMs), (p) => p?.firstContentfulPaintMs],
  ['first verdict over the slower network, the page served gzipped (median of its loads)', (p) => ms(p?.slowNetwork?.gzipped?.firstVerdictMs), (p) => p?.slowNetwork?.gzipped?.firstVerdictMs],
  ['first contentful paint over the slower network, served gzipped (median of its loads)', (p) => ms(p?.slowNetwork?.gzipped?.firstContentfulPaintMs), (p) => p?.slowNetwork?.gzipped?.firstContentfulPaintMs],
  ['first verdict over the slower network, the page served uncompressed (median of its loads)', (p) => ms(p?.slowNetwork?.uncompressed?.firstVerdictMs), (p) => p?.slowNetwork?.uncompressed?.firstVerdictMs],
  ['first contentful paint over the slower network, served uncompressed (median of its loads)', (p) => ms(p?.slowNetwork?.uncompressed?.firstContentfulPaintMs), (p) => p?.slowNetwork?.uncompressed?.firstContentfulPaintMs],
  ['keystroke to DOM updated (median / p95)', (p) => stat(p?.keystrokeToDom), (p) => p?.keystrokeToDom?.median],
  ['keystroke to the next frame\'s callbacks running (median / p95)', (p) => stat(p?.keystrokeToFrameCallback), (p) => p?.keystrokeToFrameCallback?.median],
  ['keystroke to the next frame painted (median / p95)', (p) => stat(p?.keystrokeToNextFrame), (p) => p?.keystrokeToNextFrame?.median],
  ['keystroke to the next frame painted, worst', (p) => ms(p?.keystrokeToNextFrame?.max), (p) => p?.keystrokeToNextFrame?.max],
  ['keystroke to the panels below the hops painted (median / p95)', (p) => stat(p?.keystrokeToPanelsBelow), (p) => p?.keystrokeToPanelsBelow?.median],
  ['fix suggestions painted after a keystroke that no other follows (median / longest)', fixesFigure, (p) => p?.fixesAfterKeystroke?.median],
  ['keystrokes typed 10 to 49 ms apart: wait for the main thread (median / p95)', (p) => stat(p?.inputDelayWhileSettling), (p) => p?.inputDelayWhileSettling?.median],
  ['one task of the slower results after a keystroke, traced (p95 / longest)', (p) => (p?.backgroundTaskMs ? `${ms(p.backgroundTaskMs.p95)} / ${ms(p.backgroundTaskMs.max)}` : 'n/a'), (p) => p?.backgroundTaskMs?.p95],
  ['the task handling a keystroke, traced (median / p95)', (p) => stat(p?.keystrokeTaskMs), (p) => p?.keystrokeTaskMs?.median],
  ["the page's script in it, traced (median / p95)", (p) => stat(p?.keystrokeScriptMs), (p) => p?.keystrokeScriptMs?.median],
  ['the task painting the next frame, traced (median / p95)', (p) => stat(p?.frameTaskMs), (p) => p?.frameTaskMs?.median],
  ['frame mark after the task that painted the frame ends, traced (median / longest)', (p) => (p?.frameMarkAfterPaintMs ? `${ms(p.frameMarkAfterPaintMs.median)} / ${ms(p.frameMarkAfterPaintMs.max)}` : 'n/a'), (p) => p?.frameMarkAfterPaintMs?.median],
];
const cliRows = [
  ['`crisscross size FILE` (sizes, quotas, room-making hints)', 'size'],
  ['`crisscross matrix FILE`', 'matrix'],
].map(([label, command]) => {
  const row = Object.fromEntries(NAMES.map((name) => [name, cli[`${name}/${command}`]]));
  return `| ${label} | ${NAMES.map((name) => ms(row[name])).join(' | ')} | ${growth(row)} |`;
});

const hopRatio = (peerHop?.medianMs * 1000) / native['evaluate-one-hop'];
// From policy text, crisscross's rounds alternate with the peer's (see iam-simulate.mjs): its figure and
// the ratio come from those pairs.
const callRatio = (name) => peerCall[name]?.pairedRatio;
const ratioSpread = (name) => {
  const [low, high] = peerCall[name]?.pairedRatioQuartiles ?? [];
  return known(low) && known(high) ? ` (middle half ${times(low)} to ${times(high)})` : '';
};
const peerRows = [
  `| one hop, policies already parsed (example, us-east-2 foundation-model hop) | ${us(native['evaluate-one-hop'])} | ${ms(peerHop?.medianMs)} | **${times(hopRatio)}** | ${peerHop?.agrees ? 'yes' : 'no'} |`,
  ...SCENARIOS.map(([name, , label]) => {
    const peer = peerCall[name];
    return `| policy text to every hop's decision, ${label} (${peer?.hops.length ?? '?'} hops) | ${us(peer?.crisscrossMedianUs)} | ${ms(peer?.medianMs)} | **${times(callRatio(name))}**${ratioSpread(name)} | ${peer ? (peer.agrees ? 'yes' : 'no') : 'n/a'} |`;
  }),
];

// What 200 × leaves per call, set against what parsing the policies, and merely reading the same texts,
// cost.
const leftAt200 = (name) => (peerCall[name]?.medianMs * 1000) / 200;
const share = (part, whole) => `${Math.round((100 * part) / whole)} %`;
// Parsing is part of the whole call: measured above it, the machine's speed changed between the two
// measurements, and neither can be set against the other or against what 200 × leaves.
const partOverWhole = (name) => native[`${name}/parse`] > native[`${name}/cold`];
const parseCell = (name) => {
  const [parse, cold] = [native[`${name}/parse`], native[`${name}/cold`]];
  return `${us(parse)} (${share(parse, cold)}${partOverWhole(name) ? ', more than the whole call: not comparable' : ''})`;
};
const floorRows = SCENARIOS.map(
  ([name, , label]) =>
    `| ${label} | ${us(leftAt200(name))} | ${us(native[`${name}/cold`])} | ${parseCell(name)} | ${us(native[`${name}/json-tree`])} | ${us(native[`${name}/json-syntax`])} |`,
);
const figuresKnown = SCENARIOS.every(([name]) =>
  ['cold', 'parse', 'json-tree', 'json-syntax'].every((op) => known(native[`${name}/${op}`])) && known(leftAt200(name)),
);
const unsettled = SCENARIOS.filter(([name]) => partOverWhole(name));
const overParse = SCENARIOS.filter(([name]) => !partOverWhole(name) && native[`${name}/parse`] > leftAt200(name));
const overTree = overParse.filter(([name]) => native[`${name}/json-tree`] > leftAt200(name));
const labels = (list) => list.map(([, , label]) => label).join(' and the ');
const treeSentence = () => {
  if (overTree.length === 0) return '';
  const where = overTree.length < overParse.length ? `For the ${labels(overTree)},` : overTree.length === 1 ? 'At that size' : 'At those sizes';
  const remains = overTree
    .map(([name, , label]) => `${us(leftAt200(name) - native[`${name}/json-syntax`])} (${label})`)
    .join(' and ');
  // Where crisscross already parses faster than serde_json builds a bare tree, 200 × asks for more than that.
  const faster = overTree.filter(([name]) => native[`${name}/parse`] < native[`${name}/json-tree`]);
  const treeRace =
    faster.length === 0
      ? 'Meeting 200 × there would take reading, checking and building the policies in less time than serde_json takes to build a bare tree of the same texts.'
      : `${faster.length === overTree.length ? 'It' : `For the ${labels(faster)}, it`} already reads, checks and builds the policies in less time than serde_json takes to build a bare tree of the same texts, and 200 × asks for less time still.`;
  return ` ${where} serde_json takes longer than that too, just to build a tree of the texts. crisscross reads a plain policy (JSON without comments or escapes, each element of the type it takes) in one pass straight into its model, keeping the span of every entry (the line and column its diagnostics name); any other text goes through a tree that keeps the span of every key and value. ${treeRace} Even a reader as fast as serde_json's syntax-only pass, which checks the JSON and keeps nothing, would leave only ${remains} to check and build the policies, plan the hops and decide them.`;
};
const unsettledSentence = unsettled.length
  ? ` For the ${labels(unsettled)}, parsing the policies measured longer than the whole call it is part of: the machine's speed changed between the two measurements, so this run says nothing about whether parsing fits in what 200 × leaves.`
  : '';
// Said only of the sizes whose figures agree with each other.
const fitsSentence = () =>
  unsettled.length === SCENARIOS.length
    ? ''
    : `${unsettled.length ? 'At the other sizes' : 'At every size'}, 200 × leaves more time than parsing the policies takes.`;
const overSentence = () =>
  `For the ${labels(overParse)}, parsing the policies alone takes longer than 200 × leaves for the whole call, so no change to planning or deciding the hops can meet it.${treeSentence()}`;
const floorVerdict = !figuresKnown ? '' : (overParse.length === 0 ? fitsSentence() : overSentence()) + unsettledSentence;

// The page's .wasm: its bytes, `gzip -9`'s size of it (from bench.sh), and its parts.
const wasmFile = `${dir}/page.wasm`;
const wasmBytes = existsSync(wasmFile) ? readFileSync(wasmFile) : undefined;
const raw = wasmBytes?.length;
const gzip = Number(text(`${dir}/wasm-gzip`));
// Brotli at its best quality: what a host that stores the .wasm precompressed sends to a browser over HTTPS.
const brotli = wasmBytes ? brotliCompressSync(wasmBytes, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: wasmBytes.length } }).length : undefined;
const parts = wasmBytes ? wasmParts(wasmBytes) : [];
const partRows = parts.map(([label, r, g]) => `| ${label} | ${kb(r)} | ${kb(g)} |`);
const namedFile = `${dir}/page-named.wasm`;
const owners = existsSync(namedFile) ? codeOwners(readFileSync(namedFile)) : [];
const ownerRows = owners.map(([label, count, r, g]) => `| ${label} | ${count.toLocaleString('en-US')} | ${kb(r)} | ${kb(g)} |`);
// The page's interface against the size budget, with the data beside it.
const interfaceZlib = owners.reduce((sum, [, , , g], i) => sum + (OWNERS[i][2] ? g : 0), 0);
const dataZlib = parts[1]?.[2];
const interfaceSentence = owners.length && dataZlib
  ? `The code that ended up in the page's state, its components and Yew comes to ${kb(interfaceZlib)} compressed, and the data to ${kb(dataZlib)}: ${kb(interfaceZlib + dataZlib)} of the 350 KB budget before any of the core, JSON or the standard library.`
  : '';

const firstVerdict = (name) => page[name]?.firstVerdictMs;
// Every one of the keystrokes counts: the longest of them is held to the budget.
const fixesReady = (name) => page[name]?.fixesAfterKeystroke?.max;
const budgets = [
  ...SCENARIOS.map(([name, , label]) => {
    const frame = page[name]?.keystrokeToNextFrame;
    const met = frame ? frame.median <= 16 && frame.p95 <= 33 : undefined;
    return [`keystroke to the next frame at or under 16 ms median and 33 ms p95, ${label}`, stat(frame), met];
  }),
  ['first verdict at or under 300 ms, Control Tower example', ms(firstVerdict('example')), within(firstVerdict('example'), 300)],
  ['first verdict at or under 1 s, organization at the quotas', ms(firstVerdict('quota')), within(firstVerdict('quota'), 1000)],
  ['fix suggestions painted within 150 ms of a keystroke that no other follows, Control Tower example (median / longest)', fixesFigure(page.example), page.example ? within(fixesReady('example') ?? Infinity, 150) : undefined],
  ['fix suggestions painted within 500 ms of a keystroke that no other follows, organization at the quotas (median / longest)', fixesFigure(page.quota), page.quota ? within(fixesReady('quota') ?? Infinity, 500) : undefined],
  ['`crisscross size` under 1 s, organization at the quotas', ms(cli['quota/size']), known(cli['quota/size']) ? cli['quota/size'] < 1000 : undefined],
  ['the matrix at or under 3 ms in Chromium, Control Tower example', us(wasm['example/matrix']), within(wasm['example/matrix'], 3000)],
  ...SCENARIOS.map(([name, , label]) => [
    `policy text to every hop's decision at least 200 × faster than the peer, ${label}`,
    `${times(callRatio(name))}${ratioSpread(name)}`,
    known(callRatio(name)) ? callRatio(name) >= 200 : undefined,
  ]),
  ['one hop, policies already parsed, at least 300 × faster than the peer', times(hopRatio), known(hopRatio) ? hopRatio >= 300 : undefined],
  ['the page\'s .wasm at or under 350 KB gzipped', `${kb(gzip)} gzipped`, known(gzip) ? gzip <= 350_000 : undefined],
];

// What each scenario asks, with the checks the peer was given; said once when they all ask the same.
const asks = SCENARIOS.map(([name, file]) => {
  const { request } = JSON.parse(readFileSync(file, 'utf8'));
  const hops = peerCall[name]?.hops.map((h) => `${h.kind} in ${h.region}`).join(', ') ?? 'n/a';
  return `calls \`${request.profile}\` from ${request.sourceRegion} (${request.api}); its checks: ${hops}.`;
});
const calls = new Set(asks).size === 1 ? `Each scenario ${asks[0]}` : asks.map((a, i) => `The ${SCENARIOS[i][2]} ${a}`).join(' ');

const shared =
  medianLoad === undefined
    ? ''
    : `\n- During the run the 1-minute load average was ${medianLoad.toFixed(2)} (median of ${loads.length} samples; at most ${loads[loads.length - 1].toFixed(2)}) on ${cores} cores. The benchmarks keep about one core busy${medianLoad > 1.5 ? ', so the machine was shared with other work and absolute times are pessimistic; every ratio compares figures of the same run' : ''}.`;

console.log(`# Benchmarks

Measured by \`scripts/bench.sh\` (one run; rewrite this file by running it again).

- Machine: ${cores} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${rustc}; Chromium headless for WebAssembly and the page.${shared}
- Native: criterion medians, with mimalloc, the allocator the \`crisscross\` binary uses. WebAssembly: the same operations in \`crates/crisscross-core/tests/wasm.rs\`, release build, in headless Chromium. The example's operations first run for half a second, so that V8 has moved the hot code to its optimising compiler, as in a page in use; each operation then runs for at least 20 ms, left out of its figure, to size its rounds, and its figure is the median of 7 timed rounds of at least 20 ms by \`performance.now()\` (3 rounds for calls over 200 ms).

| scenario | file | characters | SCPs | identity policies |
|---|---|---|---|---|
${SCENARIOS.map(describe).join('\n')}

The scale scenarios are written by \`cargo run -p crisscross-core --example scale_scenarios\`. ${calls}

## The Control Tower example

| operation | native | WebAssembly (Chromium) |
|---|---|---|
| parse the Control Tower Region-deny SCP (86 exempt actions) | ${us(native.parse)} | ${us(wasm.parse)} |
| decide one hop: GRREGIONDENY at an OU under FullAWSAccess + a Bedrock identity policy | ${us(native['evaluate-one-hop'])} | ${us(wasm['evaluate-one-hop'])} |
| whole call: parse every policy, plan 4 hops, decide each | ${us(native['example/cold'])} | ${us(wasm['example/cold'])} |
| the matrix: every (profile, source Region) call, every hop decided | ${us(native['example/matrix'])} | ${us(wasm['example/matrix'])} |
| fix suggestions: candidates, each re-evaluated on every hop and against the matrix | ${us(native['example/fixes'])} | ${us(wasm['example/fixes'])} |

## From the example to an organization at the quotas

The core's operations on each scenario, natively and compiled to WebAssembly in Chromium. A keystroke types
into the first Sid of the largest SCP; the parse cache has seen the scenario before the edit, as the page's
has.

| operation | where | example | medium | quota | quota / example |
|---|---|---|---|---|---|
${scaleRows.join('\n')}

## The page

\`bench/page.mjs\`: the release build (\`trunk build --release\`) in headless Chromium, opened from each
scenario's share link, ${page.example?.firstVerdictLoads?.length ?? 'n/a'} times, each in a fresh browser context, from a local server that sends the files as they are (the first verdict is
when the verdict sentence is first painted, from its Element Timing entry, the median of these loads; before the
.wasm has arrived, from its Resource Timing entry, is the browser's navigation, the HTML, the style sheets and
scripts and the download, the rest compiling and starting the wasm, the first render and the first frame; the
first contentful paint, from its Paint Timing entry, is when the header and the loading line that \`index.html\`
shows until the page has started are first painted). Before those, each scenario is loaded ${page.example?.slowNetwork?.loads ?? 'n/a'} times over a slower
network, Chromium's emulation of ${page.example?.slowNetwork?.megabitsPerSecond ?? 'n/a'} Mbit/s each way with ${page.example?.slowNetwork?.latencyMs ?? 'n/a'} ms of latency,
from a server that gzips every file at level 9, as a static host or CDN that compresses the .wasm does (it then takes
${kb(page.example?.slowNetwork?.gzipped?.wasmBytes)} on the wire), and as many times from one that sends the files uncompressed, as a host that does not
compress the .wasm does (${kb(page.example?.slowNetwork?.uncompressed?.wasmBytes)}). Whether a host compresses \`application/wasm\` depends on the host and how it is
set up; the browser's network panel shows it in the response's \`content-encoding\`. Then ${page.example?.rounds ?? 'n/a'} keystrokes into the Sid of the largest SCP (a character typed,
then taken away again with Backspace; each is timed), at least 80 ms apart. Slower results run in background
slices of about 5 ms (the Prioritized Task Scheduling API); "next frame painted" is when a user-blocking task
posted as the frame starts runs: right after the main thread's task that lays out and paints the frame, ahead
of any slice already queued. That frame shows the text, the meters, the verdict and the hops; the panels
below the hops (the explanation, fixes, matrix, expectations and diff, which show the Sid typed or that their
results are computed again) are rendered in a task after it and painted in the frame after that, timed the
same way from the keystroke to the frame after they first change. Then ${page.example?.fixKeystrokes ?? 'n/a'} more keystrokes,
each left alone until the fix suggestions for the text it leaves are painted: the fixes panel names the
revision of the text its suggestions were found for, and the frame that first shows the current one is timed
from the keystroke, the same way. Then ${page.example?.burstKeystrokes ?? 'n/a'} keystrokes 10 to 49 ms apart, most landing while the slower
results of the ones before are computed: how long each waits for the main thread, from the browser taking the
key to the page's first keydown listener running. Last, 10 more keystrokes 150 ms apart are traced: a task of the slower results
is a main-thread task that runs only script (no input event, style, layout or paint); a keystroke that lands
during one waits for its end, or for the step under way where the browser tells the page that input is waiting. The same trace splits a keystroke's way to its frame: the task handling the
key (Chromium's editing of the text area, the page's script, the layout that script leaves) and the task
after it that paints the frame (style, layout, paint, and handing the frame to the compositor, all
Chromium's work on the page as the script left it). It also shows how long after the painting task's end the
frame mark falls, which is what the keystroke-to-frame figures count beyond the frame. Tracing makes every
task slower.

| figure | example | medium | quota | quota / example |
|---|---|---|---|---|
${pageRows.map(([label, f, figure]) => `| ${label} | ${NAMES.map((name) => f(page[name])).join(' | ')} | ${growth(Object.fromEntries(NAMES.map((name) => [name, figure(page[name])])))} |`).join('\n')}

## The CLI

\`target/release/crisscross\`, wall time from start to exit, median of 5 runs.

| command | example | medium | quota | quota / example |
|---|---|---|---|---|
${cliRows.join('\n')}

## Against a peer simulator

${peerHop?.tool ?? 'The peer'} in Node.js (\`bench/peer/iam-simulate.mjs\`, installed as a dev-only tool outside the
product) on the checks \`crisscross eval --format json\` lists for the scenario, with the same action, resource
and context. One hop: the peer gets the policies as objects and decides one check, as crisscross's "decide
one hop" does with parsed policies. From policy text: every policy document is parsed from its text inside
the timed loop (\`JSON.parse\`) and every hop of the call is decided, as crisscross's cold figure does; the
peer's interface takes one request per simulation, so it runs once per hop. There, crisscross's cold path
(\`crates/crisscross-core/examples/cold_path.rs\`, under mimalloc) runs in rounds of about 200 ms that
alternate with the peer's, 21 pairs: a change in the machine's speed during the run then slows both rounds
of a pair alike. Each figure is the median of its rounds, and the ratio the median of the pairs' ratios, with
the middle half of them in brackets: the peer's time per call varies by a tenth and more between rounds (most
likely its garbage collector and JIT), so a median moves by several percent from one run to the next.

| comparison | crisscross (native) | peer | crisscross is faster by | same decisions on every hop |
|---|---|---|---|---|
${peerRows.join('\n')}

What 200 × leaves for each call (the peer's time divided by 200), against crisscross's cold figure, against
the part of it spent parsing the policies (read, checked, built into the model and linted, with no hop planned
or decided; its share of the cold figure in brackets), and against serde_json reading the same policy texts
with nothing checked or decided: into a tree (\`serde_json::Value\`), and the syntax only (\`IgnoredAny\`).
${floorVerdict}

| scenario | 200 × leaves | crisscross, text to every hop's decision | crisscross, parsing the policies | serde_json, text to a tree | serde_json, syntax only |
|---|---|---|---|---|---|
${floorRows.join('\n')}

## Size of the page

The playground's .wasm after \`trunk build --release\` (wasm-opt included, with its functions put in the order of
their names so that the copies of one generic function compress together): ${kb(raw)} raw, ${kb(gzip)} with
\`gzip -9\` (1 KB = 1,000 bytes), and ${kb(brotli)} with Brotli at quality 11 (Node's zlib), which a host that stores it
precompressed can send to browsers over HTTPS. What it holds, each part compressed on its own with Node's zlib at level 9
(which makes the whole about 1 % larger than \`gzip -9\` does, and the parts add up to a little more still):

| part | raw | zlib, level 9 |
|---|---|---|
${partRows.join('\n')}

Whose code it is: the same build with its function names kept (\`wasm-bindgen --keep-debug\`, then
\`wasm-opt -Oz -g --reorder-functions-by-name\`), each group of function bodies compressed on its own. A function counts where it
ended up: link-time optimisation inlines functions into their callers across crates, so the core's
parsing and evaluation inlined into the page's state count as the page's.

| whose code | functions | raw | zlib, level 9 |
|---|---|---|---|
${ownerRows.join('\n')}

${interfaceSentence}

## Budgets

| budget | figure | |
|---|---|---|
${budgets.map(([label, figure, met]) => `| ${label} | ${figure} | ${ok(met)} |`).join('\n')}
`);
