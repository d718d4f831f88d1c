// The HTTP side of the local Lambda front: an API Gateway HTTP API stand-in that turns each HTTP request into a
// payload format 2.0 event (AWS doc "Working with AWS Lambda proxy integrations for HTTP APIs"), has it invoked, and
// turns the function's response back into HTTP, as API Gateway does:
//   - routes from sam/template.yaml (`GET /files/{fileId}` → routeKey and pathParameters); no route: 404; a
//     malformed %-escape in a path parameter: 400
//   - header names lower-cased, repeated fields joined with commas; Cookie headers → `cookies`
//   - bodies of text media types as they are, others base64 (`isBase64Encoded`); above 10 MB: 413, never invoked
//   - response: statusCode, headers, multiValueHeaders, cookies (→ Set-Cookie), body/isBase64Encoded; a response
//     without statusCode is a 200 with the whole response as JSON body; a function error: 500; every response
//     carries `apigw-requestid`
//   - CORS as the HttpApi's CorsConfiguration: preflights answered here, the configured headers on every response of
//     an allowed origin, the function's own Access-Control-* headers dropped
// Not emulated: the JWT authorizer (the function verifies tokens itself), throttling, stages other than $default.
// Only this front adds x-local-lambda-instance, x-local-invocation-start, x-local-invocation-end (the serving
// instance, and epoch milliseconds when it took the event and when its response arrived): tests use them to show
// that invocations overlap.

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { InvocationError } from './lambda-runtime-api.mjs';

/** API Gateway's payload quota for HTTP APIs (AWS doc "Amazon API Gateway quotas"): 10 MB. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)\b|[^;]*\+(json|xml)\b)/i;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `requestContext.time`: `dd/MMM/yyyy:HH:mm:ss +0000`, as API Gateway writes it. */
function requestTime(date) {
  const p = (n) => String(n).padStart(2, '0');
  return `${p(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
}

/** An id of the form API Gateway gives `requestContext.requestId` and `apigw-requestid` (e.g. `JKJaXmPLvHcESHA=`). */
function requestId() {
  return `${randomBytes(10).toString('base64').slice(0, 14)}=`;
}

/** What a matcher returns for a path whose parameter has a malformed %-escape (answered 400, not routed). */
const BAD_ENCODING = Object.freeze({});

/**
 * A matcher for a route path such as `/files/{fileId}` or `/{proxy+}`: returns the path parameters, null when the
 * path does not match, or BAD_ENCODING.
 */
function routeMatcher(path) {
  const names = [];
  const pattern = path.split('/').map((segment) => {
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      names.push(greedy[1]);
      return '(.+)';
    }
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) {
      names.push(param[1]);
      return '([^/]+)';
    }
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  const regex = new RegExp(`^${pattern}$`);
  return (rawPath) => {
    const match = regex.exec(rawPath);
    if (!match) return null;
    try {
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
    } catch (e) {
      if (e instanceof URIError) return BAD_ENCODING; // a malformed %-escape in the path
      throw e;
    }
  };
}

/** Query parameters as payload format 2.0 gives them: decoded, repeated names joined with commas. */
function queryParameters(rawQuery) {
  if (!rawQuery) return undefined;
  const params = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) params[name] = name in params ? `${params[name]},${value}` : value;
  return params;
}

/**
 * The HTTP server of the front.
 * @param {{routes: {method: string, path: string}[], invoke: (event: Buffer) => Promise<{payload: Buffer,
 *   instance: string, startMs: number, endMs: number}>, cors?: {allowOrigins: string[], allowHeaders: string[],
 *   allowMethods: string[], exposeHeaders: string[], maxAge?: number}, apiId?: string, accountId?: string,
 *   region?: string, log?: (line: string) => void}} options invoke: see RuntimeApi.invoke
 * @returns {http.Server}
 */
export function createHttpApi({ routes, invoke, cors, apiId = 'local', accountId = '000000000000', region = 'us-east-1', log = () => {} }) {
  const matchers = routes.map((r) => ({ ...r, routeKey: `${r.method} ${r.path}`, match: routeMatcher(r.path) }));
  const allowedOrigins = new Set((cors?.allowOrigins ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()));
  const domainName = `${apiId}.execute-api.${region}.amazonaws.com`;

  function corsHeaders(origin) {
    if (!cors || !origin || !(allowedOrigins.has('*') || allowedOrigins.has(origin))) return {};
    const headers = { 'access-control-allow-origin': allowedOrigins.has('*') ? '*' : origin };
    if (cors.exposeHeaders.length) headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
    return headers;
  }

  function answer(res, id, status, headers, body, extra = {}) {
    res.writeHead(status, { ...headers, ...extra, 'apigw-requestid': id, 'content-length': body.length });
    res.end(body);
  }

  return http.createServer(async (req, res) => {
    const id = requestId();
    const now = new Date();
    const origin = req.headers.origin;
    const url = new URL(req.url, 'http://front');
    const rawPath = url.pathname;
    const rawQueryString = url.search.slice(1);
    const message = (status, text) => answer(res, id, status, { 'content-type': 'application/json', ...corsHeaders(origin) }, Buffer.from(JSON.stringify({ message: text })));
    try {
      // CORS preflight: API Gateway answers it itself when the API has a CORS configuration.
      if (cors && req.method === 'OPTIONS' && origin && req.headers['access-control-request-method']) {
        req.resume();
        const headers = corsHeaders(origin);
        if (headers['access-control-allow-origin']) {
          headers['access-control-allow-methods'] = cors.allowMethods.join(',');
          headers['access-control-allow-headers'] = cors.allowHeaders.join(',');
          if (cors.maxAge !== undefined) headers['access-control-max-age'] = String(cors.maxAge);
          delete headers['access-control-expose-headers'];
        }
        answer(res, id, 204, headers, Buffer.alloc(0));
        return;
      }
      const chunks = [];
      let size = 0;
      // Read to the end (a client answered before it has sent its body may see a broken connection instead), keeping
      // at most the limit.
      for await (const chunk of req) {
        size += chunk.length;
        if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
      }
      if (size > MAX_REQUEST_BYTES) {
        message(413, 'Request Entity Too Large');
        return;
      }
      const body = Buffer.concat(chunks);
      const route = matchers.map((r) => (r.method === req.method ? { r, params: r.match(rawPath) } : null)).find((m) => m?.params);
      if (!route) {
        message(404, 'Not Found');
        return;
      }
      if (route.params === BAD_ENCODING) {
        message(400, 'Bad Request');
        return;
      }

      const headers = {};
      const cookies = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i].toLowerCase();
        const value = req.rawHeaders[i + 1];
        if (name === 'cookie') cookies.push(...value.split(';').map((c) => c.trim()).filter(Boolean));
        else headers[name] = name in headers ? `${headers[name]},${value}` : value;
      }
      const query = queryParameters(rawQueryString);
      const contentType = headers['content-type'] ?? '';
      const text = body.length === 0 || (TEXT_TYPES.test(contentType) && !headers['content-encoding']);
      const event = {
        version: '2.0',
        routeKey: route.r.routeKey,
        rawPath,
        rawQueryString,
        ...(cookies.length ? { cookies } : {}),
        headers,
        ...(query ? { queryStringParameters: query } : {}),
        requestContext: {
          accountId,
          apiId,
          domainName,
          domainPrefix: apiId,
          http: {
            method: req.method,
            path: rawPath,
            protocol: `HTTP/${req.httpVersion}`,
            sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
            userAgent: headers['user-agent'] ?? '',
          },
          requestId: id,
          routeKey: route.r.routeKey,
          stage: '$default',
          time: requestTime(now),
          timeEpoch: now.getTime(),
        },
        ...(Object.keys(route.params).length ? { pathParameters: route.params } : {}),
        ...(body.length ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
        isBase64Encoded: !text,
      };

      let result;
      try {
        result = await invoke(Buffer.from(JSON.stringify(event)));
      } catch (e) {
        if (!(e instanceof InvocationError)) throw e;
        log(`${req.method} ${rawPath}: ${e.message}`);
        const timing = e.instance ? { 'x-local-lambda-instance': e.instance, 'x-local-invocation-start': String(e.startMs), 'x-local-invocation-end': String(e.endMs) } : {};
        if (e.kind === 'too-large') message(413, 'Request Entity Too Large');
        else answer(res, id, 500, { 'content-type': 'application/json', ...corsHeaders(origin) }, Buffer.from('{"message":"Internal Server Error"}'), timing);
        return;
      }
      const timing = {
        'x-local-lambda-instance': result.instance,
        'x-local-invocation-start': String(result.startMs),
        'x-local-invocation-end': String(result.endMs),
      };
      let response;
      try {
        response = JSON.parse(result.payload.toString('utf8'));
      } catch {
        answer(res, id, 500, { 'content-type': 'application/json', ...corsHeaders(origin) }, Buffer.from('{"message":"Internal Server Error"}'), timing);
        return;
      }
      // Payload format 2.0: a response without statusCode is taken as the body of a 200 JSON answer.
      if (!response || typeof response !== 'object' || response.statusCode === undefined) {
        answer(res, id, 200, { 'content-type': 'application/json', ...corsHeaders(origin) }, Buffer.from(result.payload), timing);
        return;
      }
      const out = {};
      const add = (name, value) => {
        const key = name.toLowerCase();
        if (key.startsWith('access-control-') && cors) return; // API Gateway's CORS configuration wins
        if (['content-length', 'transfer-encoding', 'connection'].includes(key)) return;
        out[key] = out[key] === undefined ? value : [].concat(out[key], value);
      };
      for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) for (const v of [].concat(values)) add(name, String(v));
      for (const [name, value] of Object.entries(response.headers ?? {})) if (!(name.toLowerCase() in out)) add(name, String(value));
      if (Array.isArray(response.cookies) && response.cookies.length) out['set-cookie'] = response.cookies.map(String);
      const payload = response.body === undefined || response.body === null ? Buffer.alloc(0)
        : Buffer.from(String(response.body), response.isBase64Encoded ? 'base64' : 'utf8');
      answer(res, id, Number(response.statusCode), { ...out, ...corsHeaders(origin) }, payload, timing);
    } catch (e) {
      log(`${req.method} ${rawPath}: ${e.stack ?? e}`);
      if (!res.headersSent) message(500, 'Internal Server Error');
      else res.destroy();
    }
  });
}
