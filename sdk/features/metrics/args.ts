/** The metrics feature's args: who scrapes the operator's proxies. Plain, schema-friendly interfaces. */

/** The scraper: a workload in the cluster (Prometheus). */
export interface MetricsSourceArgs {
  /** The scraper's namespace. */
  namespace: string;
  /**
   * Labels of the scraper's pods.
   * @default - every pod of the namespace
   */
  podLabels?: { [key: string]: string };
}

/**
 * Proxy metrics: the proxies serve them on port 9002 when their `ProxyClass` sets
 * `spec.metrics.enable: true`; this lets one scraper reach that port, and nothing else.
 */
export interface MetricsArgs {
  /** Who may scrape the proxies' metrics port. */
  from: MetricsSourceArgs;
}
