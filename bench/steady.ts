// A constant-rate load generator: one request every 1/rate seconds, whatever the answers do.
//
// autocannon's rate option sends each second's requests as fast as it can at the start of the
// second and then waits, so "100 a second" arrives as bursts of 100 at once: its latency is that of a
// burst, not of a steady stream. Here request i is due at start + i/rate, and its latency counts from
// that moment (not from when a socket was free), so a server that falls behind is charged for the
// queue it builds (no coordinated omission).

import http from 'node:http';

export interface SteadyRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SteadyResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

const TIMEOUT_MS = 10_000;

/** Sends rate × seconds requests to base at evenly spaced times over at most `connections` sockets. */
export async function steady(base: string, next: () => SteadyRequest, opts: { rate: number; seconds: number; connections: number }): Promise<SteadyResult> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const r = next();
    inFlight.push(
      new Promise<void>((resolve) => {
        const body = r.body === undefined ? undefined : Buffer.from(r.body);
        const req = http.request(
          { host: url.hostname, port: url.port, path: r.path, method: r.method, agent, headers: { ...r.headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - due);
              if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) errors++;
              resolve();
            });
          },
        );
        req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timeout')));
        req.on('error', () => {
          errors++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!);
  const ms = (x: number) => Math.round(x * 10) / 10;
  return { rps: latencies.length / elapsed, p50: ms(at(0.5)), p99: ms(at(0.99)), errors, total };
}
