// What every browser test file shares: where things are, playwright-core driving Debian's Chromium (never
// a downloaded browser), the static server for dist/, and a fresh page that reports its own errors.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
export const dist = process.env.CRISSCROSS_DIST ?? join(root, 'dist');
export const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

function loadPlaywright() {
  const tools = process.env.CRISSCROSS_TOOLS ?? join(homedir(), '.cache', 'crisscross-tools');
  for (const place of [join(tools, 'node_modules', 'noop.js'), import.meta.url]) {
    try {
      return createRequire(place)('playwright-core');
    } catch {
      // try the next place (NODE_PATH applies to the last one)
    }
  }
  throw new Error(`playwright-core not found in ${tools}/node_modules or NODE_PATH; run scripts/install-tools.sh --browser`);
}

const { chromium } = loadPlaywright();

/** The flags this machine's Chromium needs as root, without reaching the network. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Starts the server and the browser before the file's tests and stops them after; read them through the returned object. */
export function useBrowser() {
  const shared = { server: undefined, browser: undefined };
  before(async () => {
    assert.ok(existsSync(join(dist, 'index.html')), `${dist}/index.html is missing: run trunk build --release first`);
    shared.server = await serve(dist);
    shared.browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  });
  after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

/** A fresh page (a new context, so empty LocalStorage unless `context` is given), loaded and running. */
export async function openPage(shared, { width = 1280, height = 720, context } = {}) {
  const ctx = context ?? (await shared.browser.newContext({ viewport: { width, height } }));
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  await page.goto(shared.server.url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  await page.waitForSelector('#verdict-sentence');
  return { ctx, page, problems };
}

/**
 * Waits up to 5 s for `done` (run in the page) to hold after an action whose result the page renders in
 * a later task (the renderer yields to the browser on a busy machine); the assertion that follows still
 * decides, so a result that never comes fails the test there. `arg` is passed to `done`.
 */
export async function settled(page, done, arg) {
  await page.waitForFunction(done, arg, { timeout: 5_000 }).catch(() => {});
}

/** The verdict sentence at the top of the page. */
export const verdict = (page) => page.locator('#verdict-sentence').innerText();
