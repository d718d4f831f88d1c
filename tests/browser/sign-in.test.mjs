// Sign-in paths of the web page in headless Chromium against the local cloud (cognito-local + upload API).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SESSION_EXPIRED_TEXT, USERS, idToken, useBrowser, openPage, pageConfig, resignToken, screenshots, signIn,
} from './support.mjs';

describe('sign-in', () => {
  const browser = useBrowser();

  test('a user signs in with email and password, sees who is signed in until when, and signs out', async () => {
    const { page, record } = await openPage(browser.context);
    await screenshots(page, 'sign-in');
    await signIn(page, USERS[0]);

    assert.equal(await page.locator('#session-user').textContent(), USERS[0]);
    const expires = await page.locator('#session-expires').getAttribute('datetime');
    assert.ok(Date.parse(expires) > Date.now(), `session end ${expires} is in the future`);
    await page.locator('#files-status').filter({ hasText: /No files yet|Showing/ }).waitFor();

    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#upload').isHidden(), true);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'no token is left in storage');
    assert.deepEqual(record.errors, []);
    await page.close();
  });

  test('signing out clears that user\'s resume data (file names, sub) from localStorage, not other users\'', async () => {
    const { page } = await openPage(browser.context);
    await signIn(page, USERS[0]);
    const sub = JSON.parse(Buffer.from((await idToken(USERS[0])).split('.')[1], 'base64url')).sub;
    // What an interrupted multipart upload saves (resume.js saveResume), for this user and for another one.
    await page.evaluate(({ mine }) => {
      localStorage.setItem('fileUpload.resume.["holiday-plans.pdf",20000000,1]', JSON.stringify({ fileId: 'a', etags: {}, owner: mine }));
      localStorage.setItem('fileUpload.resume.["theirs.bin",20000000,2]', JSON.stringify({ fileId: 'b', etags: {}, owner: 'someone-else' }));
    }, { mine: sub });

    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });

    const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('fileUpload.resume.')));
    assert.deepEqual(left, ['fileUpload.resume.["theirs.bin",20000000,2]']);
    assert.ok(!JSON.stringify(await page.evaluate(() => ({ ...localStorage }))).includes(sub), 'the user\'s sub is gone');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  test('a wrong password is refused with a clear message and no session', async () => {
    const { page } = await openPage(browser.context);
    await page.fill('#username', USERS[0]);
    await page.fill('#password', 'not-the-password-1');
    await page.click('#sign-in-button');

    const error = page.locator('#sign-in-error');
    await error.filter({ hasText: 'Incorrect email/username or password.' }).waitFor();
    assert.equal(await page.locator('#upload').isHidden(), true);
    assert.equal(await page.inputValue('#password'), '', 'the wrong password is cleared');
    await page.close();
  });

  test('a pasted ID token signs in and shows the user from the token', async () => {
    const { page } = await openPage(browser.context);
    const token = await idToken(USERS[1]);
    await page.click('.token-details summary');
    await page.fill('#token', token);
    await page.click('#token-form button[type="submit"]');
    await page.locator('#upload').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#session-user').textContent(), USERS[1]);
    await page.close();
  });

  test('a pasted token whose exp has passed asks to sign in again, without calling the API', async () => {
    const { page, record } = await openPage(browser.context);
    const now = Math.floor(Date.now() / 1000);
    const expired = await resignToken(await idToken(USERS[0]), { iat: now - 7200, auth_time: now - 7200, exp: now - 3600 });
    await page.click('.token-details summary');
    await page.fill('#token', expired);
    await page.click('#token-form button[type="submit"]');

    await page.locator('#session-notice').filter({ hasText: SESSION_EXPIRED_TEXT }).waitFor();
    assert.equal(await page.locator('#upload').isHidden(), true);
    const config = await pageConfig();
    assert.deepEqual(record.requests.filter((request) => request.url.startsWith(config.apiUrl)), []);
    await page.close();
  });

  test('a token the API rejects (401) asks to sign in again rather than showing a network error', async () => {
    const { page, record } = await openPage(browser.context);
    const forged = await resignToken(await idToken(USERS[0]), {}, 'foreign');
    await page.click('.token-details summary');
    await page.fill('#token', forged);
    await page.click('#token-form button[type="submit"]');

    // The page accepts the readable claims, asks the API for the file list, gets 401 and signs out.
    await page.locator('#session-notice').filter({ hasText: SESSION_EXPIRED_TEXT }).waitFor();
    assert.equal(await page.locator('#upload').isHidden(), true);
    const config = await pageConfig();
    assert.ok(record.requests.some((request) => request.url.startsWith(`${config.apiUrl}/files`)),
      'the API was asked and answered');
    assert.equal(await page.getByText(/could not reach|network/i).count(), 0);
    await page.close();
  });
});
