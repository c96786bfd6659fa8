// Times the playground in headless Chromium on one scenario opened from its share link: the first verdict
// after navigation (median of 15 loads, each in a fresh browser context), keystroke to the next frame while typing into the largest SCP, and how long after
// a keystroke that no other follows the fix suggestions for it are painted, how long keystrokes typed in quick succession wait for the page; then, traced, how long each task that computes the slower results
// holds the main thread after a keystroke, where a keystroke's time to its frame goes (the task handling the key,
// its script, the task painting the frame), and how far the frame mark falls after that painting task.
// Prints one JSON object.
//
//   node bench/page.mjs SCENARIO.json [ROUNDS]
//
// Needs dist/ (trunk build --release), target/release/crisscross and playwright-core (NODE_PATH).

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

import { serve } from '../tests/browser/server.mjs';

const file = process.argv[2];
const rounds = Number(process.argv[3] ?? 20);
// Loads in a fresh context vary by a hundred milliseconds and more on a shared 2-core machine: the median
// of 15 varies about half as much from run to run as the median of 5 does.
const LOADS = 15;
// CRISSCROSS_PAGE_ROOT times another checkout's build (bench/against.mjs) with this script.
const root = resolve(process.env.CRISSCROSS_PAGE_ROOT ?? new URL('..', import.meta.url).pathname);
const tools = process.env.CRISSCROSS_TOOLS ?? join(homedir(), '.cache', 'crisscross-tools');
const { chromium } = createRequire(join(tools, 'node_modules', 'noop.js'))('playwright-core');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const stat = (values) => {
  const v = [...values].sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)], p95: v[Math.min(v.length - 1, Math.floor(v.length * 0.95))], max: v[v.length - 1] };
};

/** Keystrokes each left alone until its fix suggestions are painted, to time them. */
const FIX_KEYSTROKES = 6;

/**
 * Keystrokes typed 10 to 49 ms apart, most of them while the slower results of the one before are still
 * being computed, to time how long a keystroke waits before the page starts handling it.
 */
const BURST_KEYSTROKES = 60;

/**
 * Loads over a slower network than the machine's own (Chromium's network emulation: 16 Mbit/s each way,
 * 40 ms of latency), where downloading the .wasm is a large part of the time to the first verdict: how
 * large depends on whether the host compresses it, so each scenario is loaded both ways.
 */
const SLOW_NETWORK = { offline: false, latency: 40, downloadThroughput: 2_000_000, uploadThroughput: 2_000_000 };
const SLOW_LOADS = 7;

/** Keystrokes typed with tracing on, to time the tasks that compute the slower results. */
const TRACED_KEYSTROKES = 10;

/**
 * The renderer main thread's complete events, in time order: the thread that dispatched the keystrokes.
 * Empty when the trace holds no keystroke.
 */
function mainThread(events) {
  const keydown = events.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  if (!keydown) return [];
  return events.filter((e) => e.pid === keydown.pid && e.tid === keydown.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
}

/**
 * Durations (ms) of the renderer main thread's tasks that only run script: no input event, style,
 * layout or paint in them. On the page while it is typed into, these are the slices of the slower results.
 */
function scriptOnlyTasks(events) {
  const main = mainThread(events);
  const durations = [];
  let task = null;
  let scriptOnly = false;
  let script = false;
  const close = () => {
    if (task && scriptOnly && script) durations.push(task.dur / 1000);
  };
  for (const e of main) {
    if (e.name === 'RunTask') {
      close();
      task = e;
      scriptOnly = true;
      script = false;
    } else if (task && e.ts < task.ts + task.dur) {
      if (['EventDispatch', 'UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint'].includes(e.name)) scriptOnly = false;
      if (e.name === 'FunctionCall') script = true;
    }
  }
  close();
  return durations;
}

/**
 * For each frame mark in the trace, how long (ms) after the end of the last main-thread task that painted
 * it fired: how much the keystroke-to-frame figure counts beyond the frame itself.
 */
function frameMarkAfterPaint(events) {
  const main = mainThread(events);
  const paintingTaskEnds = main
    .filter((t) => t.name === 'RunTask' && main.some((e) => e.name === 'Paint' && e.ts >= t.ts && e.ts < t.ts + t.dur))
    .map((t) => t.ts + t.dur)
    .sort((a, b) => a - b);
  return events
    .filter((e) => e.name === 'crisscross-frame')
    .map((mark) => {
      const end = paintingTaskEnds.filter((ts) => ts <= mark.ts).at(-1);
      return end === undefined ? null : (mark.ts - end) / 1000;
    })
    .filter((lag) => lag !== null);
}

/**
 * Where each traced keystroke's time to its frame goes, in ms: the task that handles the key (the
 * browser's editing, the page's script, and any layout the script leaves), the page's script in it, and
 * the task after it that paints the frame (style, layout, paint, and handing the frame to the compositor).
 */
function keystrokeTasks(events) {
  const main = mainThread(events);
  const keydowns = main.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const tasks = main.filter((e) => e.name === 'RunTask');
  const within = (task, name) => main.filter((e) => e.name === name && e.ts >= task.ts && e.ts < task.ts + task.dur);
  const input = [];
  const script = [];
  const painting = [];
  for (const key of keydowns) {
    const task = tasks.find((t) => t.ts <= key.ts && key.ts < t.ts + t.dur);
    const paint = task && tasks.find((t) => t.ts >= task.ts + task.dur && within(t, 'Paint').length);
    if (!task || !paint) continue;
    input.push(task.dur / 1000);
    // Calls nested in another call count once, with it.
    const calls = within(task, 'FunctionCall');
    const outer = calls.filter((c) => !calls.some((o) => o !== c && o.ts <= c.ts && c.ts + c.dur <= o.ts + o.dur));
    script.push(outer.reduce((sum, c) => sum + c.dur, 0) / 1000);
    painting.push(paint.dur / 1000);
  }
  return { input, script, painting };
}

/** The policy of the scenario with the most characters, as [level, index] of its editor. */
function largestScp(scenario) {
  let best = { size: -1, id: null, sid: null };
  (scenario.scps ?? []).forEach((level, l) =>
    level.policies.forEach((p, i) => {
      const text = typeof p.document === 'string' ? p.document : JSON.stringify(p.document, null, 2);
      const sid = text.match(/"Sid":\s*"([^"]+)"/)?.[1];
      if (text.length > best.size && sid) best = { size: text.length, id: `scp-${l}-${i}`, sid };
    }),
  );
  return best;
}

const server = await serve(join(root, 'dist'));
const gzipServer = await serve(join(root, 'dist'), { gzip: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
try {
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  const link = execFileSync(join(root, 'target/release/crisscross'), ['link', file, '--base', server.url]).toString().trim();
  // The first verdict: the verdict sentence painted for the scenario of the link, in a fresh browser
  // context (nothing cached) each time; the median of LOADS navigations, the last of which is typed into.
  const waitForVerdict = (page) =>
    page.waitForFunction(() => {
      const el = document.querySelector('#verdict-sentence');
      return el && /^(Allowed|Denied|Not evaluated)/.test(el.textContent ?? '');
    }, undefined, { timeout: 120_000 });
  // When the verdict sentence was first painted, from its Element Timing entry: the attribute that asks
  // for one is set as the sentence enters the page, before it is painted (any build of the page can be
  // timed so), and the entry is awaited by a script the page runs from its start. Waiting for the
  // sentence with waitForFunction instead would compile Playwright's injected script in the page while
  // it starts (about 20 ms in a trace, just before the verdict's frame), and reading the clock once the
  // verdict is seen would also count the round trip to the page, which waits behind the second render.
  const markVerdict = () => {
    window.__verdictPainted = new Promise((resolve, reject) => {
      new PerformanceObserver((list, observer) => {
        const entry = list.getEntries().find((e) => e.identifier === 'verdict');
        if (entry) {
          observer.disconnect();
          resolve(entry.renderTime || entry.startTime);
        }
      }).observe({ type: 'element', buffered: true });
      setTimeout(() => reject(new Error('no Element Timing entry for the verdict')), 120_000);
    });
    new MutationObserver((_, observer) => {
      const sentence = document.querySelector('#verdict-sentence');
      if (sentence) {
        observer.disconnect();
        sentence.setAttribute('elementtiming', 'verdict');
      }
    }).observe(document, { childList: true, subtree: true });
  };
  // When the .wasm had arrived, from its Resource Timing entry: what comes before it is the browser's
  // (navigation, the HTML, the style sheets and scripts, the download), what comes after it the page's
  // (compiling and starting the wasm, the first render) and the first frame's.
  const wasmFetchedAt = () => performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.responseEnd ?? null;
  const wasmFetched = [];
  const firstVerdicts = [];
  // When the page first showed anything: the header index.html shows until the page has started.
  const firstContentfulPaints = [];
  const firstContentfulPaint = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
  // The same loads over the slower network from each server: the one that gzips what it sends, as a
  // static host or CDN that compresses does, and the one that sends the files as they are. What the .wasm
  // took on the wire, from its Resource Timing entry, shows which one a load had.
  const wasmTransferred = () => performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'))?.encodedBodySize ?? null;
  const slowLoads = async (url) => {
    const slow = { firstVerdicts: [], firstContentfulPaints: [], wasmBytes: [] };
    for (let load = 0; load < SLOW_LOADS; load++) {
      const slowContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const slowPage = await slowContext.newPage();
      const cdp = await slowContext.newCDPSession(slowPage);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
      await slowPage.addInitScript(markVerdict);
      await slowPage.goto(url);
      slow.firstVerdicts.push(await slowPage.evaluate(() => window.__verdictPainted));
      slow.firstContentfulPaints.push(await slowPage.evaluate(firstContentfulPaint));
      slow.wasmBytes.push(await slowPage.evaluate(wasmTransferred));
      await slowContext.close();
    }
    return {
      firstVerdictMs: stat(slow.firstVerdicts).median,
      firstContentfulPaintMs: stat(slow.firstContentfulPaints.filter((t) => t !== null)).median ?? null,
      wasmBytes: stat(slow.wasmBytes.filter((b) => b !== null)).median ?? null,
    };
  };
  const gzipLink = link.replace(server.url, gzipServer.url);
  // The server compresses each file as it is first asked for: one load, not timed, has it do so before
  // the timed ones.
  const warmContext = await browser.newContext();
  await (await warmContext.newPage()).goto(gzipLink, { waitUntil: 'load' });
  await warmContext.close();
  const slowGzipped = await slowLoads(gzipLink);
  const slowUncompressed = await slowLoads(link);
  let context;
  let page;
  for (let load = 0; load < LOADS; load++) {
    if (context) await context.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await page.addInitScript(markVerdict);
    await page.goto(link);
    firstVerdicts.push(await page.evaluate(() => window.__verdictPainted));
    await waitForVerdict(page);
    wasmFetched.push(await page.evaluate(wasmFetchedAt));
    firstContentfulPaints.push(await page.evaluate(firstContentfulPaint));
  }

  const target = largestScp(scenario);
  // Cards of a large organization start closed: open the one typed into, as a user would.
  const twisty = page.locator(`#policy-${target.id} .twisty`);
  if ((await twisty.getAttribute('aria-expanded')) === 'false') await twisty.click();
  const area = page.locator(`#editor-${target.id}`);
  await area.scrollIntoViewIfNeeded();
  const text = await area.inputValue();
  const at = text.indexOf(`"${target.sid}"`) + 1 + target.sid.length;
  await area.focus();
  await page.evaluate((id) => {
    window.__perf = [];
    window.__below = [];
    window.__fixes = [];
    window.__keys = 0;
    window.__inputDelay = null;
    let t0 = 0;
    let belowSince = 0;
    let fixesSince = 0;
    // Every keystroke that edits the text counts: the character typed and the Backspace that takes it away.
    document.addEventListener('keydown', (e) => {
      if (e.key.length === 1 || e.key === 'Backspace') {
        t0 = e.timeStamp;
        belowSince = e.timeStamp;
        fixesSince = e.timeStamp;
        window.__keys += 1;
        // From the moment the browser took the key to the page's first listener running.
        window.__inputDelay?.push(performance.now() - e.timeStamp);
      }
    }, true);
    // The frame is on screen once the task that runs the animation frame callbacks, style, layout and
    // paint ends. A user-blocking task posted from the callback runs right after that task, ahead of the
    // slices of the slower results, which a timeout would wait behind.
    const afterFrame = (record) =>
      requestAnimationFrame(() => {
        // The callback's timestamp is when the frame began, which can precede the key's own timestamp:
        // read the clock as the callback runs.
        const callback = performance.now();
        const done = () => record(callback, performance.now());
        if (window.scheduler?.postTask) window.scheduler.postTask(done, { priority: 'user-blocking' });
        else setTimeout(done, 0);
      });
    new MutationObserver(() => {
      if (!t0) return;
      const start = t0;
      t0 = 0;
      const dom = performance.now() - start;
      afterFrame((callback, now) => {
        performance.mark('crisscross-frame');
        window.__perf.push({ dom, callback: callback - start, frame: now - start });
      });
    }).observe(document.querySelector(`#policy-${id}`), { childList: true, subtree: true, characterData: true });
    // The panels below the hops (the explanation, fixes, matrix, expectations and diff) show the typed
    // Sid, or that their results are being computed again: the frame after they change.
    const below = 'section.explanation, section.fixes, section.matrix, section.expect-panel, section.diff-panel';
    new MutationObserver((records) => {
      const inside = records.some((r) => (r.target.nodeType === 1 ? r.target : r.target.parentElement)?.closest(below));
      if (!belowSince || !inside) return;
      const start = belowSince;
      belowSince = 0;
      afterFrame((_, now) => window.__below.push(now - start));
    }).observe(document.querySelector('#results'), { childList: true, subtree: true, characterData: true, attributes: true });
    // The fix suggestions for the text as typed last: the fixes panel names the revision it was found
    // for, and the page its current one. The frame that first shows them, timed from the keystroke.
    new MutationObserver(() => {
      const panel = document.querySelector('.fixes');
      const app = document.querySelector('.app');
      if (!fixesSince || !panel?.dataset.revision || panel.dataset.revision !== app?.dataset.revision) return;
      const start = fixesSince;
      const key = window.__keys;
      fixesSince = 0;
      afterFrame((_, now) => window.__fixes.push({ key, ms: now - start }));
    }).observe(document.querySelector('.app'), { subtree: true, attributes: true, attributeFilter: ['data-revision'] });
  }, target.id);
  // Even keystrokes type a character into the Sid, odd ones take it away again: the text changes, the
  // verdict does not.
  const keystroke = async (i) => {
    if (i % 2 === 0) {
      await area.evaluate((el, at) => el.setSelectionRange(at, at), at);
      await page.keyboard.type('x');
    } else {
      await area.evaluate((el, at) => el.setSelectionRange(at, at + 1), at);
      await page.keyboard.press('Backspace');
    }
  };
  for (let i = 0; i < rounds; i++) {
    await keystroke(i);
    await page.waitForFunction((n) => window.__perf.length >= n, i + 1, { timeout: 60_000 });
    await page.waitForTimeout(80);
  }
  const samples = await page.evaluate(() => window.__perf);
  const below = await page.evaluate(() => window.__below);
  // Fix suggestions after a keystroke that no other follows: typed 80 ms apart, most keystrokes above
  // land before the fixes of the one before them are found. FIX_KEYSTROKES more, each left alone until
  // its fixes are painted; null when one's are not within 60 s.
  const fixesAfter = [];
  for (let i = 0; i < FIX_KEYSTROKES; i++) {
    await keystroke(rounds + i);
    const key = await page.evaluate(() => window.__keys);
    try {
      await page.waitForFunction((k) => window.__fixes.some((f) => f.key === k), key, { timeout: 60_000 });
      fixesAfter.push(await page.evaluate((k) => window.__fixes.find((f) => f.key === k).ms, key));
    } catch {
      fixesAfter.push(null);
      break;
    }
    await page.waitForTimeout(150);
  }
  const fixesPainted = fixesAfter.includes(null) ? null : stat(fixesAfter);
  // Keystrokes in quick succession, each landing while the page computes the slower results of the
  // ones before: how long each waits for the main thread.
  await page.evaluate(() => {
    window.__inputDelay = [];
  });
  for (let i = 0; i < BURST_KEYSTROKES; i++) {
    await keystroke(i);
    await page.waitForTimeout(10 + ((i * 7) % 40));
  }
  const inputDelay = stat(await page.evaluate(() => window.__inputDelay.splice(0)));
  await page.waitForTimeout(1000);
  // How long the page's main thread is held at a time while the slower results (fixes, hints, the
  // matrix) are computed after a keystroke: a keystroke landing then waits for the task under way.
  // Traced, since tasks this short escape the Long Tasks API; tracing makes each of them slower.
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  for (let i = 0; i < TRACED_KEYSTROKES; i++) {
    await keystroke(i);
    await page.waitForTimeout(150);
  }
  const traceEvents = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const backgroundTasks = stat(scriptOnlyTasks(traceEvents));
  const frameMarkLag = stat(frameMarkAfterPaint(traceEvents));
  const tasks = keystrokeTasks(traceEvents);
  console.log(
    JSON.stringify({
      scenario: file,
      characters: readFileSync(file, 'utf8').length,
      rounds,
      firstVerdictMs: stat(firstVerdicts).median,
      firstVerdictLoads: firstVerdicts,
      wasmFetchedMs: stat(wasmFetched.filter((t) => t !== null)).median ?? null,
      firstContentfulPaintMs: stat(firstContentfulPaints.filter((t) => t !== null)).median ?? null,
      slowNetwork: {
        loads: SLOW_LOADS,
        megabitsPerSecond: (SLOW_NETWORK.downloadThroughput * 8) / 1e6,
        latencyMs: SLOW_NETWORK.latency,
        gzipped: slowGzipped,
        uncompressed: slowUncompressed,
      },
      keystrokeToDom: stat(samples.map((s) => s.dom)),
      keystrokeToFrameCallback: stat(samples.map((s) => s.callback)),
      keystrokeToNextFrame: stat(samples.map((s) => s.frame)),
      keystrokeToPanelsBelow: stat(below),
      fixesAfterKeystroke: fixesPainted,
      fixKeystrokes: FIX_KEYSTROKES,
      inputDelayWhileSettling: inputDelay,
      burstKeystrokes: BURST_KEYSTROKES,
      backgroundTaskMs: backgroundTasks,
      frameMarkAfterPaintMs: frameMarkLag,
      keystrokeTaskMs: stat(tasks.input),
      keystrokeScriptMs: stat(tasks.script),
      frameTaskMs: stat(tasks.painting),
    }),
  );
  await context.close();
} finally {
  await browser.close();
  await server.close();
  await gzipServer.close();
}
