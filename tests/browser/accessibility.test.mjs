// Automated WCAG 2 A/AA checks (axe-core: contrast, labels, landmarks, lang, ARIA) of the page's states,
// at phone and desktop width, plus page-level facts (lang, landmarks).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { useBrowser, openPage, runTag, signIn, waitForFileStatus } from './support.mjs';

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, which the page's CSP does not govern) and
 * returns its violations of the WCAG 2.0/2.1/2.2 A and AA rules, as "rule: target" strings.
 */
async function wcagViolations(page) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      targets: violation.nodes.map((node) => node.target.join(' ')),
      summary: violation.nodes[0]?.failureSummary,
    }));
  });
  return violations.map((violation) => `${violation.id}: ${violation.targets.join(', ')} (${violation.summary})`);
}

describe('accessibility', () => {
  const browser = useBrowser();

  test('the signed-out page has lang, landmarks and no WCAG A/AA violations at phone and desktop width', async () => {
    const { page } = await openPage(browser.context);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('header, main, footer').count(), 3);
    await page.click('.token-details summary');
    await page.fill('#username', 'someone');
    await page.click('#sign-in-button'); // shows the "Enter your password" error state too
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      assert.deepEqual(await wcagViolations(page), [], `at ${width}px`);
    }
    await page.close();
  });

  test('the signed-in page with uploads and files has no WCAG A/AA violations at phone and desktop width', async () => {
    const { page } = await openPage(browser.context);
    await signIn(page);
    const name = `a11y-${runTag()}.txt`;
    await page.setInputFiles('#file-input', [
      { name, mimeType: 'text/plain', buffer: Buffer.from('accessible') },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    await page.fill('#comment', 'x'.repeat(1001)); // the over-limit counter state
    await page.fill('#comment', 'checked by axe');
    await page.click('#upload-button');
    await waitForFileStatus(page, name, ['UPLOADED', 'PROCESSING', 'PROCESSED', 'FAILED']);
    await page.fill('#comment', 'x'.repeat(1001));
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      assert.deepEqual(await wcagViolations(page), [], `at ${width}px`);
    }
    await page.close();
  });
});
