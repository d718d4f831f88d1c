// Shared helpers for the browser tests: Chromium launch, the page's generated config, Cognito tokens (signed in by
// the page's own auth module), screenshots.
// The local cloud (test profile) must be running: it serves the page at WEB_URL with its /config.js.

import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { cognitoSignIn } from '../../web/modules/auth.js';

/** The page's URL: $WEB_URL, else the running cloud's (cloud.json at $LOCAL_CLOUD_STATE, set by local/test), else the test port. */
export const WEB_URL = (process.env.WEB_URL || cloudWebUrl() || 'http://localhost:3100').replace(/\/+$/, '');
export const USERS = (process.env.COGNITO_TEST_USERS || 'alice@example.com bob@example.com').split(/[\s,]+/).filter(Boolean);
export const PASSWORD = process.env.COGNITO_TEST_PASSWORD || 'Passw0rd!';
export const SESSION_EXPIRED_TEXT = 'Your session has expired — sign in again.';
/** How long a test waits for the pipeline to take a file to a final status. */
export const PROCESSING_TIMEOUT_MS = 90_000;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = join(repoRoot, 'test-output', 'screenshots');

function cloudWebUrl() {
  const file = process.env.LOCAL_CLOUD_STATE;
  return file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).web?.url : undefined;
}

/** Launches Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium) with a fresh profile directory. */
export async function launch() {
  const profile = await mkdtemp(join(tmpdir(), 'upload-web-test-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Inside a `describe`: launches one browser before its tests and closes it after them. Returns an object whose
 * `context` is the browser context once the tests run.
 */
export function useBrowser() {
  const holder = { context: null };
  let browser;
  before(async () => {
    browser = await launch();
    holder.context = browser.context;
  });
  after(async () => {
    await browser?.close();
  });
  return holder;
}

/**
 * Opens the page in a new tab and records what a test may assert on: every request URL, dialogs
 * (dismissed; alert() must never run), console errors and uncaught page errors (CSP violations land there).
 */
export async function openPage(context) {
  const page = await context.newPage();
  const record = { requests: [], dialogs: [], errors: [] };
  page.on('request', (request) => record.requests.push({ method: request.method(), url: request.url() }));
  page.on('dialog', (dialog) => {
    record.dialogs.push(dialog.message());
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (error) => record.errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') record.errors.push(message.text());
  });
  await page.goto(`${WEB_URL}/`);
  await page.locator('#sign-in').waitFor({ state: 'visible' });
  return { page, record };
}

/** Requests whose path is exactly /upload (any method), from a page's record. */
export function uploadRequests(record) {
  return record.requests.filter((request) => new URL(request.url).pathname === '/upload');
}

let configPromise;

/** The page's generated config (`export default {...}` served at WEB_URL/config.js), loaded as a module. */
export function pageConfig() {
  configPromise ??= (async () => {
    const response = await fetch(`${WEB_URL}/config.js`);
    if (!response.ok) throw new Error(`${WEB_URL}/config.js answered ${response.status}: is the local cloud running?`);
    const source = await response.text();
    const module = await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);
    return module.default;
  })();
  return configPromise;
}

/** Signs in through the page's form and waits until the upload section is shown. */
export async function signIn(page, username = USERS[0], password = PASSWORD) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#sign-in-button');
  await page.locator('#upload').waitFor({ state: 'visible' });
}

/** Gets an ID token from Cognito with the page's own sign-in code (web/modules/auth.js) and its config. */
export async function idToken(username = USERS[0], password = PASSWORD) {
  return cognitoSignIn(await pageConfig(), username, password);
}

const base64url = (value) => Buffer.from(value).toString('base64url');

/**
 * Re-signs a token's claims with `changes` applied (RS256, JWS compact form, RFC 7515).
 * `key`: 'cognito-local' signs with cognito-local's own private key (kid CognitoLocal), so only the changed
 * claims can make the API refuse it; 'foreign' signs with a new key pair the API has never seen.
 */
export async function resignToken(token, changes, key = 'cognito-local') {
  const claims = { ...JSON.parse(Buffer.from(token.split('.')[1], 'base64url')), ...changes };
  let privateKey;
  if (key === 'cognito-local') {
    const file = new URL('../../node_modules/cognito-local/lib/keys/cognitoLocal.private.json', import.meta.url);
    privateKey = createPrivateKey({ key: JSON.parse(await readFile(file, 'utf8')).jwk, format: 'jwk' });
  } else {
    privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }
  const header = { alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function sha256Hex(buffer) {
  return createHash('sha256').update(buffer).digest('hex');
}

/** A short random tag so file names of this run are unique in a user's list that persists between runs. */
export function runTag() {
  return randomBytes(4).toString('hex');
}

/** Waits until the "My files" entry with this exact name shows one of `statuses`; returns that entry's locator. */
export async function waitForFileStatus(page, fileName, statuses, timeout = PROCESSING_TIMEOUT_MS) {
  const entry = page.locator('#file-list > li').filter({
    has: page.locator('.item-name', { hasText: fileName }),
  });
  await entry.first().waitFor({ state: 'attached', timeout });
  const wanted = statuses.map((status) => `[data-status="${status}"]`).join(', ');
  await page.locator('#file-list > li').filter({ has: page.locator('.item-name', { hasText: fileName }) })
    .and(page.locator(wanted)).first().waitFor({ timeout });
  return entry.first();
}

/** Saves a full-page screenshot under test-output/screenshots/<name>-<width>x<height>.png at phone and desktop width. */
export async function screenshots(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** Calls the upload API directly (no browser) with a token: `GET path` or, with `file`, a multipart `POST /upload`. */
export async function callApi(token, path, file) {
  const config = await pageConfig();
  const init = { headers: { Authorization: `Bearer ${token}` } };
  if (file) {
    const form = new FormData();
    form.append('file', new Blob([file.buffer], { type: file.mimeType }), file.name);
    Object.assign(init, { method: 'POST', body: form });
  }
  const response = await fetch(`${config.apiUrl}${path}`, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${init.method || 'GET'} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}
