// Child processes of the local cloud: each in its own process group (so Maven's forked JVM, npm shims and the like
// stop with it), output appended to one log file per child and optionally echoed to the console with a
// `[name]` prefix, stopped group by group (SIGTERM, then SIGKILL).

import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const STOP_GRACE_MS = 15000;

/** True while a process with this id exists. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function commandLine(pid) {
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export class Supervisor {
  /**
   * @param {{logDir: string, registry: string, log: (line: string) => void, echo?: boolean}} options
   *   registry: JSON file `{supervisor, children: [{pid, name, command}]}`, used to clean up after a crash;
   *   echo: also print the children's output on the console
   */
  constructor({ logDir, registry, log, echo = false }) {
    this.logDir = logDir;
    this.echo = echo;
    this.registry = registry;
    this.log = log;
    this.children = [];
    this.stopping = false;
    mkdirSync(logDir, { recursive: true });
  }

  /**
   * Stops the process groups a previous supervisor left behind (it was killed without stopping them). A group is
   * stopped only if its leader still runs the recorded command, so a reused process id is never hit.
   */
  async reapLeftovers() {
    if (!existsSync(this.registry)) return;
    let registry = {};
    try {
      registry = JSON.parse(readFileSync(this.registry, 'utf8'));
    } catch {
      registry = {};
    }
    // Its supervisor still runs: the children are not left over, they are someone else's.
    if (registry.supervisor && registry.supervisor !== process.pid && alive(registry.supervisor)) return;
    for (const { pid, name, command } of registry.children ?? []) {
      if (alive(pid) && commandLine(pid) === command) {
        this.log(`stopping ${name} (pid ${pid}) left over from an earlier run`);
        await stopGroup(pid);
      }
    }
    rmSync(this.registry, { force: true });
  }

  /**
   * Starts a child in its own process group.
   * @param {string} name short name, also the log file name (<logDir>/<name>.log)
   * @param {string} command
   * @param {string[]} args
   * @param {{cwd?: string, env?: object, inheritEnv?: boolean,
   *   onExit?: (code: number|null, signal: string|null) => void}} [options] env: added to this process's environment,
   *   or with inheritEnv false the child's whole environment
   */
  start(name, command, args, { cwd, env, inheritEnv = true, onExit } = {}) {
    const logFile = join(this.logDir, `${name}.log`);
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(command, args, { cwd, env: inheritEnv ? { ...process.env, ...env } : env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        out.write(`${line}\n`);
        if (this.echo) process.stdout.write(`[${name}] ${line}\n`);
      });
    }
    child.on('close', () => out.end());
    const entry = { name, child, logFile, exited: false };
    entry.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        entry.exited = true;
        resolve();
        if (!this.stopping && onExit) onExit(code, signal);
      });
    });
    child.on('error', (e) => this.log(`${name}: ${e.message}`));
    this.children.push(entry);
    this.saveRegistry();
    return entry;
  }

  saveRegistry() {
    const children = this.children.filter((c) => !c.exited && c.child.pid)
      .map((c) => ({ pid: c.child.pid, name: c.name, command: commandLine(c.child.pid) }));
    writeFileSync(this.registry, JSON.stringify({ supervisor: process.pid, children }, null, 2));
  }

  /** Stops every child, newest first, and waits for them. */
  async stopAll() {
    this.stopping = true;
    for (const entry of [...this.children].reverse()) {
      if (!entry.exited && entry.child.pid) await stopGroup(entry.child.pid, entry.exit);
    }
    rmSync(this.registry, { force: true });
  }
}

async function stopGroup(pgid, exited) {
  const signal = (sig) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const gone = exited ?? new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!alive(pgid)) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
  });
  const timeout = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS, 'timeout'));
  if ((await Promise.race([gone, timeout])) === 'timeout') signal('SIGKILL');
  // Children of the group (e.g. the JVM Maven forked) may outlive its leader briefly.
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) signal('SIGKILL');
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
