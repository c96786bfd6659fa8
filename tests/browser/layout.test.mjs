// The page's layout on a phone (390x844), a projector (1024x768) and a laptop (1280x800), measured in
// headless Chromium: bounding boxes, computed font sizes, scroll widths.
// Screenshots at 390x844, 1024x768, 1280x800 and 1920x1080, light and dark, go to
// tests/browser/screenshots/layout-*.png.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { openPage, shots, useBrowser } from './harness.mjs';

const shared = useBrowser();

/** The default example, with its fixes found (the page has settled). */
async function open(width, height) {
  const opened = await openPage(shared, { width, height });
  await opened.page.waitForSelector('.fix[data-fix="0"]');
  return opened;
}

/** Rendered size in CSS pixels of every map label (its font size times the SVG's scale on screen), and whether it is inside the map. */
function mapLabelSizes(page) {
  return page.$$eval('svg.map text.map-label', (labels) =>
    labels.map((t) => {
      const map = t.ownerSVGElement.getBoundingClientRect();
      const b = t.getBoundingClientRect();
      const inside = b.left >= map.left - 0.5 && b.right <= map.right + 0.5 && b.top >= map.top - 0.5 && b.bottom <= map.bottom + 0.5;
      return { text: t.textContent, px: Math.round(parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a * 10) / 10, inside };
    }),
  );
}

/** Map labels that are under 12 px or leave the map. */
const badLabels = (labels) => labels.filter((l) => l.px < 12 || !l.inside);

/** Visible text under 12 px (HTML text; the map's SVG labels are measured by mapLabelSizes). */
function smallText(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.querySelector('.app'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || el.closest('svg, .sr-only, option')) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 12 && el.getClientRects().length > 0) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${size}px "${node.textContent.trim().slice(0, 40)}"`);
    }
    return [...new Set(out)];
  });
}

/** Elements whose text does not fit: inputs by scroll width, selects by the width of the chosen option's text. */
function cutOff(page, selector) {
  return page.$$eval(selector, (elements) =>
    elements.flatMap((el) => {
      if (el.tagName === 'SELECT') {
        const style = getComputedStyle(el);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = el.selectedOptions[0]?.textContent ?? '';
        // The arrow and the padding take about 28 px.
        const room = el.clientWidth - 28;
        const need = ctx.measureText(text).width;
        return need > room ? [`${el.id || el.getAttribute('aria-label')}: "${text}" needs ${Math.round(need)} px, has ${room}`] : [];
      }
      return el.scrollWidth > el.clientWidth ? [`${el.id || el.getAttribute('aria-label')}: "${el.value}" needs ${el.scrollWidth} px, has ${el.clientWidth}`] : [];
    }),
  );
}

/** Ancestors of `selector` that clip it in an inner scroll area (or hide it). */
function clippedBy(page, selector) {
  return page.$eval(selector, (el) => {
    const out = [];
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowY) && a.scrollHeight > a.clientHeight + 1) out.push(`${a.tagName.toLowerCase()}.${a.className} (${s.overflowY}, ${a.scrollHeight} > ${a.clientHeight})`);
    }
    return out;
  });
}

const box = (page, selector) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().toJSON());
const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the layout', () => {
  test('on a phone (390x844) nothing overflows, the header wraps, and the checks are a tap away', async () => {
    const { ctx, page, problems } = await open(390, 844);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    console.log(`390x844: document width ${width} px`);
    assert.equal(width, 390, 'the page is as wide as the screen');
    // The privacy pill is on its own line, not over the title; every header button is on screen.
    const trust = await box(page, '#trust');
    for (const s of ['.brand h1', '.tagline']) assert.ok(!overlap(trust, await box(page, s)), `#trust overlaps ${s}`);
    for (const name of [/Undo/, /Redo/, /Share/, /Switch to the dark theme/]) {
      const b = await page.getByRole('button', { name }).boundingBox();
      assert.ok(b.x >= 0 && b.x + b.width <= 390 && b.y + b.height <= 844, `${name}: ${JSON.stringify(b)}`);
    }
    // "Jump to" is on the first screen, and takes the reader to the Checks table.
    const jump = await box(page, 'nav.jump');
    console.log(`390x844: verdict at ${Math.round((await box(page, '.verdict')).top)} px, "Jump to" at ${Math.round(jump.top)} px`);
    assert.ok(jump.bottom <= 844, `nav.jump ends at ${jump.bottom}`);
    await page.locator('nav.jump').getByRole('button', { name: 'Checks' }).click();
    const checks = await box(page, '#hops-title');
    assert.ok(checks.top >= 0 && checks.bottom <= 844, `Checks heading at ${checks.top}`);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'hops-title');
    // The "Decided by" column is inside the table's frame, and the table does not scroll sideways.
    const wrap = await box(page, '.table-wrap');
    for (const cell of await page.locator('table.hops thead th:last-child, table.hops td.decided-by').all()) {
      const b = await cell.evaluate((e) => e.getBoundingClientRect().toJSON());
      assert.ok(b.right <= wrap.right + 0.5, `Decided by ends at ${b.right}, the table at ${wrap.right}`);
    }
    assert.ok(await page.locator('.table-wrap').evaluate((e) => e.scrollWidth <= e.clientWidth));
    const labels = await mapLabelSizes(page);
    console.log(`390x844: map labels ${labels.map((l) => `${l.text} ${l.px} px`).join(', ')}`);
    assert.ok(labels.length >= 3);
    assert.deepEqual(badLabels(labels), []);
    assert.deepEqual(await smallText(page), []);
    // Crowded routes and the global check's frame keep their labels readable and on the map.
    for (const example of ['EU landing zone vs. an eu. profile', 'Region deny vs. a global profile']) {
      await page.getByRole('button', { name: example }).click();
      await page.waitForFunction((n) => document.querySelectorAll('svg.map text.map-label').length >= n, 2);
      assert.deepEqual(badLabels(await mapLabelSizes(page)), [], example);
    }
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('on a projector (1024x768) labels and matrix cells are at least 12 px and no field is cut off', async () => {
    const { ctx, page, problems } = await open(1024, 768);
    const labels = await mapLabelSizes(page);
    console.log(`1024x768: map labels ${labels.map((l) => `${l.text} ${l.px} px`).join(', ')}`);
    assert.ok(labels.length >= 3);
    assert.deepEqual(badLabels(labels), []);
    assert.deepEqual(await cutOff(page, '#principal, #source-region, #api, .level-target, .policy-name'), []);
    assert.deepEqual(await smallText(page), []);
    await page.locator('section.matrix input[type="checkbox"]').check();
    await page.waitForSelector('table.matrix-grid td.cell button');
    const cells = await page.$$eval('table.matrix-grid td.cell button, table.matrix-grid th', (els) => [...new Set(els.map((e) => parseFloat(getComputedStyle(e).fontSize)))]);
    console.log(`1024x768: matrix font sizes ${cells.join(', ')} px`);
    assert.ok(cells.every((px) => px >= 12), cells.join(', '));
    assert.deepEqual(await smallText(page), []);
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  test('at 1280x800 every results panel is on the page, not in an inner scroll area, on screen and in print', async () => {
    const { ctx, page, problems } = await open(1280, 800);
    assert.deepEqual(await cutOff(page, '#principal, #source-region, #api, .level-target, .policy-name'), []);
    const results = await page.locator('.results-col').evaluate((e) => ({ overflow: getComputedStyle(e).overflowY, scroll: e.scrollHeight, client: e.clientHeight }));
    assert.ok(results.scroll <= results.client + 1, `the results column scrolls inside: ${JSON.stringify(results)}`);
    // The first screen says where the fixes, the matrix, the expectations and the diff are.
    const jump = await box(page, 'nav.jump');
    assert.ok(jump.bottom <= 800, `nav.jump ends at ${jump.bottom}`);
    const names = await page.locator('nav.jump button').allInnerTexts();
    for (const name of ['Checks', 'Fixes', 'Matrix', 'Expectations', 'Diff']) assert.ok(names.includes(name), names.join(', '));
    await page.locator('nav.jump').getByRole('button', { name: 'Diff' }).click();
    const diff = await box(page, '#diff-title');
    assert.ok(diff.top >= 0 && diff.bottom <= 800, `Diff heading at ${diff.top}`);
    const panels = ['section.fixes', 'section.matrix', 'section.expect-panel', 'section.diff-panel'];
    for (const panel of panels) assert.deepEqual(await clippedBy(page, panel), [], panel);
    // A full-page capture holds every panel: the document is as tall as its content.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (const panel of panels) {
      const b = await page.locator(panel).evaluate((e) => e.getBoundingClientRect().bottom + scrollY);
      assert.ok(b <= height, `${panel} ends at ${b}, the page at ${height}`);
    }
    // Printing: every panel at full length, the screen-only controls left out.
    await page.emulateMedia({ media: 'print' });
    for (const panel of [...panels, '.editor-scroll']) assert.deepEqual(await clippedBy(page, panel), [], `print: ${panel}`);
    for (const panel of panels) assert.ok(await page.locator(panel).isVisible(), `print: ${panel}`);
    assert.ok(!(await page.locator('nav.jump').isVisible()));
    const pdf = await page.pdf({ format: 'A4' });
    console.log(`1280x800: printed to ${pdf.length} bytes of PDF`);
    // The dark theme prints dark text on white paper.
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    const inks = await page.evaluate(() => ['#verdict-sentence', '.panel h2', '.tk-key'].map((s) => getComputedStyle(document.querySelector(s)).color));
    const panel = await page.locator('.panel').first().evaluate((e) => getComputedStyle(e).backgroundColor);
    console.log(`1280x800: printed in the dark theme, text ${inks.join(', ')} on ${panel}`);
    const light = (c) => c.match(/\d+/g).slice(0, 3).reduce((a, v) => a + Number(v), 0) / 3;
    assert.ok(inks.every((c) => light(c) < 110), inks.join(', '));
    assert.ok(light(panel) > 240, panel);
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(problems, []);
    await ctx.close();
  });

  for (const [width, height] of [[390, 844], [1024, 768], [1280, 800], [1920, 1080]]) {
    test(`screenshots at ${width}x${height}, light and dark`, async () => {
      const { ctx, page, problems } = await open(width, height);
      await page.screenshot({ path: join(shots, `layout-${width}x${height}-light.png`) });
      await page.getByRole('button', { name: /Switch to the dark theme/ }).click();
      await page.waitForSelector('html[data-theme="dark"]');
      await page.screenshot({ path: join(shots, `layout-${width}x${height}-dark.png`) });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
      assert.deepEqual(problems, []);
      await ctx.close();
    });
  }
});
