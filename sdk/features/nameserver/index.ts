import { MANAGED_BY_LABEL, TAILSCALE_API_VERSION } from "../../kernel/defaults";
import type { PlannedFlow } from "../../kernel/flows";
import type { NormalizedSpec } from "../../kernel/normalize";
import type { Feature } from "../feature";

/**
 * In-cluster MagicDNS (`nameserver: true`): the operator's `DNSConfig` singleton, which deploys a
 * nameserver for `ts.net` names (records for egress proxies and Ingresses) in the operator
 * namespace. Facts (v1.102.2): types_tsdnsconfig.go; deploy/manifests/nameserver/{deploy,svc}.yaml
 * (pods `app: nameserver`, container port 1053 UDP and TCP behind the Service's 53).
 *
 * A top-level field rather than `tailnet.nameserver`: `tailnet` is the core's block (its args type
 * and field shape), and a feature's field there would make the core know the feature.
 */

/** Labels of the nameserver pods. */
export const NAMESERVER_POD_LABELS = { app: "nameserver" };
/** The nameserver pods' container port (the Service maps 53 to it). */
export const NAMESERVER_PORT = 1053;
/** The DNSConfig's name: a singleton, one per cluster. */
export const DNS_CONFIG_NAME = "ts-dns";

const POLICY_NAME = "nameserver";

/** Cluster DNS forwards `ts.net` queries to the nameserver: both halves, UDP and TCP. */
function stubZoneFlow(spec: NormalizedSpec): PlannedFlow {
  const ns = spec.operator.namespace;
  return {
    kind: "nameserver",
    policyName: POLICY_NAME,
    name: "ts.net",
    from: { namespace: spec.dns.namespace, podLabels: { ...spec.dns.podLabels } },
    to: { namespace: ns, podLabels: { ...NAMESERVER_POD_LABELS } },
    ports: [
      { protocol: "TCP", port: NAMESERVER_PORT },
      { protocol: "UDP", port: NAMESERVER_PORT },
    ],
    toDisplay: `${ns}/nameserver`,
  };
}

/** The stub zone the user adds to the CoreDNS Corefile (the component does not rewrite it). */
export const stubZoneNote = () =>
  `nameserver: add this stub zone to the CoreDNS Corefile (the component does not edit it), with the nameserver's address from \`kubectl get dnsconfig ${DNS_CONFIG_NAME} -o jsonpath='{.status.nameserver.ip}'\`: ts.net:53 { errors; cache 30; forward . <nameserver ip> }`;

export const nameserver: Feature<{ enabled: boolean }> = {
  id: "nameserver",
  fields: { nameserver: "boolean" },
  // The shape check (a boolean) is all there is to validate.
  validate: () => {},
  normalize: (spec) => ({ enabled: spec.nameserver ?? false }),
  flows: (own, spec) => (own.enabled ? [stubZoneFlow(spec)] : []),
  resources: (own, ctx) =>
    own.enabled
      ? [
          {
            kind: "CustomResource",
            suffix: "dnsconfig",
            object: {
              apiVersion: TAILSCALE_API_VERSION,
              kind: "DNSConfig",
              metadata: { name: DNS_CONFIG_NAME, labels: { ...MANAGED_BY_LABEL } },
              spec: { nameserver: {} },
            },
            dependsOn: [...ctx.operator, ...ctx.policiesFor(POLICY_NAME)],
          },
        ]
      : [],
  // The nameserver only answers from its mounted ConfigMap (cmd/k8s-nameserver/main.go): it needs
  // none of the operator namespace's egress, and an answering pod needs no egress rule to reply.
  quietPods: (own) => (own.enabled ? { ...NAMESERVER_POD_LABELS } : {}),
  workloads: (own, spec) =>
    own.enabled ? [{ namespace: spec.operator.namespace, labels: { ...NAMESERVER_POD_LABELS } }] : [],
  warnings: (own) => (own.enabled ? [stubZoneNote()] : []),
};
