// Uploads through the web page in headless Chromium against the local cloud: progress, processing status,
// client-side limits and hostile file names.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { humanBytes } from '../../web/modules/format.js';
import {
  USERS, callApi, idToken, useBrowser, openPage, runTag, screenshots, sha256Hex, signIn, uploadRequests,
  waitForFileStatus,
} from './support.mjs';

describe('upload', () => {
  const browser = useBrowser();

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

  test('My files shows the storage used against the quota, and the figures follow an upload', async () => {
    const { page } = await openPage(browser.context);
    await signIn(page);
    const token = await idToken(USERS[0]);
    const usageText = page.locator('#usage-text');
    await usageText.filter({ hasText: /^Storage: / }).waitFor();
    const before = await callApi(token, '/usage');
    assert.ok(before.limits.bytes > 0, JSON.stringify(before));
    assert.match(await usageText.textContent(), new RegExp(` of ${humanBytes(before.limits.bytes).replace('.', '\\.')} used`));
    assert.equal(Number(await page.locator('#usage-meter').getAttribute('max')), before.limits.bytes);

    const size = 5 * 1024 * 1024 + 123;
    await page.setInputFiles('#file-input', [{ name: `usage-${runTag()}.bin`, mimeType: 'application/octet-stream', buffer: Buffer.alloc(size, 7) }]);
    await page.click('#upload-button');
    await page.locator('#upload-list > li[data-state="complete"]').waitFor({ timeout: 60_000 });
    // The meter's value is the stored bytes: it grows by the file's size (other tests of this user may add more).
    await page.waitForFunction((min) => Number(document.querySelector('#usage-meter').value) >= min,
      Math.min(before.usage.bytes + size, before.limits.bytes));
    const after = await callApi(token, '/usage');
    assert.ok(after.usage.files >= before.usage.files + 1, JSON.stringify({ before, after }));
    await page.close();
  });

  test('progress shows bytes sent; Cancel stops an upload and Retry sends it again', async () => {
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const throttle = (bytesPerSecond) => cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
    });
    await throttle(200 * 1024);
    const name = `slow-${runTag()}.bin`;
    const size = 3_000_000;
    await page.setInputFiles('#file-input', [{ name, mimeType: 'application/octet-stream', buffer: Buffer.alloc(size, 1) }]);
    await page.click('#upload-button');

    const item = page.locator('#upload-list > li').first();
    await page.waitForFunction(() => {
      const progress = document.querySelector('#upload-list progress');
      return progress && progress.value > 0 && progress.value < progress.max;
    });
    assert.equal(await item.getAttribute('data-state'), 'uploading');
    assert.equal(await item.locator('progress').getAttribute('max'), String(size));
    assert.match(await item.locator('.item-detail').textContent(), / of 2\.9 MiB sent\.$/);
    assert.equal(await item.locator('progress').getAttribute('aria-label'), `Bytes sent of ${name}`);

    await item.getByRole('button', { name: `Cancel upload of ${name}` }).click();
    assert.equal(await item.getAttribute('data-state'), 'error');
    assert.equal(await item.locator('.item-detail').textContent(), 'Upload cancelled.');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'retry', 'focus moves to Retry');

    await throttle(-1);
    await item.getByRole('button', { name: `Retry upload of ${name}` }).click();
    await page.locator('#upload-list > li[data-state="complete"]').waitFor({ timeout: 30_000 });
    assert.equal(uploadRequests(record).filter((request) => request.method === 'POST').length, 2);
    const entry = await waitForFileStatus(page, name, ['UPLOADED', 'PROCESSING', 'PROCESSED', 'FAILED']);
    assert.equal(await page.locator('#file-list .item-name', { hasText: name }).count(), 1, 'stored once');
    assert.match(await entry.locator('.fact-size').textContent(), /3,000,000 bytes/);
    await page.close();
  });

  test('files dropped on the drop zone join the queue', async () => {
    const { page } = await openPage(browser.context);
    await signIn(page);
    const transfer = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['first'], 'dropped-1.txt', { type: 'text/plain' }));
      data.items.add(new File(['second'], 'dropped-2.txt', { type: 'text/plain' }));
      return data;
    });
    await page.dispatchEvent('#drop-zone', 'dragenter', { dataTransfer: transfer });
    assert.equal(await page.locator('#drop-zone.drop-active').count(), 1, 'the zone shows it accepts the drop');
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: transfer });
    assert.deepEqual(await page.locator('#upload-list .item-name').allTextContents(), ['dropped-1.txt', 'dropped-2.txt']);
    assert.equal(await page.locator('#upload-list > li[data-state="waiting"]').count(), 2);
    assert.equal(await page.locator('#drop-zone.drop-active').count(), 0);
    await page.locator('#upload-status').filter({ hasText: '2 files ready to upload.' }).waitFor();
    await page.close();
  });

  test('a comment over 1,000 characters is flagged by the counter and nothing is sent', async () => {
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    await page.setInputFiles('#file-input', [{ name: 'ok.txt', mimeType: 'text/plain', buffer: Buffer.from('ok') }]);
    await page.fill('#comment', 'é'.repeat(999));
    assert.equal(await page.locator('#comment-count').textContent(), '999 of 1,000 characters');
    await page.fill('#comment', `${'é'.repeat(999)}\n`); // a line break is sent as CR LF: two characters
    assert.equal(await page.locator('#comment-count').textContent(), '1,001 of 1,000 characters — 1 too many');
    assert.equal(await page.getAttribute('#comment', 'aria-invalid'), 'true');
    await page.click('#upload-button');
    await page.locator('#upload-status').filter({ hasText: 'The comment is longer than 1,000 characters' }).waitFor();
    assert.deepEqual(uploadRequests(record), []);
    assert.equal(await page.locator('#upload-list > li[data-state="waiting"]').count(), 1, 'the file still waits');
    await page.close();
  });

  test('My files pages with Load more, newest first, without repeats', async () => {
    const user = USERS[1];
    const token = await idToken(user);
    const have = (await callApi(token, '/files?limit=11')).items.length;
    for (let i = have; i < 11; i += 1) {
      await callApi(token, '/upload', { name: `page-${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`page ${i}`) });
    }
    const { page } = await openPage(browser.context);
    await signIn(page, user);
    const entries = page.locator('#file-list > li');
    await entries.nth(9).waitFor();
    assert.equal(await entries.count(), 10, 'the first page holds 10 files');
    await page.click('#load-more');
    await entries.nth(10).waitFor();
    const ids = await entries.evaluateAll((elements) => elements.map((element) => element.dataset.fileId));
    assert.equal(new Set(ids).size, ids.length, 'no file is listed twice');
    const times = await page.locator('#file-list time').evaluateAll((elements) => elements.map((element) => element.dateTime));
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    await page.close();
  });

  test('an empty file is refused before any byte is sent (larger files than the cap take the presigned path)', async () => {
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    await page.setInputFiles('#file-input', [
      { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    ]);
    await page.click('#upload-button');

    const items = page.locator('#upload-list > li');
    assert.equal(await items.count(), 1);
    assert.deepEqual(await items.evaluateAll((elements) => elements.map((element) => element.dataset.state)), ['error']);
    assert.match(await items.nth(0).locator('.item-detail').textContent(), /empty/);
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
