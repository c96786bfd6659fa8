// The Markdown ticket as a tracker shows it: taken from the page's Share panel, rendered by markdown-it
// (CommonMark with GitHub's tables, pinned in scripts/js), and read back as a browser displays the HTML.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { openPage, useBrowser } from './harness.mjs';

const tools = process.env.CRISSCROSS_TOOLS ?? join(homedir(), '.cache', 'crisscross-tools');
const MarkdownIt = createRequire(join(tools, 'node_modules', 'noop.js'))('markdown-it');
const markdown = new MarkdownIt();

const shared = useBrowser();

/** The Share panel's Markdown ticket, rendered and shown in a page of its own, as a reader sees it. */
async function renderedTicket(page) {
  await page.getByRole('button', { name: /Share/ }).click();
  await page.waitForSelector('#ticket');
  const link = await page.locator('#share-link').inputValue();
  const source = await page.locator('#ticket').inputValue();
  const reader = await page.context().newPage();
  await reader.setContent(markdown.render(source));
  return { link, source, reader };
}

describe('the Markdown ticket, rendered', () => {
  test('copies exact ARNs and actions out of code spans and links to the scenario', async () => {
    const { page, problems } = await openPage(shared);
    const resources = await page.$$eval('table.hops code.arn', (codes) => codes.map((c) => c.textContent));
    const { link, source, reader } = await renderedTicket(page);

    const code = await reader.$$eval('code', (codes) => codes.map((c) => c.textContent));
    const escaped = code.filter((c) => c.includes('\\'));
    assert.deepEqual(escaped, [], `code spans show a backslash the reader would copy:\n${source}`);
    assert.ok(code.some((c) => c.includes('*')), `the fixes quote wildcards (bedrock:*, arn:aws:bedrock:*:*:...):\n${source}`);

    const links = await reader.$$eval('a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.includes(link), `the share link is clickable: ${JSON.stringify(links)}\n${source}`);

    const rows = await reader.$$eval('h3 + table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
    assert.equal(rows.length, resources.length, `one row per check:\n${source}`);
    rows.forEach((row, i) => {
      assert.equal(row.length, 7, `row ${i + 1} keeps its seven cells`);
      assert.equal(row[5], resources[i], `row ${i + 1} names the check's resource exactly`);
    });
    assert.deepEqual(problems, []);
  });
});
