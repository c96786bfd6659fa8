// Browser tests of how the page treats the user's own work: a changed
// example stops describing the scenario, nothing typed is lost when an example or a link is loaded over it,
// predict-then-reveal gives nothing away, the keyboard keeps working after the focused control goes away,
// a policy error keeps the last result on show instead of blanking it, and the panels below the hops and
// the share panel's link catch up with every keystroke. Run after `trunk build --release`:
//
//   node --test tests/browser/behaviour.test.mjs

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { openPage, settled, shots, useBrowser, verdict } from './harness.mjs';

const shared = useBrowser();
const open = (options) => openPage(shared, options);

const EU_SCP = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOutsideTwoEuRegions',
        Effect: 'Deny',
        NotAction: ['iam:*', 'sts:*', 'organizations:*'],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] } },
      },
    ],
  },
  null,
  2,
);

const OWN_IDENTITY = '{"Version": "2012-10-17", "Statement": [{"Sid": "MyOwnWork", "Effect": "Allow", "Action": "bedrock:*", "Resource": "*"}]}';

/** Switches the call to Amazon Nova Pro through the eu. profile from eu-central-1. */
async function callEuNovaPro(page) {
  await page.fill('#profile-search', 'nova pro eu');
  await page.selectOption('#profile', 'eu.amazon.nova-pro-v1:0');
  await page.selectOption('#source-region', 'eu-central-1');
}

/** The share link of what the page shows, from its share panel. */
async function shareLink(page) {
  await page.getByRole('button', { name: /Share/ }).click();
  const link = await page.locator('#share-link').inputValue();
  await page.getByRole('button', { name: 'Close the share panel' }).click();
  return link;
}

/** Where the keyboard focus is: the focused element's id, or its tag when it has none. */
const focused = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || 'none');

describe('the page and the user\'s own work', () => {
  test('item 1: an example changed into your own scenario no longer claims its description and expectations', async () => {
    const { ctx, page, problems } = await open();
    const description = (await page.locator('.description').innerText()).trim();
    assert.match(description, /^Control Tower landing-zone Region deny/);
    assert.match(await page.locator('#expect-summary').innerText(), /Pass: all 5 expectations hold/);
    // The steps of the issue: your own SCP, an eu. profile, fix 1.
    await page.locator('#editor-scp-1-1').fill(EU_SCP);
    await callEuNovaPro(page);
    await page.locator('.fix[data-fix="0"]').getByRole('button', { name: /^Apply fix/ }).click();
    assert.match(await verdict(page), /^Allowed/);
    // The page says the scenario is yours now, and what no longer applies.
    const note = await page.locator('#changed-example').innerText();
    assert.match(note, /changed from the example “Control Tower Region deny vs\. a us\. profile”/);
    assert.match(note, /its 5 expectations were set aside/);
    // No "Fail: 5 of 5" for expectations of a scenario the user rewrote.
    assert.equal(await page.locator('#expect-summary').count(), 0);
    assert.doesNotMatch(await page.locator('.expect-panel').innerText(), /Fail|Expected Allow/);
    assert.equal((await page.locator('.description').innerText()).trim(), 'Changed from the crisscross example “Control Tower Region deny vs. a us. profile”.');
    // Neither the ticket nor the share link quotes the example's description as the summary.
    await page.getByRole('button', { name: /Share/ }).click();
    const ticket = await page.locator('#ticket').inputValue();
    assert.ok(!ticket.includes('Control Tower landing-zone'), ticket);
    assert.match(ticket, /Changed from the crisscross example/);
    const link = await page.locator('#share-link').inputValue();
    const reader = await ctx.newPage();
    await reader.goto(link);
    await reader.waitForSelector('html[data-ready="true"]');
    assert.equal((await reader.locator('.description').innerText()).trim(), 'Changed from the crisscross example “Control Tower Region deny vs. a us. profile”.');
    assert.equal(await reader.locator('#expect-summary').count(), 0, 'the link carries no expectations');
    await reader.close();
    // Only if the user asks are the example's expectations checked against their version.
    await page.getByRole('button', { name: 'Check your version against them' }).click();
    assert.match(await page.locator('#expect-summary').innerText(), /Fail: \d of 5 expectations do not hold/);
    // Undo goes back to the example as it was, description and expectations included.
    while (await page.locator('#undo').isEnabled()) await page.locator('#undo').click();
    assert.equal((await page.locator('.description').innerText()).trim(), description);
    assert.match(await page.locator('#expect-summary').innerText(), /Pass: all 5 expectations hold/);
    assert.equal(await page.locator('#changed-example').count(), 0);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('item 2: an example or a link loaded over your own work keeps it as a draft, across reloads', async () => {
    const ctx = await shared.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const { page, problems } = await open({ context: ctx });
    // A link to the default example, made on another page.
    const other = await open();
    const link = await shareLink(other.page);
    await other.ctx.close();
    // An unchanged example is not the user's work: loading another one keeps no draft.
    await page.locator('button[data-example="identity-global-cris-published-denied"]').click();
    assert.equal(await page.locator('nav.drafts').count(), 0);
    // Your own work, then an example click.
    await page.locator('#editor-identity-0').fill(OWN_IDENTITY);
    await page.locator('button[data-example="eu-landing-zone-nova-pro-eu-central-1-denied"]').click();
    assert.match(await verdict(page), /^Denied \(3 of 5 checks\)/);
    const notice = page.locator('#notice');
    assert.match(await notice.innerText(), /Your own scenario was kept as the draft “Your version of “Published global identity policy”/);
    await notice.getByRole('button', { name: 'Restore it' }).waitFor();
    // After a reload, the draft is still there, and restores the text as typed.
    await page.waitForTimeout(400);
    await page.reload();
    await page.waitForSelector('html[data-ready="true"]');
    assert.match(await verdict(page), /^Denied \(3 of 5 checks\)/);
    const drafts = page.locator('nav.drafts li');
    assert.equal(await drafts.count(), 1);
    await drafts.first().locator('button.draft').click();
    assert.equal(await page.locator('#editor-identity-0').inputValue(), OWN_IDENTITY);
    assert.match(await page.locator('#notice').innerText(), /Restored the draft/);
    // It stays listed until deleted: nothing is lost if the restore is undone.
    await page.getByRole('button', { name: /^Delete the draft/ }).click();
    assert.equal(await page.locator('nav.drafts').count(), 0);
    // A share link opened over your own work (pasted into the address bar of the open page) keeps it too.
    await page.evaluate((hash) => {
      location.hash = hash;
    }, link.slice(link.indexOf('#')));
    await page.waitForFunction(() => /Opened a shared scenario/.test(document.querySelector('#notice')?.textContent ?? ''));
    assert.match(await page.locator('#notice').innerText(), /kept as the draft “Your version of “Published global identity policy”/);
    await page.locator('#notice').getByRole('button', { name: 'Restore it' }).click();
    assert.equal(await page.locator('#editor-identity-0').inputValue(), OWN_IDENTITY);
    // The button went away with the draft: the notice that says what was restored has the focus.
    await page.waitForFunction(() => document.activeElement?.id === 'notice');
    // And so does a link that opens the page over the work saved by the last visit (once the address bar
    // holds the link of that work, so the page does not take the link for its own).
    await page.waitForFunction((link) => location.href !== link, link);
    await page.waitForTimeout(1200);
    await page.goto('about:blank');
    await page.goto(link);
    await page.waitForSelector('html[data-ready="true"]');
    assert.match(await verdict(page), /^Denied \(2 of 4 checks\)/);
    assert.match(await page.locator('#notice').innerText(), /Opened a shared scenario .* kept as the draft/);
    await page.locator('nav.drafts li').first().locator('button.draft').click();
    assert.equal(await page.locator('#editor-identity-0').inputValue(), OWN_IDENTITY);
    // Loading the same work over again keeps no second copy of it.
    await page.locator('button[data-example="eu-landing-zone-nova-pro-eu-central-1-denied"]').click();
    assert.equal(await page.locator('nav.drafts li').count(), 1);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('item 5: with the verdicts hidden, neither the ticket, the deciding SCP nor the example tooltips give them away', async () => {
    const { ctx, page, problems } = await open();
    await page.waitForSelector('.fix[data-fix="0"]');
    assert.ok(await page.locator('#policy-scp-1-1').evaluate((el) => el.classList.contains('policy-decides')));
    await page.locator('#predict-toggle').check();
    await page.getByRole('button', { name: /Share/ }).click();
    const panel = await page.locator('section.share').innerText();
    assert.equal(await page.locator('#ticket').count(), 0);
    assert.match(await page.locator('#ticket-hidden').innerText(), /hidden while they are/);
    assert.doesNotMatch(panel, /Denied|Allowed|explicit deny|GRREGIONDENY blocks/i);
    // The deciding SCP looks like every other: no border, no badge, no marked lines.
    const scp = page.locator('#policy-scp-1-1');
    assert.ok(!(await scp.evaluate((el) => el.classList.contains('policy-decides'))));
    assert.equal(await scp.locator('.badge-decides, .gl-decided, .ln-decided, .ln-focus').count(), 0);
    assert.equal(await page.locator('.inputs-col').locator('.policy-decides, .badge-decides').count(), 0);
    // The example buttons' tooltips say nothing the button's own text does not.
    for (const button of await page.locator('button[data-example]').all()) {
      const [text, title] = [await button.innerText(), await button.getAttribute('title')];
      assert.doesNotMatch(title.replace(text, ''), /allow|block|den(y|ied)|pass|fail|every hop/i, title);
    }
    await page.screenshot({ path: join(shots, 'predict-share-1280x720.png') });
    // Revealing brings everything back.
    await page.locator('#predict-toggle').uncheck();
    assert.match(await page.locator('#ticket').inputValue(), /GRREGIONDENY/);
    assert.ok(await scp.evaluate((el) => el.classList.contains('policy-decides')));
    assert.match(await page.locator('button[data-example]').first().getAttribute('title'), /allows only us-east-1/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

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

  test('item 11: a policy error keeps the last result on show, marked out of date, and nothing blanks while typing', async () => {
    const { ctx, page, problems } = await open();
    const area = page.locator('#editor-scp-1-1');
    const text = await area.inputValue();
    // Record whether the checks or the map ever disappear while the user types through invalid JSON.
    await page.evaluate(() => {
      window.__blanked = 0;
      new MutationObserver(() => {
        if (!document.querySelector('table.hops') || !document.querySelector('.map-node')) window.__blanked += 1;
      }).observe(document.querySelector('.app'), { childList: true, subtree: true, characterData: true });
    });
    const at = text.indexOf('"us-east-1"', text.indexOf('StringNotEquals')) + '"us-east-1"'.length;
    await area.evaluate((el, at) => el.setSelectionRange(at, at), at);
    await area.focus();
    await page.keyboard.type(', "us-east-2"', { delay: 20 });
    await page.keyboard.press('Backspace');
    // Halfway through, the JSON is broken: the error is shown, and next to it the last result, out of date.
    assert.match(await verdict(page), /^Not evaluated/);
    assert.match(await page.locator('section.problems').innerText(), /json/i);
    const note = await page.locator('#out-of-date').innerText();
    assert.match(note, /Out of date/);
    assert.match(note, /before the error in SCP aws-guardrails-GRREGIONDENY \(ou-workloads\)/);
    assert.doesNotMatch(note, /`/);
    assert.match(note, /They were: Denied \(1 of 4 checks\)/);
    assert.equal(await page.locator('.shown-results.stale table.hops tr.hop:not(.hop-detail)').count(), 4);
    assert.ok((await page.locator('.shown-results.stale .map-node').count()) > 0);
    assert.doesNotMatch(await page.locator('.results-col').innerText(), /No checks|Nothing to draw/);
    await page.screenshot({ path: join(shots, 'out-of-date-1280x720.png') });
    // Finishing the edit brings the current result back.
    await page.keyboard.type('"');
    assert.match(await verdict(page), /^Denied \(1 of 4 checks\)/);
    assert.equal(await page.locator('#out-of-date').count(), 0);
    assert.equal(await page.locator('.shown-results.stale').count(), 0);
    assert.equal(await page.evaluate(() => window.__blanked), 0, 'the checks and the map never blanked');
    assert.deepEqual(problems, []);
    await ctx.close();
  });
  test('a keystroke shows in the hop table, and right after in the explanation and the fixes', async () => {
    const { ctx, page, problems } = await open();
    const area = page.locator('#editor-scp-1-1');
    const at = (await area.inputValue()).indexOf('GRREGIONDENY') + 'GRREGIONDENY'.length;
    await area.evaluate((el, at) => el.setSelectionRange(at, at), at);
    await area.focus();
    await page.keyboard.type('X');
    assert.match(await page.locator('table.hops').innerText(), /GRREGIONDENYX/);
    const deciding = 'section.explanation li.decides .stmt-label';
    await settled(page, (selector) => document.querySelector(selector)?.textContent.includes('GRREGIONDENYX'), deciding);
    assert.match(await page.locator(deciding).innerText(), /GRREGIONDENYX/);
    // The fixes panel names the revision its suggestions were found for: the text as typed.
    const inStep = () => document.querySelector('section.fixes')?.dataset.revision === document.querySelector('.app').dataset.revision;
    await settled(page, inStep);
    assert.ok(await page.evaluate(inStep), 'the fixes are found again for the text as typed');
    // Taking the character away again brings every panel back to the Sid as it was.
    await page.keyboard.press('Backspace');
    await settled(page, (selector) => !document.querySelector(selector)?.textContent.includes('GRREGIONDENYX'), deciding);
    assert.doesNotMatch(await page.locator(deciding).innerText(), /GRREGIONDENYX/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
  test('with the share panel open, the link and the ticket follow a keystroke once its fixes are found', async () => {
    const { ctx, page, problems } = await open();
    await page.getByRole('button', { name: /Share/ }).click();
    const before = await page.locator('#share-link').inputValue();
    const area = page.locator('#editor-scp-1-1');
    const at = (await area.inputValue()).indexOf('GRREGIONDENY') + 'GRREGIONDENY'.length;
    await area.evaluate((el, at) => el.setSelectionRange(at, at), at);
    await area.focus();
    await page.keyboard.type('X');
    // The keystroke leaves the link to be written once its fixes are found; until then the panel says
    // it is being updated and offers nothing to copy.
    const current = (before) =>
      document.querySelector('section.share')?.getAttribute('aria-busy') === 'false' &&
      document.querySelector('#share-link')?.value !== before;
    await settled(page, current, before);
    assert.equal(await page.locator('#share-updating').count(), 0);
    assert.ok(await page.getByRole('button', { name: 'Copy link' }).isEnabled());
    const ticket = await page.locator('#ticket').inputValue();
    assert.match(ticket, /GRREGIONDENYX/);
    const link = await page.locator('#share-link').inputValue();
    assert.ok(ticket.includes(link), 'the ticket holds the new link');
    // Once typing pauses, the address bar holds the same link, taken from the panel.
    await settled(page, (link) => location.href === link, link);
    assert.equal(page.url(), link);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
