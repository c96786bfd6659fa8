// Workshops in the real page: the shipped deck opened from ?deck=, from a file and from a link; predict,
// reveal, score, and a reload that loses nothing; the presenter view; the Markdown exports. Run after `trunk build --release`:
//
//   node --test tests/browser/deck.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { audit } from './axe.mjs';
import { openPage, root, shots, useBrowser } from './harness.mjs';

const shared = useBrowser();
const DECK = join(root, 'web', 'decks', 'intro.json');

/** A fresh page at `path` (relative to the site), loaded and running. */
async function openAt(path, { width = 1280, height = 800 } = {}) {
  const ctx = await shared.browser.newContext({ viewport: { width, height } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(new URL(path, shared.server.url).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return { ctx, page, problems };
}

/** Picks a prediction for every hop of the slide shown, in order. */
async function predict(page, words) {
  const selects = page.locator('#deck-predictions select');
  assert.equal(await selects.count(), words.length);
  for (const [i, word] of words.entries()) await selects.nth(i).selectOption(word);
}

/** The text of a download started by clicking `selector`. */
async function downloaded(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  return readFileSync(await download.path(), 'utf8');
}

describe('workshops', () => {
  test('the shipped deck opens from ?deck=, hides the verdicts, and scores revealed slides', async () => {
    const { ctx, page, problems } = await openAt('?deck=decks/intro.json');
    assert.ok(shared.server.requests.includes('/decks/intro.json'), 'the deck is read from the site');
    assert.match(await page.locator('.notice').innerText(), /Opened the workshop .Cross-Region inference versus your guardrails. \(5 slides\) from decks\/intro\.json/);
    assert.match(await page.locator('#deck-slide-title').innerText(), /Slide 1 of 5: Control Tower Region deny and a us\. profile/);
    assert.match(await page.locator('#deck-question').innerText(), /Which of the four checks pass\?/);
    // Predicting: no verdict anywhere, and the Expectations panel does not give the answer either.
    assert.equal(await page.locator('.verdict-row').isVisible(), false);
    assert.match(await page.locator('.expect-panel').innerText(), /Hidden until you reveal this slide's answer/);
    assert.equal(await page.locator('table.hops').isVisible(), false);

    assert.deepEqual(await audit(page, 'a deck slide being predicted'), []);
    await predict(page, ['Allow', 'Allow', 'Explicit deny', 'Implicit deny']);
    assert.match(await page.locator('#deck-score').innerText(), /Score: 0 of 0 right on 0 of 5 slides revealed\./);
    await page.locator('#deck-reveal').click();
    assert.match(await page.locator('#deck-score').innerText(), /Score: 3 of 4 right on 1 of 5 slides revealed\./);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'deck-predictions', 'the focus moves to the answer, not to the page');
    const results = await page.locator('#deck-predictions tbody tr td:last-child').allInnerTexts();
    assert.deepEqual(results, ['\u2713 right', '\u2713 right', '\u2713 right', '\u2715 wrong']);
    const sources = await page.locator('.deck-explanation a').evaluateAll((links) => links.map((a) => a.href));
    assert.ok(sources.length > 0 && sources.every((href) => href.startsWith('https://docs.aws.amazon.com/')), sources.join(' '));
    // Revealed: the page's own verdict and the Expectations panel agree with the deck's answer.
    assert.equal(await page.locator('.verdict-row').isVisible(), true);
    assert.match(await page.locator('#expect-summary').innerText(), /Pass: all \d+ expectations hold/);

    await page.locator('#deck-next').click();
    assert.match(await page.locator('#deck-slide-title').innerText(), /Slide 2 of 5: The same Region deny and a global profile/);
    assert.equal(await page.locator('.verdict-row').isVisible(), false, 'the next slide is predicted again');
    await predict(page, ['Allow', 'Allow', 'Explicit deny']);
    await page.locator('#deck-reveal').click();
    assert.match(await page.locator('#deck-score').innerText(), /Score: 6 of 7 right on 2 of 5 slides revealed\./);
    await page.screenshot({ path: join(shots, 'deck-revealed-1280x800.png'), fullPage: true });
    assert.deepEqual(await audit(page, 'a revealed deck slide'), []);

    // The participant's answers and the handout, as Markdown.
    await page.locator('.deck-export summary').click();
    const answers = await downloaded(page, '#deck-export-answers');
    assert.match(answers, /^# Cross-Region inference versus your guardrails: my answers\n/);
    assert.match(answers, /Score: \*\*6 of 7\*\* predictions right, on 2 of 5 slides revealed\./);
    assert.match(answers, /\| Hop 4: model in destination in us-west-2 \| Implicit deny \| Explicit deny \| \u2715 wrong \|/);
    assert.match(answers, /## 3\. EU landing zone and an eu\. profile\n[\s\S]*The answer was not revealed\./);
    const handout = await downloaded(page, '#deck-export-handout');
    assert.match(handout, /\n## Answers\n/);
    assert.match(handout, /SCP `aws-guardrails-GRREGIONDENY` at `ou-workloads`:\n\n```json\n\{/);
    assert.ok(!handout.includes('\\*'), 'nothing in the handout needs an escaped asterisk');

    // A reload loses nothing: the same slide, the same predictions and score.
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.match(await page.locator('.notice').innerText(), /The workshop goes on where you left it: slide 2, 2 revealed\./);
    assert.match(await page.locator('#deck-slide-title').innerText(), /Slide 2 of 5/);
    assert.match(await page.locator('#deck-score').innerText(), /Score: 6 of 7 right on 2 of 5 slides revealed\./);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('the presenter view shows one slide in large type, then its answer', async () => {
    const { ctx, page, problems } = await openAt('?deck=decks/intro.json', { width: 1024, height: 768 });
    await page.locator('#deck-presenter').click();
    await page.waitForSelector('.presenter');
    assert.equal(await page.locator('.columns').count(), 0, 'only the slide is on the screen');
    const size = (selector) => page.locator(selector).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    assert.ok((await size('#presenter-title')) >= 32, 'the title reads from the back of the room');
    assert.ok((await size('.presenter-question')) >= 24);
    assert.ok((await size('.presenter-hops li >> nth=0')) >= 24);
    assert.deepEqual(await page.locator('.presenter-hops strong').allInnerTexts(), ['?', '?', '?', '?']);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the slide is ${overflow} px wider than the projector`);
    await page.screenshot({ path: join(shots, 'deck-presenter-1024x768.png') });
    await page.locator('#presenter-reveal').click();
    const answers = (await page.locator('.presenter-hops strong').allInnerTexts()).map((t) => t.replace(/^\W+/, ''));
    assert.deepEqual(answers, ['Allow', 'Allow', 'Explicit deny', 'Explicit deny']);
    await page.screenshot({ path: join(shots, 'deck-presenter-revealed-1024x768.png') });
    assert.deepEqual(await audit(page, 'the presenter view'), []);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    assert.deepEqual(await audit(page, 'the presenter view, dark theme'), []);
    // A clicker's Page Down and Page Up, and Escape, as in slide software.
    await page.keyboard.press('PageDown');
    assert.match(await page.locator('.presenter-deck').innerText(), /slide 2 of 5/);
    assert.deepEqual(await page.locator('.presenter-hops strong').allInnerTexts(), ['?', '?', '?']);
    await page.keyboard.press('PageUp');
    assert.match(await page.locator('.presenter-deck').innerText(), /slide 1 of 5/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#deck-presenter');
    await page.locator('#deck-presenter').click();
    await page.locator('#presenter-leave').click();
    assert.match(await page.locator('#deck-score').innerText(), /on 1 of 5 slides revealed/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('a deck opens from a file and from its link; a bad one says where it is wrong', async () => {
    const { ctx, page, problems } = await openPage(shared);
    await page.locator('.workshop summary').click();
    const bad = readFileSync(DECK, 'utf8').replace('crisscross-deck/1', 'crisscross-deck/2');
    await page.locator('#deck-file').setInputFiles({ name: 'newer.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    const notice = page.locator('.notice');
    await assert.doesNotReject(notice.waitFor());
    // Names in messages show as code, without their backticks.
    assert.match(await notice.innerText(), /did not open, nothing was changed: line 2, column 13: the deck is in format\s+crisscross-deck\/2\s*, newer than this build/);
    assert.match(await notice.locator('code').first().innerText(), /^crisscross-deck\/2$/);
    await page.locator('#deck-file').setInputFiles(DECK);
    await page.waitForSelector('#deck-question');
    assert.match(await notice.innerText(), /from the file intro\.json/);

    await page.locator('.deck-export summary').click();
    const link = await page.locator('#deck-link').inputValue();
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#deck\.v1\.d\.[A-Za-z0-9_-]+$/);
    // The link opens on a phone too, with the slide fitting the screen.
    const other = await openAt(link.slice(link.indexOf('#')), { width: 390, height: 844 });
    assert.match(await other.page.locator('.notice').innerText(), /\(5 slides\) from a link/);
    assert.match(await other.page.locator('#deck-slide-title').innerText(), /Slide 1 of 5/);
    const overflow = await other.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the phone`);
    await other.page.locator('.workshop').screenshot({ path: join(shots, 'deck-390x844.png') });
    assert.deepEqual(other.problems, []);
    await other.ctx.close();

    const missing = await openAt('?deck=decks/missing.json');
    assert.match(await missing.page.locator('.notice').innerText(), /decks\/missing\.json could not be read \(HTTP 404\)/);
    await missing.ctx.close();
    const elsewhere = await openAt('?deck=https://example.invalid/deck.json');
    assert.match(await elsewhere.page.locator('.notice').innerText(), /is not on this site/);
    await elsewhere.ctx.close();
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
