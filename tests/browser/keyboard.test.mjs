// The whole flow by keyboard alone (Tab, Shift+Tab, Enter, Space; no mouse): sign in, choose a file, comment,
// upload, see it processed, sign out. Every stop must show a visible focus indicator.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  PASSWORD, USERS, useBrowser, openPage, runTag, sha256Hex, uploadRequests, waitForFileStatus,
} from './support.mjs';

/** Presses Tab until the focused element matches `selector` (at most 40 presses); asserts its focus is visible. */
async function tabTo(page, selector) {
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted), selector)) {
      const outline = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      assert.ok(outline.style !== 'none' && outline.width >= 2, `${selector} shows focus: ${JSON.stringify(outline)}`);
      return;
    }
  }
  assert.fail(`Tab never reached ${selector}`);
}

describe('keyboard only', () => {
  const browser = useBrowser();

  test('sign in, choose a file, comment, upload, see it processed and sign out without a mouse', async () => {
    const { page, record } = await openPage(browser.context);
    const tag = runTag();
    const content = Buffer.from(`typed by keyboard ${tag}\n`);
    const fileName = `keyboard-${tag}.txt`;

    await tabTo(page, '#username');
    await page.keyboard.type(USERS[0]);
    await tabTo(page, '#password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#upload').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'upload-heading', 'focus moves to the upload form');

    // Listen before tabbing: Playwright turns on file-chooser interception when the first listener is added, and a
    // Space that reaches the page before that is on opens a chooser nobody sees.
    const chooserShown = page.waitForEvent('filechooser');
    await tabTo(page, '#file-input');
    await page.keyboard.press('Space');
    const chooser = await chooserShown;
    await chooser.setFiles({ name: fileName, mimeType: 'text/plain', buffer: content });
    await page.locator('#upload-list > li[data-state="waiting"]').waitFor();

    await tabTo(page, '#comment');
    await page.keyboard.type(`keyboard comment ${tag}`);
    assert.match(await page.locator('#comment-count').textContent(), /^\d+ of 1,000 characters$/);
    await tabTo(page, '#upload-button');
    await page.keyboard.press('Enter');
    await page.locator('#upload-list > li[data-state="complete"]').waitFor({ timeout: 30_000 });
    assert.equal(uploadRequests(record).length >= 1, true);

    const entry = await waitForFileStatus(page, fileName, ['PROCESSED', 'FAILED']);
    assert.equal(await entry.getAttribute('data-status'), 'PROCESSED');
    assert.equal(await entry.locator('.fact-sha').textContent(), sha256Hex(content));

    // Back up to the header's Sign out button.
    for (let presses = 0; presses < 60; presses += 1) {
      if (await page.evaluate(() => document.activeElement?.id === 'sign-out')) break;
      await page.keyboard.press('Shift+Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sign-out');
    await page.keyboard.press('Enter');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => document.activeElement.id), 'username', 'focus returns to the sign-in form');
    await page.close();
  });
});
