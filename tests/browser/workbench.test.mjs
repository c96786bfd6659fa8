// Browser tests of the playground's workbench (issues 8 and 9): start from the denial, diff against a
// snapshot, predict-then-reveal expectations, routes from the account. Same set-up as
// playground.test.mjs: headless Chromium (playwright-core) against dist/ served on 127.0.0.1. Screenshots
// (1280x720) go to tests/browser/screenshots/.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { openPage, root, shots, useBrowser, verdict } from './harness.mjs';

const shared = useBrowser();
const open = (options) => openPage(shared, options);

/** Scrolls a panel to the top of the viewport and saves a 1280x720 screenshot. */
async function shoot(page, selector, name) {
  await page.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: join(shots, name) });
}

const CLASSMETHOD =
  'User: arn:aws:sts::123456789012:assumed-role/AmazonSageMakerBedrockModelConsumptionRole-xxxx/xxxx is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0 with an explicit deny in a service control policy';

describe('the workbench', () => {
  test('a pasted AccessDenied message fills the call and highlights the failed hop', async () => {
    const { ctx, page, problems } = await open();
    await page.fill('#denial-in', CLASSMETHOD);
    const read = await page.locator('.import dl.read').innerText();
    assert.match(read, /explicit deny in an SCP/);
    assert.match(read, /model in destination in us-east-2/);
    assert.match(await page.locator('.import .notes').innerText(), /Could not read/);
    assert.equal(await page.locator('#denial-profile').inputValue(), 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    await page.getByRole('button', { name: 'Fill the call from this denial' }).click();
    assert.match(await page.locator('#principal').inputValue(), /AmazonSageMakerBedrockModelConsumptionRole-xxxx/);
    assert.equal(await page.locator('#api').inputValue(), 'InvokeModelWithResponseStream');
    const selected = page.locator('table.hops tr.hop.selected:not(.hop-detail)');
    assert.equal(await selected.count(), 1);
    assert.equal((await selected.locator('.region').innerText()).trim(), 'us-east-2');
    assert.match(await page.locator('.notice').innerText(), /Hop 3 \(model in destination in us-east-2\) is the one the message names/);
    await shoot(page, '.import', 'import-1280x720.png');
    // Undo brings the previous principal back.
    await page.getByRole('button', { name: /Undo/ }).click();
    assert.equal(await page.locator('#principal').inputValue(), 'arn:aws:iam::111122223333:role/App');
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('a snapshot, then a fix: the diff lists the hops that change verdict', async () => {
    const { ctx, page, problems } = await open();
    await page.waitForSelector('.fix[data-fix="0"]');
    await page.getByRole('button', { name: 'Compare against this version' }).click();
    await page.locator('.fix[data-fix="0"]').getByRole('button', { name: /^Apply fix/ }).click();
    assert.match(await verdict(page), /^Allowed/);
    const summary = page.locator('#diff-summary');
    await summary.waitFor({ timeout: 10_000 });
    assert.match(await summary.innerText(), /^This edit opens \d+ call/);
    const row = page.locator('table.diff-calls tbody tr', { hasText: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0 from us-east-1' });
    assert.equal(await row.count(), 1);
    const changed = await row.locator('ul.diff-hops').innerText();
    assert.match(changed, /us-east-2/);
    assert.match(changed, /us-west-2/);
    assert.match(await page.locator('.diff-sizes').innerText(), /GRREGIONDENY.*: \+\d+ characters/);
    await shoot(page, '.diff-panel', 'diff-1280x720.png');
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('predict, then reveal: verdicts stay hidden until revealed, then every expectation passes', async () => {
    const { ctx, page, problems } = await open();
    await page.locator('#predict-toggle').check();
    assert.equal(await page.locator('.verdict-row').isVisible(), false, 'the verdict is hidden');
    assert.equal(await page.locator('table.hops').isVisible(), false, 'the hop table is hidden');
    const guesses = page.locator('.expect-panel select');
    assert.equal(await guesses.count(), 5);
    await guesses.nth(0).selectOption('Explicit deny');
    await guesses.nth(3).focus();
    await page.keyboard.press('ArrowDown');
    await shoot(page, '.expect-panel', 'expectations-predict-1280x720.png');
    await page.getByRole('button', { name: 'Reveal the verdicts' }).click();
    await page.waitForSelector('.fix[data-fix="0"]');
    assert.equal(await page.locator('.verdict-row').isVisible(), true);
    assert.match(await page.locator('#expect-summary').innerText(), /Pass: all 5 expectations hold/);
    assert.match(await page.locator('.expect-panel tbody tr').first().innerText(), /you said Explicit deny: right/);
    await shoot(page, '.expect-panel', 'expectations-reveal-1280x720.png');
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('routes pasted from list-inference-profiles merge, and the verdict says they were imported', async () => {
    const { ctx, page, problems } = await open();
    // A cut paste says where; a wrong shape says what.
    await page.fill('#routes-in', '{\n  "inferenceProfileSummaries": [\n    {"inferenceProfileArn": }');
    assert.match(await page.locator('#routes-error').innerText(), /line 3, column 29: not JSON/);
    await page.fill('#routes-in', '{"inferenceProfileSummaries": [{"inferenceProfileArn": 3}]}');
    assert.match(await page.locator('#routes-error').innerText(), /line 1, column \d+: not an inference-profile description: invalid type: integer 3, expected a string/);
    const json = readFileSync(join(root, 'tests/aws-output/list-inference-profiles-eu-central-1.json'), 'utf8');
    await page.fill('#routes-in', json);
    assert.match(await page.locator('.route-changes').innerText(), /new profile eu\.anthropic\.claude-sonnet-4-6 is not in the built-in catalog/);
    await page.getByRole('button', { name: /^Merge \d+ route\(s\) into the scenario/ }).click();
    // The profile picker offers the imported profiles.
    await page.locator('#profile').selectOption('eu.anthropic.claude-sonnet-4-6');
    assert.equal(await page.locator('#source-region').inputValue(), 'eu-central-1');
    assert.match(await page.locator('.verdict').innerText(), /eu\.anthropic\.claude-sonnet-4-6 from eu-central-1 to .*imported from the account on \d{4}-\d{2}-\d{2}/);
    await shoot(page, '.routes', 'routes-1280x720.png');
    // The share link carries the imported routes.
    await page.getByRole('button', { name: /Share/ }).click();
    const link = await page.locator('#share-link').inputValue();
    const reader = await ctx.newPage();
    await reader.goto(link);
    await reader.waitForSelector('html[data-ready="true"]');
    assert.match(await reader.locator('.verdict').innerText(), /imported from the account on/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
