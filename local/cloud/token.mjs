// local/token EMAIL PASSWORD [--access] [--profile dev|test] [--port-offset N]: prints an ID token (or access token)
// for a user of the running local cloud, signing in with USER_PASSWORD_AUTH like the page does. No AWS CLI needed.
// local/add-user EMAIL PASSWORD [--profile dev|test] [--port-offset N]: adds a confirmed user with a permanent
// password (or resets it). --profile and --port-offset name the cloud as local/start was given them.

import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureUser, signIn } from '../../lib/cognito.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const USAGE = {
  token: 'usage: local/token EMAIL PASSWORD [--access] [--profile dev|test] [--port-offset N]',
  addUser: 'usage: local/add-user EMAIL PASSWORD [--profile dev|test] [--port-offset N]',
};

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      'port-offset': { type: 'string' },
      access: { type: 'boolean', default: false },
      'add-user': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (e) {
  process.stderr.write(`${e.message}\n${process.argv.includes('--add-user') ? USAGE.addUser : USAGE.token}\n`);
  process.exit(2);
}
const usage = values['add-user'] ? USAGE.addUser : USAGE.token;
if (values.help) {
  process.stdout.write(`${usage}\n  Without --profile: the dev cloud, else the first running one under local/.data/.\n`);
  process.exit(0);
}

/** The state directory's name, as local/start makes it: the profile, with `-<offset>` when an offset was given. */
function cloudName() {
  const offset = Number(values['port-offset'] ?? 0);
  if (!Number.isInteger(offset) || offset < 0) throw new Error(`--port-offset must be a whole number (${usage})`);
  if (!offset) return values.profile;
  return `${values.profile ?? 'dev'}-${offset}`;
}

function state() {
  const base = join(ROOT, 'local/.data');
  const name = cloudName();
  const names = name ? [name] : ['dev', ...(existsSync(base) ? readdirSync(base).filter((n) => n !== 'dev') : [])];
  for (const name of names) {
    const file = join(base, name, 'cloud.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  }
  throw new Error(`no local cloud ${names.length === 1 ? `"${names[0]}" ` : ''}is running (start it with local/start)`);
}

try {
  const [username, password] = positionals;
  if (!username || !password) throw new Error(usage);
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
