// Accessibility checked by a real checker: axe-core (pinned in scripts/js/package.json, installed next to
// playwright-core) runs inside the page on the default example, with the matrix open, at phone size and in
// the dark theme. Every finding is printed; serious and critical ones fail the test. Accessible names and
// the live region are checked here too, since axe cannot judge wording.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { audit } from './axe.mjs';
import { openPage, useBrowser } from './harness.mjs';

const shared = useBrowser();
const open = (options) => openPage(shared, options);

/** Every accessible name and description Chromium computes, from its accessibility tree. */
async function accessibleNames(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value ?? '', description: n.description?.value ?? '' }));
}

describe('accessibility', () => {
  test('axe finds nothing serious on the default page', async () => {
    const { ctx, page, problems } = await open();
    await page.waitForSelector('.fix[data-fix="0"]');
    assert.deepEqual(await audit(page, 'the default page (1280x720)'), []);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('axe finds nothing serious with the matrix open', async () => {
    const { ctx, page, problems } = await open();
    await page.locator('section.matrix input[type="checkbox"]').check();
    await page.waitForSelector('table.matrix-grid td.cell button');
    assert.deepEqual(await audit(page, 'the matrix open (1280x720)'), []);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('axe finds nothing serious at phone size', async () => {
    const { ctx, page, problems } = await open({ width: 390, height: 844 });
    await page.waitForSelector('.fix[data-fix="0"]');
    assert.deepEqual(await audit(page, 'the phone viewport (390x844)'), []);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('axe finds nothing serious in the dark theme, matrix open', async () => {
    const { ctx, page, problems } = await open();
    await page.getByRole('button', { name: /Switch to the dark theme/ }).click();
    await page.locator('section.matrix input[type="checkbox"]').check();
    await page.waitForSelector('table.matrix-grid td.cell button');
    assert.deepEqual(await audit(page, 'the dark theme (1280x720)'), []);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('accessible names say what each control is for, without Markdown', async () => {
    const { ctx, page, problems } = await open();
    await page.waitForSelector('.fix[data-fix="0"]');
    // The boundary and the session policy: each switch is named after its own policy.
    await page.locator('#boundary-title').scrollIntoViewIfNeeded();
    const names = await accessibleNames(page);
    const backticks = names.filter((n) => n.name.includes('`') || n.description.includes('`'));
    assert.deepEqual(backticks, [], 'no raw backticks in accessible names');
    // No two controls share a name (three "FullAWSAccess", two "Applies", four "Preview diff" before).
    const controls = names.filter((n) => ['button', 'checkbox', 'textbox', 'combobox', 'radio'].includes(n.role)).map((n) => `${n.role} "${n.name}"`);
    assert.deepEqual(controls.filter((c, i) => controls.indexOf(c) !== i), [], 'controls with the same accessible name');
    const checkboxes = names.filter((n) => n.role === 'checkbox').map((n) => n.name);
    assert.equal(new Set(checkboxes).size, checkboxes.length, `checkbox names are distinct: ${checkboxes.join(' | ')}`);
    assert.ok(checkboxes.some((n) => /permissions boundary/i.test(n)), checkboxes.join(' | '));
    assert.ok(checkboxes.some((n) => /session policy/i.test(n)), checkboxes.join(' | '));
    const full = checkboxes.filter((n) => /FullAWSAccess/.test(n));
    assert.equal(full.length, 3, full.join(' | '));
    for (const target of ['r-root', 'ou-workloads', '111122223333']) {
      assert.ok(full.some((n) => n.includes(target)), `${target}: ${full.join(' | ')}`);
    }
    // Visible text meant for Markdown: code spans are rendered as code, never as backticks.
    const visible = await page.locator('.app').innerText();
    assert.ok(!visible.includes('`'), `backtick in: ${visible.split('\n').filter((l) => l.includes('`')).join(' / ')}`);
    // The size meter says what the console counts, as AWS words it, not what it "saves".
    const meter = await page.locator('.meter-detail').first().innerText();
    assert.match(meter, /characters \(\d+%\) once saved in the console, which removes white space outside quotation marks/);
    assert.doesNotMatch(meter, /saves/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('every built-in example cites public AWS pages and shows no Markdown', async () => {
    const { ctx, page, problems } = await open();
    const examples = await page.locator('.gallery button[data-example]').all();
    assert.ok(examples.length >= 8);
    for (const example of examples) {
      await example.click();
      const name = await example.innerText();
      const description = await page.locator('.description').innerText();
      assert.doesNotMatch(description, /cris\.md|semantics\.md|research|§/, `${name}: ${description}`);
      assert.match(description, /https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com|repost\.aws|github\.com\/aws-samples)\//, `${name}: ${description}`);
      const visible = await page.locator('.app').innerText();
      assert.ok(!visible.includes('`'), `${name}: backtick in ${visible.split('\n').filter((l) => l.includes('`')).join(' / ')}`);
    }
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('the green pill and JSON on highlighted lines have at least 4.5:1 contrast in both themes', async () => {
    const { ctx, page, problems } = await open();
    await page.waitForSelector('.fix[data-fix="0"] .pill.ok');
    for (const theme of ['light', 'dark']) {
      if (theme === 'dark') await page.getByRole('button', { name: /Switch to the dark theme/ }).click();
      const ratios = await page.evaluate(() => {
        const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
        const lum = (c) => {
          const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
        const pill = document.querySelector('.pill.ok');
        const out = { 'allows the call': ratio(getComputedStyle(pill).color, getComputedStyle(pill).backgroundColor) };
        // Every token colour on the highlighted lines of the deciding statement.
        for (const token of document.querySelectorAll('.ln-focus [class^="tk-"]')) {
          const line = token.closest('.ln-focus');
          const r = ratio(getComputedStyle(token).color, getComputedStyle(line).backgroundColor);
          out[token.className] = Math.min(out[token.className] ?? 99, r);
        }
        return out;
      });
      console.log(`${theme}: ${Object.entries(ratios).map(([k, v]) => `${k} ${v.toFixed(2)}:1`).join(', ')}`);
      assert.ok(Object.keys(ratios).includes('tk-punct'), Object.keys(ratios).join(', '));
      for (const [what, r] of Object.entries(ratios)) assert.ok(r >= 4.5, `${theme}: ${what} ${r.toFixed(2)}:1`);
    }
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('only a short verdict summary is announced, and only when it changes', async () => {
    const { ctx, page, problems } = await open();
    // The banner with the long AccessDenied text is not a live region.
    assert.equal(await page.locator('.verdict').getAttribute('aria-live'), null);
    assert.equal(await page.locator('.verdict [aria-live], .verdict-row[aria-live]').count(), 0);
    const live = page.locator('#verdict-announce');
    assert.equal(await live.getAttribute('aria-live'), 'polite');
    assert.match(await live.innerText(), /^Denied: 2 of 4 checks\.?$/);
    assert.ok((await live.innerText()).length < 60);
    // Typing that keeps the verdict keeps the text (nothing new to announce).
    const scp = '#policy-scp-1-1 textarea';
    await page.locator(scp).focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.waitForFunction(() => document.querySelector('.app').dataset.revision !== '0');
    assert.match(await live.innerText(), /^Denied: 2 of 4 checks\.?$/);
    // A change of verdict is announced.
    await page.locator('#policy-scp-1-1 textarea').fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');
    await page.waitForFunction(() => /Allowed/.test(document.querySelector('#verdict-announce').textContent));
    assert.match(await live.innerText(), /^Allowed: all 4 checks\.?$/);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
});
