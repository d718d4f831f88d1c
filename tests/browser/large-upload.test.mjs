// Files above the direct cap through the web page in headless Chromium: they go straight to S3 (presigned
// multipart parts in parallel) with one progress bar, reach PROCESSED with the right SHA-256, download
// byte-identical, resume after a page reload, and can be deleted.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  callApi, idToken, openPage, pageConfig, runTag, sha256Hex, signIn, uploadRequests, useBrowser, waitForFileStatus,
} from './support.mjs';

/** Requests of a page's record that went to the storage endpoint (not the API, not the page). */
function storagePuts(record, config) {
  const api = new URL(config.apiUrl).origin;
  return record.requests.filter((request) => request.method === 'PUT' && new URL(request.url).origin !== api);
}

async function throttleUploads(browser, page, bytesPerSecond) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond,
  });
  return cdp;
}

describe('large files', () => {
  const browser = useBrowser();

  test('a file over the direct cap uploads in parts with visible progress and downloads byte-identical', async () => {
    const config = await pageConfig();
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    const size = 10 * 1024 * 1024 + 12_345; // two parts of the API's 8 MiB
    assert.ok(size > config.maxUploadBytes);
    const buffer = randomBytes(size);
    const name = `large ${runTag()} Ünïcødé.bin`;
    const cdp = await throttleUploads(browser, page, 4 * 1024 * 1024);

    const ticketAnswer = page.waitForResponse((response) => response.request().method() === 'POST'
      && new URL(response.url()).pathname === '/uploads');
    const partPuts = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && new URL(request.url()).searchParams.get('uploadId')) partPuts.push(request);
    });
    await page.setInputFiles('#file-input', [{ name, mimeType: 'application/octet-stream', buffer }]);
    await page.click('#upload-button');
    const item = page.locator('#upload-list > li').first();
    await page.waitForFunction(() => {
      const progress = document.querySelector('#upload-list progress');
      return progress && progress.value > 0 && progress.value < progress.max;
    }, undefined, { timeout: 30_000 });
    assert.equal(await item.getAttribute('data-state'), 'uploading');
    assert.equal(await item.locator('progress').getAttribute('max'), String(size), 'one bar for the whole file');
    assert.match(await item.locator('.item-detail').textContent(), / of 10 MiB sent\.$/);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    await page.locator('#upload-list > li[data-state="complete"]').waitFor({ timeout: 60_000 });
    assert.equal(uploadRequests(record).length, 0, 'the bytes did not go through POST /upload');
    const puts = storagePuts(record, config);
    assert.equal(puts.length, 2, 'two part PUTs straight to storage');
    assert.ok(puts.every((put) => new URL(put.url).searchParams.get('uploadId')), 'multipart part URLs');

    // The page hashed the file and each 8 MiB part in one pass and sent the digests with POST /uploads; every part
    // PUT carried the ticket's headers plus its part's own (its signed x-amz-checksum-sha256, when the API signs one).
    const answer = await ticketAnswer;
    const partSize = 8 * 1024 * 1024;
    const sent = JSON.parse(answer.request().postData());
    assert.equal(sent.sha256, sha256Hex(buffer));
    assert.deepEqual(sent.partChecksums, [
      { partNumber: 1, sha256: sha256Hex(buffer.subarray(0, partSize)) },
      { partNumber: 2, sha256: sha256Hex(buffer.subarray(partSize)) },
    ]);
    const ticket = await answer.json();
    assert.equal(ticket.partSizeBytes, partSize);
    for (const part of ticket.parts) {
      const put = partPuts.find((request) => request.url() === part.url);
      assert.ok(put, `part ${part.partNumber} was PUT to its ticket URL`);
      const headers = await put.allHeaders();
      for (const [header, value] of Object.entries({ ...ticket.headers, ...part.headers })) {
        assert.equal(headers[header.toLowerCase()], value, `part ${part.partNumber} PUT sends ${header}`);
      }
      const checksum = part.headers?.['x-amz-checksum-sha256'];
      if (checksum) assert.equal(Buffer.from(checksum, 'base64').toString('hex'), sent.partChecksums[part.partNumber - 1].sha256);
    }

    const entry = await waitForFileStatus(page, name, ['PROCESSED', 'FAILED']);
    assert.equal(await entry.getAttribute('data-status'), 'PROCESSED', await entry.locator('.fact-reason').textContent());
    assert.equal(await entry.locator('.fact-sha').textContent(), sha256Hex(buffer));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      entry.getByRole('button', { name: `Download ${name}` }).click(),
    ]);
    assert.equal(download.suggestedFilename(), name, 'the RFC 6266 filename* gives the exact name');
    const saved = await readFile(await download.path());
    assert.ok(saved.equals(buffer), 'the download is byte-identical');
    await page.close();
  });

  test('an interrupted upload continues after a page reload when the same file is chosen again', async () => {
    const config = await pageConfig();
    const { page, record } = await openPage(browser.context);
    await signIn(page);
    const buffer = randomBytes(3 * 8 * 1024 * 1024 + 1000); // four parts
    // A file on disk, so that choosing it again gives the same name, size and lastModified (the resume key).
    const dir = await mkdtemp(join(tmpdir(), 'resume-'));
    const file = { name: `resume-${runTag()}.bin`, path: '' };
    file.path = join(dir, file.name);
    await writeFile(file.path, buffer);
    await throttleUploads(browser, page, 8 * 1024 * 1024);
    await page.setInputFiles('#file-input', [file.path]);
    await page.click('#upload-button');
    // Wait until at least one part is stored and recorded for resuming, then reload mid-upload.
    await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith('fileUpload.resume.')
      && Object.keys(JSON.parse(localStorage.getItem(key)).etags || {}).length > 0), undefined, { timeout: 60_000 });
    const before = storagePuts(record, config).length;
    await page.reload();
    await page.locator('#upload').waitFor({ state: 'visible' });

    const afterReload = record.requests.length;
    await page.setInputFiles('#file-input', [file.path]);
    const item = page.locator('#upload-list > li').first();
    assert.match(await item.locator('.item-detail').textContent(), /was uploaded before/);
    await page.click('#upload-button');
    await page.locator('#upload-list > li[data-state="complete"]').waitFor({ timeout: 60_000 });

    const resumedPuts = storagePuts({ requests: record.requests.slice(afterReload) }, config).length;
    assert.ok(resumedPuts < 4, `only the missing parts were sent again (${resumedPuts} after ${before} before)`);
    const entry = await waitForFileStatus(page, file.name, ['PROCESSED', 'FAILED']);
    assert.equal(await entry.getAttribute('data-status'), 'PROCESSED', await entry.locator('.fact-reason').textContent());
    assert.equal(await entry.locator('.fact-sha').textContent(), sha256Hex(buffer));
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fileUpload.resume.')).length), 0,
      'nothing is left to resume');

    // Delete asks for a second click, then the file is gone for the API too.
    const fileId = await entry.getAttribute('data-file-id');
    await entry.getByRole('button', { name: `Delete ${file.name}` }).click();
    await entry.getByRole('button', { name: `Confirm deleting ${file.name}` }).click();
    await page.locator('#files-status').filter({ hasText: `${file.name} was deleted.` }).waitFor();
    await assert.rejects(callApi(await idToken(), `/files/${fileId}`), /answered 404/);
    await page.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('Cancel aborts the multipart upload', async () => {
    const config = await pageConfig();
    const { page } = await openPage(browser.context);
    await signIn(page);
    const name = `cancel-${runTag()}.bin`;
    await throttleUploads(browser, page, 1024 * 1024);
    await page.setInputFiles('#file-input', [{ name, mimeType: 'application/octet-stream', buffer: randomBytes(9 * 1024 * 1024) }]);
    await page.click('#upload-button');
    await page.waitForFunction(() => document.querySelector('#upload-list progress')?.value > 0, undefined, { timeout: 30_000 });
    const item = page.locator('#upload-list > li').first();
    const abortSent = page.waitForRequest((request) => request.method() === 'DELETE'
      && new URL(request.url()).pathname.startsWith('/uploads/'));
    await item.getByRole('button', { name: `Cancel upload of ${name}` }).click();
    await page.locator('#upload-list > li[data-state="error"]').waitFor();
    assert.equal(await item.locator('.item-detail').textContent(), 'Upload cancelled.');
    const aborted = { url: (await abortSent).url() };
    await (await abortSent).response();
    const status = await fetch(`${config.apiUrl}${new URL(aborted.url).pathname}`, {
      headers: { Authorization: `Bearer ${await idToken()}` },
    });
    assert.equal(status.status, 404, 'the upload no longer exists');
    await page.close();
  });
});
