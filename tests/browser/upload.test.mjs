// Uploads through the web page in headless Chromium against the local cloud: progress, processing status,
// client-side limits and hostile file names.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  launch, openPage, pageConfig, runTag, screenshots, sha256Hex, signIn, uploadRequests, waitForFileStatus,
} from './support.mjs';

describe('upload', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test('two files, one with all 256 byte values, upload and reach PROCESSED with the SHA-256 the test computed', async () => {
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    const tag = runTag();
    const binary = Buffer.alloc(256 * 64, 0);
    for (let i = 0; i < binary.length; i += 1) binary[i] = i % 256;
    const text = Buffer.from(`Hello from the browser test ${tag}.\nSecond line, ünïcødé ✓\n`, 'utf8');
    const files = [
      { name: `bytes-${tag}.bin`, mimeType: 'application/octet-stream', buffer: binary },
      { name: `notes ${tag} & more.txt`, mimeType: 'text/plain', buffer: text },
    ];
    const comment = `Browser test ${tag}: two files`;

    await page.setInputFiles('#file-input', files);
    assert.equal(await page.locator('#upload-list > li[data-state="waiting"]').count(), 2);
    await page.fill('#comment', comment);
    await page.click('#upload-button');

    await page.locator('#upload-list > li[data-state="complete"]').nth(1).waitFor({ timeout: 30_000 });
    await page.locator('#upload-status').filter({ hasText: 'All 2 files were uploaded.' }).waitFor();
    for (const item of await page.locator('#upload-list > li').all()) {
      const progress = item.locator('progress');
      assert.equal(await progress.evaluate((element) => element.value === element.max), true, 'progress is full');
    }
    assert.equal(uploadRequests(record).filter((request) => request.method === 'POST').length, 2);

    for (const file of files) {
      const entry = await waitForFileStatus(page, file.name, ['PROCESSED', 'FAILED']);
      assert.equal(await entry.getAttribute('data-status'), 'PROCESSED',
        `${file.name}: ${await entry.locator('.fact-reason').textContent()}`);
      assert.equal(await entry.locator('.item-name').textContent(), file.name);
      assert.equal(await entry.locator('.fact-sha').textContent(), sha256Hex(file.buffer));
      assert.equal(await entry.locator('.fact-comment').textContent(), comment);
      assert.match(await entry.locator('.fact-size').textContent(), new RegExp(`${file.buffer.length.toLocaleString('en')} bytes|^${file.buffer.length} bytes`));
      assert.notEqual(await entry.locator('.fact-type').textContent(), '', 'a detected type is shown');
    }
    // Newest first: the second upload is above the first.
    const names = await page.locator('#file-list .item-name').allTextContents();
    assert.ok(names.indexOf(files[1].name) < names.indexOf(files[0].name), `order: ${names.slice(0, 4)}`);
    await screenshots(page, 'uploaded');
    await page.close();
  });

  test('an oversize file and an empty file are refused before any byte is sent', async () => {
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    const config = await pageConfig();
    const cap = config.maxUploadBytes;
    await page.setInputFiles('#file-input', [
      { name: 'too-big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(cap + 1, 7) },
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    await page.click('#upload-button');

    const items = page.locator('#upload-list > li');
    assert.equal(await items.count(), 2);
    assert.deepEqual(await items.evaluateAll((elements) => elements.map((element) => element.dataset.state)), ['error', 'error']);
    const capText = `${cap.toLocaleString('en')} bytes`;
    assert.match(await items.nth(0).locator('.item-detail').textContent(), new RegExp(`larger than the limit of .*${capText}`));
    assert.match(await items.nth(1).locator('.item-detail').textContent(), /empty/);
    assert.equal(await items.nth(0).locator('[data-action="retry"]').isHidden(), true, 'no retry for a file that cannot pass');
    await page.locator('#upload-status').filter({ hasText: 'Choose or drop at least one file first.' }).waitFor();
    assert.deepEqual(uploadRequests(record), [], 'no request reached /upload');
    await page.close();
  });

  test('a file name and comment made of HTML are shown as text and never run', async () => {
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    const name = '<img src=x onerror=alert(1)>.txt';
    const comment = `<b>bold</b><script>alert(2)</script> ${runTag()}`;
    await page.setInputFiles('#file-input', [{ name, mimeType: 'text/plain', buffer: Buffer.from('harmless text') }]);
    await page.fill('#comment', comment);
    await page.click('#upload-button');
    await page.locator('#upload-list > li[data-state="complete"]').waitFor({ timeout: 30_000 });

    assert.equal(await page.locator('#upload-list .item-name').first().textContent(), name);
    const entry = page.locator('#file-list > li').filter({ has: page.locator('.fact-comment', { hasText: comment }) });
    await entry.waitFor();
    assert.equal(await entry.locator('.item-name').textContent(), name);
    assert.equal(await entry.locator('.fact-comment').textContent(), comment);
    assert.equal(await page.locator('img').count(), 0, 'no img element was created');
    assert.equal(await page.locator('main script, main b').count(), 0, 'no markup from the comment');
    assert.deepEqual(record.dialogs, [], 'no dialog was opened');
    await page.close();
  });
});
