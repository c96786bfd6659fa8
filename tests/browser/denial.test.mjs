// "Start from the denial" with a message that names a model in a destination Region: the page says what
// the message gives and what it does not, and offers only the source Regions that route there.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, useBrowser } from './harness.mjs';

const shared = useBrowser();

const NOVA_IN_PARIS =
  'User: arn:aws:sts::111122223333:assumed-role/App/session1 is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:eu-west-3::foundation-model/amazon.nova-pro-v1:0 with an explicit deny in a service control policy';

describe('a denial that names a destination model', () => {
  test('fills the call from a source Region the user picks among those that route there', async () => {
    const { ctx, page, problems } = await openPage(shared);
    await page.fill('#denial-in', NOVA_IN_PARIS);
    await page.selectOption('#denial-profile', 'eu.amazon.nova-pro-v1:0');
    const sources = await page.$$eval('#denial-source option', (os) => os.map((o) => o.value));
    assert.ok(sources.length > 1, `several sources route to eu-west-3: ${sources}`);
    assert.ok(!sources.includes('us-east-1'), `the current source does not route there: ${sources}`);
    assert.match(await page.locator('label[for="denial-source"]').innerText(), /the message does not say/);
    const read = await page.locator('.import dl.read').innerText();
    assert.match(read, /Source Region\s+eu-[a-z]+-\d+ — not in the text: picked below/);

    const picked = sources.find((s) => s !== 'eu-west-3');
    await page.selectOption('#denial-source', picked);
    await page.getByRole('button', { name: 'Fill the call from this denial' }).click();
    assert.equal(await page.locator('#source-region').inputValue(), picked);
    const selected = page.locator('table.hops tr.hop.selected:not(.hop-detail)');
    assert.equal((await selected.locator('.region').innerText()).trim(), 'eu-west-3');
    const notice = await page.locator('.notice').innerText();
    assert.match(notice, new RegExp(`Not in the message, so picked: .*the source Region ${picked} \\(one of ${sources.length} that route there\\)`, 's'));
    // The example's SCP denies Regions outside the US, so here the profile check fails as well; the
    // message shows AWS allowed it, and the page says the two differ instead of passing it off as the same denial.
    assert.match(notice, /inference profile in .* is denied too, although AWS reaching the model means it allowed that check/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
