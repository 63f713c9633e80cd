/** What one load (a route's, or its baseline's) measured: the same figures for both sides. */
export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  /** the load generator's own CPU time per request, where it runs in a process of its own */
  generatorCpuMicroseconds?: number;
}

/** The figures of `seconds` of load, from each answered request's latency in milliseconds. */
export function loadFigures(latencies: number[], seconds: number, counts: Pick<LoadFigures, 'non2xx' | 'errors'>): LoadFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
  return { requestsPerSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99), total: sorted.length, ...counts };
}
