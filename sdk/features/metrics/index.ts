import { checkLabels } from "../../kernel/issues";
import { checkDnsLabel } from "../../kernel/rules";
import type { Feature } from "../feature";
import { metricsFlows } from "./targets";

export type { Metrics, MetricsSource } from "./args";

/** The scraper, with its defaults applied. */
interface NormalizedMetrics {
  from?: { namespace: string; podLabels: { [k: string]: string } };
}

/**
 * Proxy metrics (`metrics`): the declared scraper reaches the proxy pods that serve metrics
 * (ProxyGroups, Ingress proxies, Connectors, exposed Services' proxies; not egress proxies, see
 * `targets.ts`) on the metrics port 9002 (`TS_LOCAL_ADDR_PORT`, sts.go 104-105), both halves;
 * nothing else opens that port.
 */
export const metrics: Feature<NormalizedMetrics> = {
  id: "metrics",
  fields: { metrics: { from: { namespace: "string", podLabels: "labels" } } },
  validate(spec, issues) {
    if (spec.metrics === undefined) return;
    const from = spec.metrics.from;
    if (from === undefined) {
      issues.add(
        "metrics.from",
        'is required: the scraper, e.g. {namespace: "monitoring", podLabels: {app: "prometheus"}}',
      );
      return;
    }
    issues.check("metrics.from.namespace", checkDnsLabel(from.namespace, "namespace name"));
    checkLabels(issues, "metrics.from.podLabels", from.podLabels);
  },
  normalize: (spec) =>
    spec.metrics
      ? {
          from: {
            namespace: spec.metrics.from.namespace,
            podLabels: { ...(spec.metrics.from.podLabels ?? {}) },
          },
        }
      : {},
  flows: (own, spec) => (own.from ? metricsFlows(own.from, spec) : []),
};
