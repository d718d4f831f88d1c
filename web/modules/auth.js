// Who is signed in: Cognito sign-in (InitiateAuth, USER_PASSWORD_AUTH), the ID token's readable claims, and the
// session that keeps the token in this tab's sessionStorage until it expires or the user signs out. No DOM access:
// the browser tests import cognitoSignIn from here to get tokens exactly as the page does.

import { SessionExpiredError, UserError, readJson } from './problems.js';

const TOKEN_KEY = 'fileUpload.idToken'; // sessionStorage key: the token lives only as long as this tab

/** The signed-in session, `{ token, claims, expiresAt (ms) }`, or null. */
export let session = null;
/** Bumped on every sign-in and sign-out, so that late answers of an old session are ignored. */
export let generation = 0;
let sessionTimer = 0;
let onExpired = () => {};

/** Decodes a JWT's payload (no signature check: the API verifies the token; the page only reads who and until when). */
export function decodeJwt(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new UserError('This is not a token: a JWT has three parts separated by dots.');
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof claims !== 'object' || claims === null) throw new TypeError('payload is not an object');
    return claims;
  } catch (error) {
    throw new UserError('This token could not be read: its middle part is not base64url-encoded JSON.', { cause: error });
  }
}

/** The name to show for a token's user: email, else user name, else `sub`. */
export function displayName(claims) {
  return claims.email || claims['cognito:username'] || claims.username || claims.sub || 'unknown user';
}

/** Maps Cognito's error `__type` (AWS API reference, InitiateAuth "Errors") to a sentence for people. */
function cognitoMessage(type, message) {
  if (/attempts exceeded/i.test(message)) return 'Too many failed attempts. Wait a few minutes, then try again.';
  switch (type) {
    case 'NotAuthorizedException':
    case 'InvalidPasswordException': // what cognito-local answers for a wrong password
    case 'UserNotFoundException':
      return 'Incorrect email/username or password.';
    case 'UserNotConfirmedException':
      return 'This account is not confirmed yet. Confirm it, then sign in.';
    case 'PasswordResetRequiredException':
      return 'This account needs a password reset before it can sign in.';
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return 'Too many sign-in attempts right now. Wait a moment, then try again.';
    case 'InvalidParameterException':
      return /USER_PASSWORD_AUTH/.test(message)
        ? 'This app client does not allow password sign-in. Use an ID token instead.'
        : 'Enter your email or username and your password.';
    case 'ResourceNotFoundException':
      return 'The sign-in service does not know this app client. The page configuration is out of date.';
    default:
      return `Sign-in failed${message ? `: ${message}` : '.'}`;
  }
}

/**
 * POSTs InitiateAuth (USER_PASSWORD_AUTH) to `config.cognitoEndpoint` for the app client `config.clientId` (the
 * page's config.js, docs/design.md "Web page configuration"); resolves to the ID token (a JWT) or throws UserError.
 */
export async function cognitoSignIn(config, username, password) {
  let response;
  try {
    response = await fetch(config.cognitoEndpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: config.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    });
  } catch (error) {
    throw new UserError('Could not reach the sign-in service. Check your connection, then try again.', { cause: error });
  }
  const body = await readJson(response);
  if (!response.ok) {
    const type = String(body.__type || '').split('#').pop();
    throw new UserError(cognitoMessage(type, String(body.message || body.Message || '')), { status: response.status, code: type });
  }
  if (body.ChallengeName) {
    throw new UserError(`This account must complete a sign-in step this page does not offer (${body.ChallengeName}). `
      + 'Sign in once with the AWS console or CLI, then come back.');
  }
  const token = body.AuthenticationResult && body.AuthenticationResult.IdToken;
  if (!token) throw new UserError('The sign-in service answered without an ID token.');
  return token;
}

/** Whether there is no session or its token's `exp` has passed. */
export function isExpired() {
  return !session || Date.now() >= session.expiresAt;
}

/** Sets what runs when the session's token expires or the API refuses it (the page signs out and says why). */
export function whenExpired(handler) {
  onExpired = handler;
}

/** Runs the expiry handler: called when the token's `exp` passes or the API answers 401. */
export function expireSession() {
  onExpired();
}

/**
 * Validates a token's readable claims against the page's configuration (`clientId`, `userPoolId`), then starts a
 * session with it and keeps it in sessionStorage. Throws UserError for a token of another client or pool, or
 * without `exp`; SessionExpiredError when its `exp` has passed.
 */
export function startSession(config, token) {
  const claims = decodeJwt(token);
  if (typeof claims.exp !== 'number') throw new UserError('This token has no expiry time (exp), so it cannot be used.');
  const appClient = claims.token_use === 'access' ? claims.client_id : claims.aud;
  if (appClient && appClient !== config.clientId) {
    throw new UserError('This token was issued for another app client; sign in here or use a token for this site.');
  }
  if (config.userPoolId && claims.iss && !String(claims.iss).endsWith(`/${config.userPoolId}`)) {
    throw new UserError('This token was issued by another user pool; sign in here or use a token for this site.');
  }
  const expiresAt = claims.exp * 1000;
  if (Date.now() >= expiresAt) throw new SessionExpiredError();

  generation += 1;
  session = { token, claims, expiresAt };
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage may be disabled; the session then lasts as long as the page.
  }
  clearTimeout(sessionTimer);
  sessionTimer = setTimeout(() => expireSession(), Math.min(expiresAt - Date.now(), 2 ** 31 - 1));
  return session;
}

/** Ends the session and forgets its token. */
export function endSession() {
  generation += 1;
  session = null;
  clearTimeout(sessionTimer);
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // nothing stored
  }
}

/** The token an earlier page load of this tab kept, or ''. */
export function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}
