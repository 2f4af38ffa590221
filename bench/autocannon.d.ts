/**
 * The part of autocannon 9's programmatic API that bench/api.ts uses (the package ships no types). Shapes from its
 * README: "API" and "Results".
 */
declare module 'autocannon' {
  /** One request of a sequence; each connection cycles through the sequence. */
  export type Request = {
    body?: Buffer | string
    headers?: Record<string, string>
    method?: string
    path?: string
  }

  export type Options = {
    /** Stop after this many requests in all (takes precedence over `duration`). */
    amount?: number
    body?: Buffer | string
    connections?: number
    /** Seconds. */
    duration?: number
    headers?: Record<string, string>
    method?: string
    requests?: Request[]
    /** Seconds to wait for an answer before counting a timeout. */
    timeout?: number
    url: string
  }

  /** An hdr-histogram summary; latency values are milliseconds, request values requests per second. */
  export type Histogram = {
    average: number
    max: number
    min: number
    p50: number
    p90: number
    p99: number
    stddev: number
  }

  export type Result = {
    /** Seconds. */
    duration: number
    /** Connection errors, timeouts included. */
    errors: number
    latency: Histogram
    mismatches: number
    non2xx: number
    requests: { sent: number; total: number } & Histogram
    statusCodeStats: Record<string, { count: number }>
    throughput: { total: number } & Histogram
    timeouts: number
  }

  // The package's own export is a default one.
  // eslint-disable-next-line no-restricted-exports
  export default function autocannon(options: Options): Promise<Result>
}
