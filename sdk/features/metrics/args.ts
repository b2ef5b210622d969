/** The metrics feature's args: who scrapes the operator's proxies. Plain, schema-friendly interfaces. */

/** The scraper: a workload in the cluster (Prometheus). */
export interface MetricsSource {
  /** The scraper's namespace. */
  namespace: string;
  /**
   * Labels of the scraper's pods.
   * @default - every pod of the namespace
   */
  podLabels?: { [key: string]: string };
}

/** @deprecated Renamed {@link MetricsSource} (generated SDKs read `MetricsSourceArgs`); this alias goes at 1.0. */
export type MetricsSourceArgs = MetricsSource;

/**
 * Proxy metrics: the proxies serve them on port 9002 when their `ProxyClass` sets
 * `spec.metrics.enable: true`; this lets one scraper reach that port, and nothing else.
 */
export interface Metrics {
  /** Who may scrape the proxies' metrics port. */
  from: MetricsSource;
}

/** @deprecated Renamed {@link Metrics} (generated SDKs read `MetricsArgs`); this alias goes at 1.0. */
export type MetricsArgs = Metrics;
