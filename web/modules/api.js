// The upload API client: fetch with the session's ID token, JSON in and out, RFC 9457 problem documents turned into
// UserError (status, code and the problem's members), 401 into a signed-out page (docs/design.md, "HTTP API").

import { expireSession, generation, isExpired, session } from './auth.js';
import { SessionExpiredError, UserError, problemMessage, readJson } from './problems.js';
import { config } from './settings.js';

/** GETs an API path with the session's token; resolves to the JSON body or throws UserError/SessionExpiredError. */
export function apiGet(path) {
  return apiCall('GET', path);
}

/**
 * Calls the API with the session's token and an optional JSON body; resolves to the JSON answer (`{}` for 204) or
 * throws UserError (with the problem's status and code) or SessionExpiredError.
 */
export async function apiCall(method, path, json) {
  if (isExpired()) {
    expireSession();
    throw new SessionExpiredError();
  }
  const started = generation;
  let response;
  try {
    const headers = { Authorization: `Bearer ${session.token}`, Accept: 'application/json' };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    response = await fetch(`${config.apiUrl}${path}`, {
      method, headers, body: json === undefined ? undefined : JSON.stringify(json),
    });
  } catch (error) {
    if (started === generation && isExpired()) {
      expireSession();
      throw new SessionExpiredError();
    }
    throw new UserError('Could not reach the file service. Check your connection, then try again.', { cause: error });
  }
  const body = await readJson(response);
  if (response.status === 401) {
    if (started === generation) expireSession();
    throw new SessionExpiredError();
  }
  if (!response.ok) {
    throw new UserError(problemMessage(response.status, body), { status: response.status, code: body.code || '' });
  }
  return body;
}
