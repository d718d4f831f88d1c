// Calls to a Cognito user pools endpoint (cognito-local or AWS) over its JSON API (AWS JSON 1.1, target prefix
// AWSCognitoIdentityProviderService), without the AWS CLI: provisioning the local pool, client and users, and
// signing in with USER_PASSWORD_AUTH. A plain client that starts nothing, shared by the local cloud (local/cloud),
// the operations tools (ops/) and the tests, so that none of them imports another's modules.

/**
 * One API call.
 * @param {string} endpoint e.g. http://localhost:9229
 * @throws {Error} with `type` (e.g. UserNotFoundException) for an error answer
 */
export async function cognito(endpoint, operation, input) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      // cognito-local reads the region and account from a (not verified) SigV4 header for admin calls.
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20200101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(input),
  });
  const text = await res.text();
  const answer = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const type = String(answer.__type ?? answer.code ?? 'Error').split('#').pop();
    throw Object.assign(new Error(`${operation}: ${type}: ${answer.message ?? text}`), { type });
  }
  return answer;
}

/**
 * Signs in with USER_PASSWORD_AUTH (the public app client has no secret).
 * @returns {Promise<{IdToken: string, AccessToken: string, RefreshToken: string, ExpiresIn: number, TokenType: string}>}
 */
export async function signIn(endpoint, clientId, username, password) {
  const answer = await cognito(endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  if (!answer.AuthenticationResult) throw new Error(`InitiateAuth: no tokens (challenge ${answer.ChallengeName})`);
  return answer.AuthenticationResult;
}

/**
 * Makes sure a user pool named `poolName` with an app client named `clientName` (public, USER_PASSWORD_AUTH) and
 * the given users (confirmed, permanent password, verified email) exist; reuses what exists, never duplicates.
 * @param {{endpoint: string, poolName: string, clientName: string, users: Array<{username: string, password: string}>}} options
 * @returns {Promise<{poolId: string, clientId: string}>}
 */
export async function provision({ endpoint, poolName, clientName, users }) {
  const pools = (await cognito(endpoint, 'ListUserPools', { MaxResults: 60 })).UserPools ?? [];
  let poolId = pools.find((p) => p.Name === poolName)?.Id;
  if (!poolId) {
    poolId = (await cognito(endpoint, 'CreateUserPool', {
      PoolName: poolName,
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: false } },
    })).UserPool.Id;
  }
  const clients = (await cognito(endpoint, 'ListUserPoolClients', { UserPoolId: poolId, MaxResults: 60 })).UserPoolClients ?? [];
  let clientId = clients.find((c) => c.ClientName === clientName)?.ClientId;
  if (!clientId) {
    clientId = (await cognito(endpoint, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: clientName,
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })).UserPoolClient.ClientId;
  }
  for (const { username, password } of users) await ensureUser(endpoint, poolId, username, password);
  return { poolId, clientId };
}

/**
 * Creates the user (an email address, also its `email` attribute) if missing; always (re)sets the password as
 * permanent so the seeded password works. Looks the user up with ListUsers rather than AdminGetUser, whose
 * UserNotFoundException answer would put an error into the emulator's log on every first start.
 */
export async function ensureUser(endpoint, poolId, username, password) {
  const filter = `email = "${username.replace(/["\\]/g, '\\$&')}"`;
  const { Users = [] } = await cognito(endpoint, 'ListUsers', { UserPoolId: poolId, Filter: filter, Limit: 1 });
  if (Users.length === 0) {
    try {
      await cognito(endpoint, 'AdminCreateUser', {
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: username }, { Name: 'email_verified', Value: 'true' }],
      });
    } catch (e) {
      // The filter missed it (cognito-local reads no escapes in filter values) or it was created meanwhile.
      if (e.type !== 'UsernameExistsException') throw e;
    }
  }
  await cognito(endpoint, 'AdminSetUserPassword', { UserPoolId: poolId, Username: username, Password: password, Permanent: true });
}
