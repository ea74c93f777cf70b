import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { testDatabaseUrl } from './test-environment';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/risk-engine/main.js');
let built = false;

/** Builds the engine bundle once per test run, as `npm run build` does. */
export function buildEngineOnce(): void {
  if (built) return;
  execFileSync('npx', ['nest', 'build', 'risk-engine'], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(MAIN)) throw new Error(`the build did not produce ${MAIN}`);
  built = true;
}

/** The engine as a real operating-system process, so tests can kill it like an operator or a crash would. */
export class EngineProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  readonly port: number;
  readonly logFile: string;

  constructor(
    private readonly name: string,
    private readonly env: Record<string, string> = {},
  ) {
    // Below Linux's ephemeral range (32768-60999), where outgoing connections could hold the port.
    this.port = 20_000 + Math.floor(Math.random() * 12_000);
    this.logFile = join(ROOT, `.stack/test-logs/${name}.log`);
  }

  start(): this {
    buildEngineOnce();
    mkdirSync(join(ROOT, '.stack/test-logs'), { recursive: true });
    const log = createWriteStream(this.logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: testDatabaseUrl(),
        PORT: String(this.port),
        LOG_LEVEL: 'log',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    const child = this.child;
    this.exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit(signal ? -1 : code)));
    return this;
  }

  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null || this.child?.signalCode !== null) throw new Error(`${this.name} exited during start-up`);
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms`);
  }

  /** Resolves with the exit code, or -1 when a signal ended the process. */
  waitForExit(timeoutMs = 60_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms`)), timeoutMs);
    });
    // The timer is cleared once the race is decided, so it does not keep jest waiting after the tests.
    return Promise.race([this.exited, timeout]).finally(() => clearTimeout(timer));
  }

  /** What this process wrote to its log file (which collects every run of this name). */
  logText(): Promise<string> {
    return new Promise((resolveText) => setTimeout(() => resolveText(readFileSync(this.logFile, 'utf8')), 200));
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.waitForExit(30_000);
  }
}
