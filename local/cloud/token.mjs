// local/token EMAIL PASSWORD [--access] [--profile dev|test]: prints an ID token (or access token) for a user of the
// running local cloud, signing in with USER_PASSWORD_AUTH like the page does. No AWS CLI needed.
// local/add-user EMAIL PASSWORD [--profile ...]: adds a confirmed user with a permanent password (or resets it).

import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureUser, signIn } from '../../lib/cognito.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { profile: { type: 'string' }, access: { type: 'boolean', default: false }, 'add-user': { type: 'boolean', default: false } },
});

function state() {
  const base = join(ROOT, 'local/.data');
  const names = values.profile ? [values.profile] : ['dev', ...(existsSync(base) ? readdirSync(base).filter((n) => n !== 'dev') : [])];
  for (const name of names) {
    const file = join(base, name, 'cloud.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  throw new Error('no local cloud is running (start it with local/start)');
}

try {
  const [username, password] = positionals;
  if (!username || !password) throw new Error(values['add-user'] ? 'usage: local/add-user EMAIL PASSWORD [--profile dev|test]' : 'usage: local/token EMAIL PASSWORD [--access] [--profile dev|test]');
  const { cognito } = state();
  if (values['add-user']) {
    await ensureUser(cognito.endpoint, cognito.userPoolId, username, password);
    process.stdout.write(`${username} can sign in with that password.\n`);
  } else {
    const tokens = await signIn(cognito.endpoint, cognito.clientId, username, password);
    process.stdout.write(`${values.access ? tokens.AccessToken : tokens.IdToken}\n`);
  }
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
