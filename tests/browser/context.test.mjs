// Browser tests of the request context on the page: keys AWS always sends decide as AWS decides, a check
// that depends on a key nobody gave says so next to it and offers to give the value, and the caller's
// details the principal ARN does not carry survive a share link.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { openPage, root, settled, useBrowser, verdict } from './harness.mjs';

const shared = useBrowser();
const open = (options) => openPage(shared, options);

const corpus = (name) => readFileSync(join(root, 'tests/corpus', name), 'utf8');

async function load(page, text) {
  await page.locator('summary', { hasText: 'Scenario file' }).click();
  await page.fill('#scenario-in', text);
  await page.getByRole('button', { name: 'Load this scenario' }).click();
}

describe('the request context', () => {
  test('aws:SecureTransport is always true, so a deny of insecure transport does not block the call', async () => {
    const { ctx, page, problems } = await open();
    await load(page, corpus('context/secure-transport-always-true-boolifexists-deny-allowed.json'));
    assert.match(await verdict(page), /^Allowed: all 4 checks pass\./);
    assert.match(await page.locator('.rests-on').innerText(), /Every check rests only on what the scenario gives/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('a check that depends on aws:SourceIp says so, and giving the value settles it', async () => {
    const { ctx, page, problems } = await open();
    await load(page, corpus('context/source-ip-not-given-depends.json'));
    assert.match(await verdict(page), /It depends on aws:SourceIp, which the scenario does not give: it is allowed if aws:SourceIp is in 10\.0\.0\.0\/8\./);
    const first = page.locator('table.hops .depends').first();
    assert.match(await first.innerText(), /Depends on aws:SourceIp/);
    assert.match(await first.innerText(), /Allow if aws:SourceIp is in 10\.0\.0\.0\/8/);
    await first.getByRole('button', { name: 'Give a value for aws:SourceIp' }).click();
    const inputs = page.locator('.ctx-rows input');
    assert.equal(await inputs.first().inputValue(), 'aws:SourceIp');
    await inputs.nth(1).fill('10.1.2.3');
    assert.match(await verdict(page), /^Allowed: all 4 checks pass\./);
    assert.equal(await page.locator('table.hops .depends').count(), 0);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('the role path given in the caller details exempts the role, and travels in the share link', async () => {
    const { ctx, page, problems } = await open();
    await load(page, corpus('context/role-path-not-given-depends.json'));
    assert.match(await verdict(page), /^Denied \(4 of 4 checks\)/);
    assert.match(await verdict(page), /It depends on aws:PrincipalArn/);
    await page.locator('table.hops .depends').first().getByRole('button', { name: 'Give the role path for aws:PrincipalArn' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'role-path');
    await page.locator('#role-path').fill('/service-role/');
    assert.match(await verdict(page), /^Allowed: all 4 checks pass\./);
    await page.getByRole('button', { name: /Share/ }).click();
    const url = await page.locator('#share-link').inputValue();
    const reopened = await open();
    await reopened.page.goto(url);
    await reopened.page.waitForSelector('html[data-ready="true"]');
    // The page was already open, so the link arrives as a change of its address, read in a later task.
    await settled(reopened.page, () => document.querySelector('#role-path')?.value === '/service-role/');
    assert.equal(await reopened.page.locator('#role-path').inputValue(), '/service-role/');
    assert.match(await verdict(reopened.page), /^Allowed: all 4 checks pass\./);
    assert.deepEqual(reopened.problems, []);
    await reopened.ctx.close();
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
