// The options and ports of local/start. Its own module whose only import (profiles.mjs) has no dependencies, so
// `local/start --help` works before npm ci. The ports are generated from PROFILES and PORT_NAMES, so a port added
// there shows up here.

import { PORT_NAMES, PROFILES } from './profiles.mjs';

/** The options of local/start: [flag, what it does]. */
const OPTIONS = [
  ['--profile dev', 'development: data kept in local/.data/dev, user demo@example.com (default)'],
  ['--profile test', 'tests: fresh data every run, users alice@example.com and bob@example.com'],
  ['--port-offset N', 'add N to every port below (run a second cloud beside another one)'],
  ['--data-dir DIR', 'emulator data here instead of the profile\'s default'],
  ['--log-dir DIR', 'logs here instead of <state dir>/logs (one file per process)'],
  ['--no-apps', 'emulators, pipe and workflow only (run the upload API and processor yourself)'],
  ['--api-instances N', 'also the local Lambda front: the packaged upload function as N (1-64) concurrent instances (jar built when stale)'],
  ['--quiet, -q', 'dev profile: do not echo the processes\' output (it is always in the log files)'],
  ['--help, -h', 'this text'],
];

/** Java debugger (JDWP) ports of the apps in Quarkus dev mode, by the app's port key. */
const DEBUG_NAMES = { api: 'upload API debugger (JDWP)', processor: 'processor debugger (JDWP)' };

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => `  ${r.map((c, i) => String(c).padEnd(widths[i])).join('   ')}`.trimEnd()).join('\n');
}

function portRows() {
  const names = Object.keys(PROFILES);
  const rows = [['what', ...names]];
  for (const [key, name] of Object.entries(PORT_NAMES)) rows.push([name, ...names.map((p) => PROFILES[p].ports[key] ?? '-')]);
  for (const [key, name] of Object.entries(DEBUG_NAMES)) rows.push([name, ...names.map((p) => PROFILES[p].debugPorts?.[key] || 'off')]);
  return rows;
}

export const USAGE = `Usage: local/start [options]

Runs the whole system on this machine: the emulators, the pipe and workflow, the upload API and the processor in
Quarkus dev mode (live reload), and the web page. Ctrl-C stops all of it.

Options:
${table(OPTIONS)}

Ports (every one moves by --port-offset N):
${table(portRows())}

Endpoints and ids of a running cloud: local/.data/<profile>[-<offset>]/cloud.env (shell) and cloud.json.
@QuarkusTest suites (./mvnw verify) answer on 8081 (upload API) and 8083 (processor). docs/design.md, "Local ports".`;

// Run directly (node local/cloud/usage.mjs): print the usage.
if (import.meta.url === `file://${process.argv[1]}`) console.log(USAGE);
