// "Bring your organization": the bundle the README's AWS CLI snippets collect, pasted into the page,
// replaces the SCP levels as one undo step; a malformed paste says where and changes nothing.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { openPage, root, useBrowser, verdict } from './harness.mjs';

const shared = useBrowser();
const BUNDLE = readFileSync(join(root, 'crates/crisscross-core/tests/data/aws-cli/bundle-org.json'), 'utf8');

describe('bringing the organization in', () => {
  test('a pasted bundle shows what it brings and imports the SCP levels', async () => {
    const { ctx, page, problems } = await openPage(shared);
    const before = await verdict(page);
    await page.locator('#org-import-in').fill(BUNDLE);
    const summary = await page.locator('.org-import .read-summary').innerText();
    assert.match(summary, /SCPs of account 111122223333 in organization o-exampleorgid: 4 levels/);
    assert.equal(await verdict(page), before, 'reading changes nothing');
    await page.getByRole('button', { name: 'Import into the scenario' }).click();
    assert.match(await page.locator('.notice').innerText(), /Imported what the AWS CLI printed/);
    const targets = await page.$$eval('ol.levels > li.level input.level-target', (inputs) => inputs.map((i) => i.value));
    assert.equal(targets.length, 4, `root, two OUs and the account: ${targets}`);
    assert.match(targets[0], /^r-/);
    assert.equal(targets[3], '111122223333');
    assert.equal(await page.locator('.org-import .read-summary').count(), 0, 'the panel is cleared after the import');
    await page.getByRole('button', { name: /Undo/ }).click();
    assert.equal(await verdict(page), before);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('a malformed bundle names the line and column and changes nothing', async () => {
    const { ctx, page, problems } = await openPage(shared);
    const before = await verdict(page);
    const broken = BUNDLE.replace('"Id": "o-exampleorgid",', '"Id": "o-exampleorgid"');
    await page.locator('#org-import-in').fill(broken);
    const error = await page.locator('#org-import-error').innerText();
    assert.match(error, /Not imported, nothing was changed/);
    assert.match(error, /line \d+, column \d+: /);
    assert.equal(await verdict(page), before);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
