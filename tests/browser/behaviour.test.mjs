// Browser tests of how the page behaves around the user's work (issue 15): the keyboard keeps working
// after the focused control goes away (item 8). Run after `trunk build --release`:
//
//   node --test tests/browser/behaviour.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, useBrowser, verdict } from './harness.mjs';

const shared = useBrowser();
const open = (options) => openPage(shared, options);

/** Where the keyboard focus is: the focused element's id, or its tag when it has none. */
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || 'none');

describe('the page and the user\'s own work', () => {
  test('item 8: focus stays in the app after Apply and Undo, the undo keys work from anywhere, Enter picks the only match', async () => {
    const { ctx, page, problems } = await open();
    await page.locator('.fix[data-fix="0"]').getByRole('button', { name: /^Apply fix/ }).click();
    assert.match(await verdict(page), /^Allowed/);
    await page.waitForFunction(() => document.activeElement?.id === 'notice');
    assert.match(await page.locator('#notice').innerText(), /^\W*Applied/);
    // Ctrl+Z and Ctrl+Shift+Z work even with the focus on the page body.
    await page.evaluate(() => document.activeElement.blur());
    assert.equal(await focused(page), 'BODY');
    await page.keyboard.press('Control+z');
    assert.match(await verdict(page), /^Denied \(2 of 4 checks\)/);
    await page.keyboard.press('Control+Shift+z');
    assert.match(await verdict(page), /^Allowed/);
    await page.keyboard.press('Control+z');
    assert.match(await verdict(page), /^Denied \(2 of 4 checks\)/);
    // The Undo button disables itself when nothing is left to undo: Redo takes the focus.
    await page.locator('#principal').fill('arn:aws:iam::111122223333:role/Other');
    const undo = page.locator('#undo');
    while (await undo.isEnabled()) await undo.click();
    await page.waitForFunction(() => document.activeElement?.id === 'redo');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#principal').inputValue(), 'arn:aws:iam::111122223333:role/Other');
    await page.keyboard.press('Control+z');
    assert.equal(await page.locator('#principal').inputValue(), 'arn:aws:iam::111122223333:role/App');
    // The profile search: Enter picks its only match.
    await page.fill('#profile-search', 'eu.amazon.nova-pro');
    assert.match(await page.locator('#profile ~ .small').innerText(), /^1 of \d+ catalog profiles match/);
    await page.locator('#profile-search').press('Enter');
    assert.equal(await page.locator('#profile').inputValue(), 'eu.amazon.nova-pro-v1:0');
    assert.match(await page.locator('.verdict-meta').innerText(), /route: eu\.amazon\.nova-pro-v1:0/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

});
