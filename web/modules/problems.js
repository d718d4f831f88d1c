// Errors the page shows to people, and how it reads JSON answers: RFC 9457 problem documents of the upload API
// (docs/design.md, "HTTP API") and Cognito's error bodies. No DOM access, so Node can import it too.

export const SESSION_EXPIRED = 'Your session has expired — sign in again.';

/** An error whose message is written for people; `status`/`code` come from the API's problem JSON when known. */
export class UserError extends Error {
  constructor(message, { status = 0, code = '', cause } = {}) {
    super(message, { cause });
    this.status = status;
    this.code = code;
  }
}

/** Raised when the API answered 401 or the token's `exp` has passed; the page has already signed out. */
export class SessionExpiredError extends UserError {
  constructor() {
    super(SESSION_EXPIRED, { status: 401, code: 'invalid_token' });
  }
}

/** The JSON object of a response body; `{}` for an empty body, a body that is not JSON, or JSON that is no object. */
export async function readJson(response) {
  return parseObject(await response.text());
}

/** `text` parsed as a JSON object; `{}` when it is empty, not JSON, or not an object. */
export function parseObject(text) {
  if (!text) return {};
  try {
    const value = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

/** The sentence to show for a failed API answer: the problem JSON's `detail`, else its title, else the status. */
export function problemMessage(status, body) {
  if (body && typeof body.detail === 'string' && body.detail) return body.detail;
  if (body && typeof body.title === 'string' && body.title) return `${body.title} (HTTP ${status}).`;
  if (body && typeof body.message === 'string' && body.message) return `${body.message} (HTTP ${status}).`;
  return `The server answered HTTP ${status}.`;
}
