import assert from "node:assert/strict";
import { planZeroTrust } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import type { K8sObject } from "../../sdk/reach";
import { enforcedBy, representativeWorkloads, verifyIntent } from "../../sdk/verify";
import { homelab } from "../fixtures";

/**
 * Issue 17 item 5: the "allowed by" column of `plan -o markdown` credited the first policy the
 * engine met on one representative connection: a platform-wide flow was credited to a narrower
 * flow's policy that happened to select the representative pod, the DNS flow to a declared flow to
 * kube-dns, and an AdminNetworkPolicy that decides a side was never named.
 */

/** The homelab with flows that overlap: two flows into the database, one of them from every pod, and a flow to kube-dns. */
function overlapping(): ZeroTrustSpec {
  const spec = homelab();
  spec.allow!.push(
    {
      name: "backend-dns",
      from: { namespace: "apps", podLabels: { app: "backend" } },
      to: { namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } },
      ports: [{ port: 53, protocol: "UDP" }],
    },
    {
      name: "backend-to-pg",
      from: { namespace: "apps", podLabels: { app: "backend" } },
      to: { namespace: "apps", podLabels: { app: "pg" } },
      ports: [{ port: 5432 }],
    },
    {
      name: "platform-to-pg",
      from: { namespace: "apps" },
      to: { namespace: "apps", podLabels: { app: "pg" } },
      ports: [{ port: 5432 }],
    },
  );
  return spec;
}

/** The "allowed by" cell of each flow, by `kind name from`, over the plan's policies and `extra` objects. */
function allowedBy(spec: ZeroTrustSpec, extra: K8sObject[] = []): Map<string, string> {
  const plan = planZeroTrust(spec);
  const { objects, externalIps } = representativeWorkloads(plan);
  const report = verifyIntent({
    flows: plan.flows,
    managedNamespaces: plan.managedNamespaces,
    sources: [{ source: "plan", objects: [...objects, ...extra] }],
    externalIps,
  });
  const cell = enforcedBy(report);
  const from = (f: (typeof plan.flows)[number]) => f.fromDisplay ?? `${f.from.namespace}`;
  return new Map(plan.flows.map((f) => [`${f.kind} ${f.name} ${from(f)}`, cell(f)]));
}

describe("allowed by: the policies that really admit a flow, on each side", () => {
  it("credits a platform-wide flow to its own policies, not to a narrower flow's", () => {
    const cells = allowedBy(overlapping());
    assert.equal(
      cells.get("declared platform-to-pg apps"),
      "egress: apps/allow-platform-to-pg-egress; ingress: apps/allow-platform-to-pg-ingress",
    );
  });

  it("names every policy that admits a flow when several do", () => {
    assert.equal(
      allowedBy(overlapping()).get("declared backend-to-pg apps"),
      "egress: apps/allow-backend-to-pg-egress, apps/allow-platform-to-pg-egress; ingress: apps/allow-backend-to-pg-ingress, apps/allow-platform-to-pg-ingress",
    );
  });

  it("credits the namespace's DNS flow to its DNS policy, and says the unmanaged side is open", () => {
    assert.equal(
      allowedBy(overlapping()).get("dns dns apps"),
      "egress: apps/dns-egress; ingress: not isolated",
    );
  });

  it("names the AdminNetworkPolicy that decides a side before any NetworkPolicy", () => {
    const anp: K8sObject = {
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "AdminNetworkPolicy",
      metadata: { name: "frontend-out" },
      spec: {
        priority: 5,
        subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "frontend" } } } },
        egress: [
          {
            name: "to-backend",
            action: "Allow",
            to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: "backend" } } } }],
          },
        ],
      },
    } as unknown as K8sObject;
    assert.equal(
      allowedBy(homelab(), [anp]).get("declared frontend-to-backend apps"),
      "egress: AdminNetworkPolicy frontend-out; ingress: apps/allow-frontend-to-backend-ingress",
    );
  });
});
