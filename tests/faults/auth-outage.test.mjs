// An identity provider outage, on a private local cloud (tests/faults/support.mjs) whose upload API fetches the user
// pool's signing keys (JWKS) through a relay this test stops and starts: cognito-local keeps issuing tokens (the
// browser already has them), but the API cannot fetch the keys that check them. A token that cannot be checked is
// the provider's outage, not the user's: 503 auth_unavailable, never a 401 that would sign the user out; keys the API
// once had are kept when a refresh fails (smallrye.jwt.jwks.retain-cache-on-error-duration).
//
// The private cloud refreshes its keys on every unknown key id (smallrye.jwt.jwks.forced-refresh-interval=0), so
// the test can make a refresh happen, and fail, when it wants, and its key cache lasts one minute
// (smallrye.jwt.jwks.refresh-interval=1), so that the last scenario can let it run out while Cognito is down.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { api, assertProblem, claims, newUser, nowSeconds, signJwt } from '../hostile/support.mjs';
import { privateCloudBehindProxies } from './support.mjs';

/** Serves the user pool's JWKS document at /jwks.json, fetched from cognito-local; `down` closes the port. */
class JwksRelay {
  constructor() {
    this.server = http.createServer((req, res) => this.#serve(req, res));
    this.sockets = new Set();
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.fetches = 0;
    this.lastServed = 0;
  }

  async #serve(req, res) {
    this.fetches++;
    try {
      if (!this.jwksUrl || req.url !== '/jwks.json') throw new Error(`not served: ${req.url}`);
      const answer = await fetch(this.jwksUrl);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      this.lastServed = Date.now();
    } catch {
      req.socket.destroy();
    }
  }

  listen(port = 0) {
    return new Promise((ok) => this.server.listen(port, '127.0.0.1', () => {
      this.port = this.server.address().port;
      ok(this.port);
    }));
  }

  /** Stops answering: the port is closed, open connections are reset (Cognito is gone). */
  async down() {
    for (const s of this.sockets) s.destroy();
    if (this.server.listening) await new Promise((r) => this.server.close(() => r()));
  }

  async up() {
    if (!this.server.listening) await this.listen(this.port);
  }
}

const relay = new JwksRelay();
let pc;
let cloud;
let user;

before(async () => {
  await relay.listen();
  await relay.down(); // no keys can be had until the test says so
  pc = await privateCloudBehindProxies({
    javaOptions: [
      `-Dmp.jwt.verify.publickey.location=http://127.0.0.1:${relay.port}/jwks.json`,
      '-Dsmallrye.jwt.jwks.forced-refresh-interval=0',
      '-Dsmallrye.jwt.jwks.refresh-interval=1',
    ],
  });
  cloud = pc.cloud;
  relay.jwksUrl = `${cloud.cognito.issuer}/.well-known/jwks.json`;
  user = await newUser(cloud, 'auth-outage');
}, { timeout: 20 * 60_000 });

after(async () => {
  await pc?.stop();
  await relay.down();
});

describe('identity provider outage', () => {
  test('no keys could ever be fetched: a valid token answers 503 auth_unavailable, not 401', async () => {
    const res = await api(cloud, 'GET', '/files', { token: user.idToken });
    assertProblem(res, 503, 'auth_unavailable');
    assert.equal(res.headers?.get?.('www-authenticate') ?? null, null, 'no Bearer challenge: the token was not refused');
    assertProblem(await api(cloud, 'GET', '/files'), 401, 'missing_token');
  });

  test('once the keys can be fetched, the same token works', async () => {
    await relay.up();
    const res = await api(cloud, 'GET', '/files', { token: user.idToken });
    assert.equal(res.status, 200, res.text);
  });

  test('Cognito stops again: a refresh fails, the keys the API had are kept and the token keeps working', async () => {
    await relay.down();
    const before = relay.fetches;
    // A token with a key id the API does not know makes it refresh its keys, which now fails.
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const stranger = signJwt({ alg: 'RS256', kid: 'rotated-key', typ: 'JWT' }, { ...claims(user.idToken), iat: nowSeconds() }, { rsaKey: attacker });
    const refused = await api(cloud, 'GET', '/files', { token: stranger });
    assert.ok([401, 503].includes(refused.status), refused.text);
    assert.notEqual(refused.status, 200);
    assert.equal(relay.fetches, before, 'the relay was down: nothing could be fetched');

    const res = await api(cloud, 'GET', '/files', { token: user.idToken });
    assert.equal(res.status, 200, `the cached keys still check the token: ${res.text}`);
  });

  test('Cognito stays down past the key cache\'s lifetime: the refresh fails, the keys are kept, the token works', async () => {
    assert.ok(!relay.server.listening, 'the relay is still down');
    // The cache (one minute here, an hour in AWS) runs out; the next request refreshes, and the refresh fails.
    const expired = relay.lastServed + 65_000;
    await new Promise((r) => setTimeout(r, Math.max(0, expired - Date.now())));
    const res = await api(cloud, 'GET', '/files', { token: user.idToken });
    assert.equal(res.status, 200, `keys kept after a failed refresh (retain-cache-on-error-duration): ${res.text}`);
    assertProblem(await api(cloud, 'GET', '/files', { token: `${user.idToken.slice(0, -4)}AAAA` }), 401, 'invalid_token');
  });
});
