// A stand-in for the AWS Lambda Runtime API (AWS doc "Using the Lambda runtime API for custom runtimes"), for the
// local Lambda front: one queue of invocations, served by N function instances. Each instance gets its own endpoint
// (its AWS_LAMBDA_RUNTIME_API, host:port, as each Lambda execution environment has its own), polls
//   GET  /2018-06-01/runtime/invocation/next          → the event, with the Lambda-Runtime-* headers
//   POST /2018-06-01/runtime/invocation/{id}/response  → the function's result
//   POST /2018-06-01/runtime/invocation/{id}/error     → a function error
//   POST /2018-06-01/runtime/init/error                → an initialisation error
// and takes one invocation at a time: an invocation waits in the queue until an instance asks for the next one.

import http from 'node:http';
import { randomUUID, randomBytes } from 'node:crypto';

const BASE = '/2018-06-01/runtime/';
/** Lambda's cap on a synchronous invocation's request and response payloads (AWS doc "Lambda quotas"): 6 MB. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Why an invocation did not return a result: `error` (the function reported one), `timeout`, `too-large`. */
export class InvocationError extends Error {
  /**
   * @param {'error'|'timeout'|'too-large'} kind
   * @param {string} message
   * @param {{instance?: string, startMs?: number, endMs?: number, body?: Buffer}} [details]
   */
  constructor(kind, message, details = {}) {
    super(message);
    this.kind = kind;
    Object.assign(this, details);
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function listen(server) {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok(server));
  });
}

/** An X-Ray trace header of the documented form `Root=1-<8 hex epoch s>-<24 hex>;Sampled=0`. */
function traceId(nowMs) {
  return `Root=1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')};Sampled=0`;
}

export class RuntimeApi {
  /**
   * @param {{functionArn: string, timeoutMs: number, log?: (line: string) => void}} options
   *   functionArn: the Lambda-Runtime-Invoked-Function-Arn header; timeoutMs: the function's Timeout (each
   *   invocation's deadline, Lambda-Runtime-Deadline-Ms, is its start plus this). An invocation past its deadline
   *   fails with `timeout`; unlike Lambda, its instance is not replaced: it stays busy until its handler returns,
   *   and its late response is refused.
   */
  constructor({ functionArn, timeoutMs, log = () => {} }) {
    this.functionArn = functionArn;
    this.timeoutMs = timeoutMs;
    this.log = log;
    this.queue = [];
    this.inFlight = new Map(); // request id -> invocation
    this.idle = []; // {instance, res}: /next calls waiting for an invocation
    this.servers = [];
    this.initErrors = new Map(); // instance -> the last init error document
    /** The instances that have asked for an invocation at least once: their init phase is over. */
    this.initialised = new Set();
  }

  /**
   * Opens the Runtime API endpoint of one instance (a free port on 127.0.0.1).
   * @param {string} instance the instance's name, reported with each invocation it serves
   * @returns {Promise<string>} its AWS_LAMBDA_RUNTIME_API value, `127.0.0.1:<port>`
   */
  async addInstance(instance) {
    const server = http.createServer((req, res) => {
      this.handle(instance, req, res).catch((e) => {
        this.log(`runtime API (${instance}): ${e.message}`);
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    // A /next call waits as long as no invocation comes: no request timeout.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 0;
    this.servers.push(await listen(server));
    return `127.0.0.1:${server.address().port}`;
  }

  /**
   * Queues one invocation and waits for its result.
   * @param {Buffer} event the event JSON
   * @returns {Promise<{payload: Buffer, instance: string, requestId: string, startMs: number, endMs: number}>}
   *   startMs/endMs: epoch milliseconds when an instance took the event and when its response arrived
   * @throws {InvocationError} `too-large` (event above 6 MB, never queued), `error`, `timeout`
   */
  invoke(event) {
    if (event.length > MAX_PAYLOAD_BYTES) {
      return Promise.reject(new InvocationError('too-large', `event of ${event.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`));
    }
    return new Promise((resolve, reject) => {
      const invocation = { id: randomUUID(), event, resolve, reject };
      this.queue.push(invocation);
      this.dispatch();
    });
  }

  /** Hands queued invocations to instances waiting in /next, oldest first on both sides. */
  dispatch() {
    while (this.queue.length && this.idle.length) {
      const { instance, res } = this.idle.shift();
      if (res.destroyed || res.socket?.destroyed) continue;
      const invocation = this.queue.shift();
      const startMs = Date.now();
      Object.assign(invocation, { instance, startMs });
      this.inFlight.set(invocation.id, invocation);
      invocation.timer = setTimeout(() => this.expire(invocation), this.timeoutMs);
      res.writeHead(200, {
        'content-type': 'application/json',
        'lambda-runtime-aws-request-id': invocation.id,
        'lambda-runtime-deadline-ms': String(startMs + this.timeoutMs),
        'lambda-runtime-invoked-function-arn': this.functionArn,
        'lambda-runtime-trace-id': traceId(startMs),
        'content-length': invocation.event.length,
      });
      res.end(invocation.event);
    }
  }

  expire(invocation) {
    if (!this.inFlight.delete(invocation.id)) return;
    const endMs = Date.now();
    this.log(`invocation ${invocation.id} on ${invocation.instance} timed out after ${this.timeoutMs} ms`);
    invocation.reject(new InvocationError('timeout', `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds`, {
      instance: invocation.instance, startMs: invocation.startMs, endMs,
    }));
  }

  async handle(instance, req, res) {
    const path = new URL(req.url, 'http://runtime').pathname;
    const body = await readBody(req);
    if (!path.startsWith(BASE)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errorMessage":"not a Runtime API path","errorType":"InvalidRequest"}');
      return;
    }
    const rest = path.slice(BASE.length).split('/');
    if (req.method === 'GET' && rest[0] === 'invocation' && rest[1] === 'next' && rest.length === 2) {
      this.initErrors.delete(instance);
      this.initialised.add(instance);
      this.idle.push({ instance, res });
      // A client that gives up on its /next call must not be handed an invocation.
      res.on('close', () => {
        this.idle = this.idle.filter((waiting) => waiting.res !== res);
      });
      this.dispatch();
      return;
    }
    if (req.method === 'POST' && rest[0] === 'init' && rest[1] === 'error') {
      this.initErrors.set(instance, body.toString('utf8'));
      this.log(`${instance}: init error ${body.toString('utf8')}`);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
      return;
    }
    if (req.method === 'POST' && rest[0] === 'invocation' && rest.length === 3 && ['response', 'error'].includes(rest[2])) {
      const invocation = this.inFlight.get(rest[1]);
      if (!invocation || invocation.instance !== instance) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"errorMessage":"unknown or finished request id","errorType":"InvalidRequestID"}');
        return;
      }
      this.inFlight.delete(invocation.id);
      clearTimeout(invocation.timer);
      const details = { instance, requestId: invocation.id, startMs: invocation.startMs, endMs: Date.now() };
      if (rest[2] === 'error') {
        invocation.reject(new InvocationError('error', `function error: ${body.toString('utf8')}`, { ...details, body }));
      } else if (body.length > MAX_PAYLOAD_BYTES) {
        invocation.reject(new InvocationError('too-large', `response of ${body.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`, details));
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"errorMessage":"Response payload size exceeded maximum allowed payload size","errorType":"RequestEntityTooLarge"}');
        return;
      } else {
        invocation.resolve({ payload: body, ...details });
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"OK"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errorMessage":"unknown Runtime API call","errorType":"InvalidRequest"}');
  }
}
