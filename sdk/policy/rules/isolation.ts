import { firstAndMore } from "../../kernel/lists";
import type { Protocol, Verdict } from "../../reach";
import {
  ask,
  buildProbeModel,
  DNS_PROBE_POD,
  PROBE_POD,
  type ProbeModel,
  STRANGER_NAMESPACE,
  WORLD_IPS,
} from "../probes";
import type { DesiredState, Reporter, StackRule } from "../rule";
import type { Subject } from "../subject";

/**
 * The rules the reachability engine judges over the whole desired state: default-deny that holds
 * (an allow-all defeats it), DNS that still works under it, and the operator's namespace shut to
 * all but what the operator needs. Each asks the engine about probe pods (see probes.ts).
 */

export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

interface Probe {
  readonly what: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The probes that an allow-all would answer: from and to a stranger pod and the internet, on a port no rule names. */
function allowAllProbes(
  ns: string,
  pod: string,
  port: number,
  udpToInternet: boolean,
  egress: boolean,
): Probe[] {
  const self = `${ns}/${pod}`;
  const stranger = `${STRANGER_NAMESPACE}/${PROBE_POD}`;
  const probes: Probe[] = [];
  for (const protocol of ["TCP", "UDP"] as Protocol[]) {
    probes.push({
      what: "ingress from a pod of another namespace",
      from: stranger,
      to: self,
      port,
      protocol,
    });
    for (const ip of WORLD_IPS)
      probes.push({ what: "ingress from the internet", from: ip, to: self, port, protocol });
    if (!egress) continue;
    probes.push({ what: "egress to a pod of another namespace", from: self, to: stranger, port, protocol });
    if (protocol === "TCP" || !udpToInternet)
      for (const ip of WORLD_IPS)
        probes.push({ what: "egress to the internet", from: self, to: ip, port, protocol });
  }
  return probes;
}

/** The probes that were allowed, as one readable list. */
function openings(model: ProbeModel, probes: Probe[]): string[] {
  const open: string[] = [];
  for (const p of probes) {
    const v: Verdict = ask(model, p.from, p.to, p.port, p.protocol);
    if (v.allowed) open.push(`${p.what} (${v.reason.replace(/\.$/, "")})`);
  }
  return open;
}

/** Reports what keeps a namespace from being judged; true when it cannot be. */
function uncertain(model: ProbeModel, ns: string, subject: Subject | undefined, report: Reporter): boolean {
  const why = model.uncertainEverywhere ?? model.uncertain.get(ns);
  if (why) report.unchecked(`namespace ${ns}: ${why}`, subject);
  return why !== undefined;
}

function reportRefused(model: ProbeModel, report: Reporter) {
  for (const { subject, reason } of model.refused)
    report.unchecked(
      `the reachability engine cannot read ${subject.ref} (${reason}); namespaces it applies to are judged without it`,
      subject,
    );
}

export interface DefaultDenyConfig {
  /** Namespaces not judged. */
  exemptNamespaces: string[];
  /** Also require egress default-deny. */
  requireEgress: boolean;
  /** Namespaces whose pods may send UDP to the internet on any port (the operator's proxies: WireGuard). */
  udpToInternetNamespaces: string[];
  /** Cluster DNS, where the probe's DNS pod stands (shared with dns-reachable). */
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
}

const modelOf = (
  state: DesiredState,
  c: { dnsNamespace: string; dnsPodLabels: Record<string, string> },
  extra?: { namespace: string; name: string; labels: Record<string, string> }[],
) => buildProbeModel(state, { dnsNamespace: c.dnsNamespace, dnsPodLabels: c.dnsPodLabels, extraPods: extra });

export const namespaceDefaultDeny: StackRule<DefaultDenyConfig> = {
  name: "namespace-default-deny",
  check(state, config, report) {
    const model = modelOf(state, config);
    reportRefused(model, report);
    for (const [ns, subject] of model.namespaces) {
      if (config.exemptNamespaces.includes(ns) || uncertain(model, ns, subject, report)) continue;
      const udp = config.udpToInternetNamespaces.includes(ns);
      const open = openings(model, allowAllProbes(ns, PROBE_POD, model.freshPort, udp, config.requireEgress));
      if (open.length === 0) continue;
      report.violation(
        `${subject.ref} is not under default-deny: a pod with no labels in it is open to ${firstAndMore(open, 3, "; ")}. Fix: add a NetworkPolicy with podSelector {} and policyTypes [Ingress, Egress] and no rules, then allow each needed flow by name and port; remove rules that admit every peer on every port.`,
        subject,
      );
    }
  },
};

export interface DnsConfig {
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
  /** Addresses of node-local DNS (e.g. 169.254.20.10); reaching one on UDP and TCP 53 also passes. */
  nodeLocalDnsAddresses: string[];
  exemptNamespaces: string[];
}

/** Why `from` cannot reach DNS on UDP and TCP 53, or undefined when it can (any DNS target, both protocols). */
function dnsDenied(model: ProbeModel, from: string, config: DnsConfig): string | undefined {
  const targets = [`${config.dnsNamespace}/${DNS_PROBE_POD}`, ...config.nodeLocalDnsAddresses];
  const results = targets.map((to) =>
    (["UDP", "TCP"] as Protocol[])
      .map((p) => ({ p, v: ask(model, from, to, 53, p) }))
      .filter((r) => !r.v.allowed),
  );
  if (results.some((denied) => denied.length === 0)) return undefined;
  return results[0].map((d) => `${d.p} 53 is denied (${d.v.reason.replace(/\.$/, "")})`).join("; ");
}

/** Whether a probe's egress is denied by default (some policy or admin tier isolates it). */
function egressIsolated(model: ProbeModel, from: string): boolean {
  const probe = ask(model, from, `${STRANGER_NAMESPACE}/${PROBE_POD}`, model.freshPort, "TCP");
  return Boolean(probe.egress?.isolated || probe.egress?.admin);
}

export const dnsReachable: StackRule<DnsConfig> = {
  name: "dns-reachable",
  check(state, config, report) {
    const model = modelOf(state, config);
    const labels = Object.entries(config.dnsPodLabels)
      .map(([k, v]) => `${k}: ${v}`)
      .join(", ");
    const fix = `Fix: allow egress to namespaceSelector kubernetes.io/metadata.name: ${config.dnsNamespace} with podSelector ${labels}, on UDP 53 and TCP 53 (the label "name: ${config.dnsNamespace}" of some samples is not set by Kubernetes, and answers over 512 bytes need TCP).`;
    // Namespaces with workloads in the state are judged by their pods; the others (created for pods
    // to come) by a pod with no labels, which only namespace-wide rules select.
    const withWorkloads = new Set(model.workloads.map((w) => w.namespace));
    for (const ns of model.judged) {
      if (config.exemptNamespaces.includes(ns) || ns === config.dnsNamespace || withWorkloads.has(ns))
        continue;
      const subject = model.namespaces.get(ns);
      const self = `${ns}/${PROBE_POD}`;
      if (!egressIsolated(model, self)) continue; // egress not denied by default here
      if (uncertain(model, ns, subject, report)) continue;
      const denied = dnsDenied(model, self, config);
      if (!denied) continue;
      report.violation(
        `${subject?.ref ?? `Namespace ${ns}`} denies egress by default, but its pods cannot reach cluster DNS (${config.dnsNamespace} pods ${labels}): ${denied}. ${fix.replace("allow egress", "allow egress from podSelector {}")}`,
        subject,
      );
    }
    // The pods the state runs: a workload whose own policies deny its egress needs DNS too.
    for (const w of model.workloads) {
      if (config.exemptNamespaces.includes(w.namespace) || w.namespace === config.dnsNamespace) continue;
      if (!egressIsolated(model, w.pod)) continue;
      if (uncertain(model, w.namespace, w.subject, report)) continue;
      const denied = dnsDenied(model, w.pod, config);
      if (denied)
        report.violation(
          `${w.subject.ref}: its pods' egress is denied by default, but they cannot reach cluster DNS (${config.dnsNamespace} pods ${labels}): ${denied.replaceAll(w.pod, `${w.subject.ref}'s pod`)}. ${fix}`,
          w.subject,
        );
    }
    for (const { subject, reason } of model.workloadsUnknown) report.unchecked(reason, subject);
  },
};

export interface OperatorConfig {
  operatorNamespace: string;
  operatorPodLabels: Record<string, string>;
  /** TCP ports the operator may reach: DNS, HTTPS (control plane, DERP, API server), the API server's 6443. */
  allowedTcpPorts: number[];
  /** UDP to the internet on any port (WireGuard to peers); in-cluster UDP stays denied. */
  allowUdpToInternet: boolean;
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
}

/** TCP ports an operator has no business with, besides a port no rule names. */
const FOREIGN_TCP_PORTS = [22, 25, 80, 3306, 5432, 6379, 8080, 10250];

export const operatorIsolated: StackRule<OperatorConfig> = {
  name: "operator-isolated",
  check(state, config, report) {
    const ns = config.operatorNamespace;
    const pod = "tzt-probe-operator";
    const model = modelOf(state, config, [{ namespace: ns, name: pod, labels: config.operatorPodLabels }]);
    const subject = model.namespaces.get(ns);
    if (!subject && !model.judged.includes(ns)) return; // the state has no operator namespace
    if (uncertain(model, ns, subject, report)) return;
    const ref = subject?.ref ?? `Namespace ${ns}`;
    const self = `${ns}/${pod}`;
    const open = openings(model, allowAllProbes(ns, pod, model.freshPort, config.allowUdpToInternet, false));
    const ports = [model.freshPort, ...FOREIGN_TCP_PORTS].filter((p) => !config.allowedTcpPorts.includes(p));
    const egress: Probe[] = [
      ...ports.flatMap((port) =>
        [WORLD_IPS[0], `${STRANGER_NAMESPACE}/${PROBE_POD}`].map((to) => ({
          what: "egress",
          from: self,
          to,
          port,
          protocol: "TCP" as Protocol,
        })),
      ),
      {
        what: "egress",
        from: self,
        to: `${STRANGER_NAMESPACE}/${PROBE_POD}`,
        port: model.freshPort,
        protocol: "UDP",
      },
      ...(config.allowUdpToInternet
        ? []
        : [
            {
              what: "egress",
              from: self,
              to: WORLD_IPS[0],
              port: model.freshPort,
              protocol: "UDP" as Protocol,
            },
          ]),
    ];
    open.push(...openings(model, egress));
    if (open.length === 0) return;
    report.violation(
      `${ref}, the Tailscale operator's namespace, is not isolated: its operator pod (${Object.entries(
        config.operatorPodLabels,
      )
        .map(([k, v]) => `${k}=${v}`)
        .join(
          ",",
        )}) is open to ${firstAndMore(open, 3, "; ")}. Fix: put the namespace under default-deny and allow only its egress to DNS, the API server, TCP ${config.allowedTcpPorts.join("/")}${config.allowUdpToInternet ? " and UDP to the internet" : ""} (ZeroTrustCluster's operator.isolate does exactly that).`,
      subject,
    );
  },
};
