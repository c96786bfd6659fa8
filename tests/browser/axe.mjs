// axe-core run inside the page, for the accessibility tests of every browser test file.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** axe.min.js from the tools directory (or NODE_PATH), read once. */
function axeSource() {
  const tools = process.env.CRISSCROSS_TOOLS ?? join(homedir(), '.cache', 'crisscross-tools');
  for (const place of [join(tools, 'node_modules', 'noop.js'), import.meta.url]) {
    try {
      return readFileSync(createRequire(place).resolve('axe-core/axe.min.js'), 'utf8');
    } catch {
      // try the next place (NODE_PATH applies to the last one)
    }
  }
  throw new Error('axe-core not found; run scripts/install-tools.sh --browser');
}
const AXE = axeSource();

/** Runs axe on the whole page, prints every finding and returns the serious and critical ones. */
export async function audit(page, name) {
  // The page's CSP forbids inline scripts; Playwright's evaluate runs outside it.
  await page.evaluate(AXE);
  const results = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'], rules: { region: { enabled: true } } }),
  );
  const lines = results.violations.flatMap((v) =>
    v.nodes.map((n) => `  [${v.impact}] ${v.id}: ${n.target.join(' ')} \u2014 ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 240)}`),
  );
  console.log(`axe on ${name}: ${results.violations.length} rule(s) violated, ${lines.length} finding(s)${lines.length ? '\n' + lines.join('\n') : ''}`);
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
