/**
 * Load runs with autocannon. Latencies are collected per response as floats (autocannon's own
 * histogram rounds to whole milliseconds, too coarse for a 10 ms target) and are client-side: they
 * include the loopback round trip and HTTP parsing in the load generator, which shares the CPU.
 */
import autocannon from 'autocannon';

export type Percentiles = { n: number; p50: number; p90: number; p99: number; max: number };

export type LoadResult = Percentiles & {
  name: string;
  connections: number;
  seconds: number;
  /** Completed 2xx responses per second over the measured window. */
  rps: number;
  /** Percentiles per request label (when the run rotates over labelled requests). */
  byLabel: Map<string, Percentiles>;
};

export type LoadOptions = {
  name: string;
  url: string;
  connections: number;
  seconds: number;
  /** Seconds of discarded load first (JIT, connection pools, PostgreSQL caches). */
  warmupSeconds?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
  requests?: autocannon.Request[];
  /** Names the request a response belongs to, from its path (one connection: no pipelining). */
  labelOf?: (path: string) => string;
  /** Runs between the warm-up and the measured window (reset counters, wait for background work). */
  onMeasureStart?: () => Promise<void>;
};

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) =>
    sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) : 0;
  return { n: sorted.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

export function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

type ClientWithIterator = { requestIterator?: { currentRequest?: { path?: string } } };

async function once(options: LoadOptions, seconds: number, record: boolean) {
  const latencies: number[] = [];
  const byLabel = new Map<string, number[]>();
  let finish: (value: autocannon.Result) => void = () => {};
  let fail: (error: unknown) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: seconds,
      headers: options.headers ?? {},
      method: options.method ?? 'GET',
      ...(options.body ? { body: options.body } : {}),
      ...(options.requests ? { requests: options.requests } : {}),
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  if (record) {
    instance.on('response', (client, statusCode, _bytes, responseTime) => {
      if (statusCode < 200 || statusCode > 299) return;
      latencies.push(responseTime);
      if (options.labelOf) {
        // autocannon emits before it moves the client on to its next request.
        const path = (client as unknown as ClientWithIterator).requestIterator?.currentRequest?.path ?? '';
        const label = options.labelOf(path);
        const list = byLabel.get(label) ?? [];
        list.push(responseTime);
        byLabel.set(label, list);
      }
    });
  }
  const started = performance.now();
  const result = await done;
  const elapsed = (performance.now() - started) / 1000;
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${options.name}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { latencies, byLabel, elapsed };
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const warmup = options.warmupSeconds ?? 0;
  if (warmup > 0) await once(options, warmup, false);
  await options.onMeasureStart?.();
  progress(`${options.name}: ${options.connections} connection(s) for ${options.seconds} s`);
  const { latencies, byLabel, elapsed } = await once(options, options.seconds, true);
  const result: LoadResult = {
    name: options.name,
    connections: options.connections,
    seconds: options.seconds,
    rps: latencies.length / elapsed,
    ...percentiles(latencies),
    byLabel: new Map([...byLabel].map(([label, list]) => [label, percentiles(list)])),
  };
  progress(
    `  ${Math.round(result.rps)} req/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, max ${ms(result.max)} (${result.n} responses)`,
  );
  return result;
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}
