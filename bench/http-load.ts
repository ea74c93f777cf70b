/**
 * The HTTP load driver of bench:http and bench:e2e: `POST /v1/risk-assessments` offered open loop
 * (each request sent on schedule, whether or not earlier ones were answered) over keep-alive
 * HTTP/1.1 connections on plain sockets. Each request is one prepared buffer written in one call,
 * and a response is read only as far as its status and Content-Length. Node's own HTTP client
 * spent 16-21% of a core at 500 requests a second on the machine the engine, PostgreSQL and the
 * broker share; a clearance system calls from a machine of its own (ADR 0009).
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface OfferedLoad {
  /** Response times of the requests answered 200, in ms. */
  latencies: number[];
  /** When each of them was sent (ms since the epoch: `performance.timeOrigin + performance.now()`), in the order of `latencies`. */
  sentAt: number[];
  /** Failed requests by kind (`HTTP 500`, `connection ECONNRESET`). */
  errors: Map<string, number>;
  seconds: number;
}

type Outcome = { status: number; sentAt: number; ms: number; error?: string };

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

/** One keep-alive connection carrying one request at a time. */
class DriverConnection {
  private readonly socket: Socket;
  private received: Buffer = Buffer.alloc(0);
  private current: { started: number; settle: (outcome: Outcome) => void } | null = null;
  private closed = false;

  constructor(
    port: number,
    private readonly release: (connection: DriverConnection) => void,
  ) {
    this.socket = connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(`connection ${error.code ?? error.message}`));
    this.socket.on('close', () => this.fail('connection closed'));
  }

  get usable(): boolean {
    return !this.closed;
  }

  send(request: Buffer): Promise<Outcome> {
    return new Promise((settle) => {
      this.current = { started: performance.now(), settle };
      this.socket.write(request);
    });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const headerEnd = this.received.indexOf(HEADER_END);
    if (headerEnd < 0 || !this.current) return;
    const head = this.received.toString('latin1', 0, headerEnd);
    if (/\r\ntransfer-encoding:/i.test(head)) {
      this.fail('a response without Content-Length (this driver reads no other)');
      this.socket.destroy();
      return;
    }
    const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
    const end = headerEnd + HEADER_END.length + length;
    if (this.received.length < end) return;
    this.received = this.received.subarray(end);
    const { started, settle } = this.current;
    this.current = null;
    settle({ status: Number(head.slice(9, 12)), sentAt: performance.timeOrigin + started, ms: performance.now() - started });
    this.release(this);
  }

  private fail(error: string): void {
    this.closed = true;
    const current = this.current;
    this.current = null;
    current?.settle({ status: 0, sentAt: performance.timeOrigin + current.started, ms: performance.now() - current.started, error });
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The bytes of one `POST /v1/risk-assessments` carrying `body`. */
export function assessmentRequest(body: string): Buffer {
  const payload = Buffer.from(body);
  const head = `POST /v1/risk-assessments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/**
 * Offers `bodies` to `POST /v1/risk-assessments` at `rate` a second, alternating between the
 * ports; a request finds an idle connection to its port or opens one.
 */
export async function offerAssessments(ports: number[], bodies: string[], rate: number): Promise<OfferedLoad> {
  const load: OfferedLoad = { latencies: [], sentAt: [], errors: new Map(), seconds: 0 };
  const requests = bodies.map(assessmentRequest);
  const idle = new Map<number, DriverConnection[]>(ports.map((port) => [port, []]));
  const all: DriverConnection[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (const [i, request] of requests.entries()) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    const port = ports[i % ports.length] as number;
    const free = idle.get(port) as DriverConnection[];
    let connection = free.pop();
    while (connection && !connection.usable) connection = free.pop();
    if (!connection) {
      connection = new DriverConnection(port, (done) => free.push(done));
      all.push(connection);
    }
    pending.push(
      connection.send(request).then(({ status, sentAt, ms, error }) => {
        if (status === 200) {
          load.latencies.push(ms);
          load.sentAt.push(sentAt);
          return;
        }
        const kind = status === 0 ? (error ?? 'connection failed') : `HTTP ${status}`;
        load.errors.set(kind, (load.errors.get(kind) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(pending);
  load.seconds = (performance.now() - started) / 1000;
  for (const connection of all) connection.close();
  return load;
}
