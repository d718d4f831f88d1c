// Fault injection for the fault tests: a TCP proxy that can take an emulator away or cut its answers, and a private
// local cloud (local/start on its own ports and data) whose two functions reach S3 and DynamoDB through such proxies.
//
// The functions read their endpoints from S3_ENDPOINT and DYNAMODB_ENDPOINT (application.properties, %dev profile).
// local/start sets those environment variables itself, so the proxies are put in front by Java system properties of
// the same names (JAVA_TOOL_OPTIONS, read by every JVM the cloud starts; system properties outrank environment
// variables in Quarkus configuration). The pipe and the workflow runner keep talking to the emulators directly.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../hostile/support.mjs';

/**
 * A TCP proxy in front of one emulator, with four modes:
 * - `pass`: bytes flow both ways;
 * - `blackhole`: connections are accepted and never answered (a store that hangs);
 * - `down`: the port is closed (connections are refused, like a stopped service) and open connections are reset;
 * - `truncate`: like pass, but a connection is reset once it has carried more than `cutAfterBytes` towards the
 *   client since truncating began (a store dying in the middle of an object; small answers still get through).
 * Pooled keep-alive connections survive `pass` and `truncate`; {@link FaultyProxy#resetConnections} drops them.
 */
export class FaultyProxy {
  /** @param {{name: string, upstreamPort: number}} options */
  constructor({ name, upstreamPort }) {
    this.name = name;
    this.upstreamPort = upstreamPort;
    this.mode = 'pass';
    this.cutAfterBytes = Infinity;
    this.sockets = new Set();
    this.connections = new Set();
    this.stats = { connections: 0, cut: 0 };
    this.server = net.createServer((client) => this.#accept(client));
  }

  #accept(client) {
    this.stats.connections++;
    if (this.mode === 'blackhole') {
      this.sockets.add(client);
      client.on('error', () => {});
      client.on('close', () => this.sockets.delete(client));
      client.resume(); // read and drop whatever the client sends
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: this.upstreamPort });
    const pair = [client, upstream];
    const connection = { sent: 0 };
    this.connections.add(connection);
    for (const s of pair) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.sockets.delete(s);
        this.connections.delete(connection);
        for (const other of pair) other.destroy();
      });
    }
    upstream.on('data', (chunk) => {
      connection.sent += chunk.length;
      const over = this.mode === 'truncate' ? connection.sent - this.cutAfterBytes : 0;
      if (over > 0) {
        this.stats.cut++;
        client.write(chunk.subarray(0, Math.max(0, chunk.length - over)));
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.pipe(upstream);
  }

  /** Starts listening on a free port (or the one it had). @returns {Promise<number>} the port */
  listen(port = this.port ?? 0) {
    return new Promise((ok, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', fail);
        this.port = this.server.address().port;
        ok(this.port);
      });
    });
  }

  /** Resets every open connection (clients see their pooled keep-alive connections dropped). */
  resetConnections() {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /**
   * @param {'pass'|'down'|'truncate'|'blackhole'} mode
   * @param {{cutAfterBytes?: number}} [options] for truncate
   */
  async set(mode, { cutAfterBytes = 16 * 1024 } = {}) {
    if (mode === 'down' || mode === 'blackhole') {
      this.resetConnections();
    }
    if (mode === 'down') {
      if (this.server.listening) await new Promise((r) => this.server.close(() => r()));
    } else if (!this.server.listening) {
      await this.listen(this.port);
    }
    for (const connection of this.connections) connection.sent = 0;
    this.mode = mode;
    this.cutAfterBytes = cutAfterBytes;
  }

  async close() {
    this.resetConnections();
    if (this.server.listening) await new Promise((r) => this.server.close(() => r()));
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
}

/** Ports of the test profile (local/cloud/profiles.mjs) that a port offset moves. */
const TEST_PORTS = { s3: 9100, dynamodb: 8100 };

/**
 * A private local cloud: `local/start --profile test` on the test ports + `offset`, with fresh data in a temporary
 * directory, its own logs, and the upload API and processor reaching S3 and DynamoDB through the given proxies.
 * Resolves once its cloud.json is written.
 * `javaOptions` are more Java system properties for every JVM of the cloud (e.g. where the API fetches its keys).
 * @param {{offset: number, s3Proxy: FaultyProxy, dynamodbProxy: FaultyProxy, javaOptions?: string[], timeoutMs?: number}} options
 * @returns {Promise<{cloud: object, dataDir: string, stop: () => Promise<void>}>}
 */
export async function startPrivateCloud({ offset, s3Proxy, dynamodbProxy, javaOptions: extraOptions = [], timeoutMs = 15 * 60_000 }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fault-cloud-'));
  const logDir = join(dataDir, 'logs');
  const stateFile = join(ROOT, 'local/.data', `test-${offset}`, 'cloud.json');
  const javaOptions = [process.env.JAVA_TOOL_OPTIONS, `-DS3_ENDPOINT=${s3Proxy.url}`, `-DDYNAMODB_ENDPOINT=${dynamodbProxy.url}`, ...extraOptions].filter(Boolean).join(' ');
  const child = spawn(join(ROOT, 'local/start'), ['--profile', 'test', '--port-offset', String(offset), '--data-dir', dataDir, '--log-dir', logDir], {
    cwd: ROOT,
    env: { ...process.env, JAVA_TOOL_OPTIONS: javaOptions },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (d) => { output = (output + d).slice(-20_000); });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let done = false;
  exited.then(() => { done = true; });

  const stop = async () => {
    if (!done) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  while (!existsSync(stateFile)) {
    if (done) {
      await stop();
      const error = new Error(`the private cloud (offset ${offset}) did not start:\n${output.slice(-3000)}`);
      error.portInUse = /already in use/.test(output);
      throw error;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the private cloud (offset ${offset}) was not ready after ${timeoutMs / 1000} s:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const cloud = JSON.parse(readFileSync(stateFile, 'utf8'));
  return { cloud, dataDir, stop, output: () => output };
}

/**
 * Proxies plus a private cloud behind them, on a port offset nobody uses (tries a few random ones).
 * @param {{javaOptions?: string[]}} [options] more Java system properties for the cloud's JVMs
 * @returns {Promise<{cloud: object, s3Proxy: FaultyProxy, dynamodbProxy: FaultyProxy, stop: () => Promise<void>}>}
 */
export async function privateCloudBehindProxies({ javaOptions = [] } = {}) {
  for (let attempt = 1; ; attempt++) {
    // Offsets keep every port below 30000, under Linux's ephemeral range (32768+), and away from the usual clouds.
    const offset = 5000 + 100 * Math.floor(Math.random() * 150);
    const s3Proxy = new FaultyProxy({ name: 's3', upstreamPort: TEST_PORTS.s3 + offset });
    const dynamodbProxy = new FaultyProxy({ name: 'dynamodb', upstreamPort: TEST_PORTS.dynamodb + offset });
    await s3Proxy.listen();
    await dynamodbProxy.listen();
    try {
      const started = await startPrivateCloud({ offset, s3Proxy, dynamodbProxy, javaOptions });
      return {
        ...started,
        s3Proxy,
        dynamodbProxy,
        stop: async () => {
          await started.stop();
          await s3Proxy.close();
          await dynamodbProxy.close();
        },
      };
    } catch (e) {
      await s3Proxy.close();
      await dynamodbProxy.close();
      if (!e.portInUse || attempt >= 3) throw e;
    }
  }
}
