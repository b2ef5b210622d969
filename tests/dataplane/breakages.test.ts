import * as assert from "node:assert/strict";
import {
  type Dataplane,
  type OperatorSpec,
  type ZeroTrustSpec,
  ZeroTrustValidationError,
} from "../../sdk/core";
import { Cni } from "../../sdk/kernel/dataplane/types";
import { type Plan, planZeroTrust } from "../../sdk/pipeline/plan";
import { assertPlanHolds, IntentViolationError, verifyPlan } from "../../sdk/verify/plan-check";
import { ns, pod } from "../reach/helpers";
import { applied, dataplane, dnsPorts, workloads } from "./helpers";

/**
 * The five ways today's generator breaks a real cluster (issue 13), each shown failing on the
 * policies generated without a dataplane, judged as that dataplane judges, and passing with it.
 */

function declaration(dp?: Dataplane, operator: Partial<OperatorSpec> = {}): ZeroTrustSpec {
  return {
    operator: {
      oauthClientId: "id",
      oauthClientSecret: "secret",
      apiServer: { cidrs: ["192.168.1.10/32"], ports: [6443] },
      clusterCidrs: ["10.42.0.0/16", "10.43.0.0/16"],
      ...operator,
    },
    namespaces: { apps: {} },
    allow: [
      {
        name: "frontend-to-backend",
        from: { namespace: "apps", podLabels: { app: "frontend" } },
        to: { namespace: "apps", podLabels: { app: "backend" } },
        ports: [{ port: 8080, endPort: 8082 }],
      },
    ],
    ...(dp ? { dataplane: dp } : {}),
  };
}

const today = (operator: Partial<OperatorSpec> = {}) => planZeroTrust(declaration(undefined, operator));
const withProfile = (dp: Dataplane, operator: Partial<OperatorSpec> = {}) =>
  planZeroTrust(declaration(dp, operator));

/** Today's policies judged by the proof as if the declaration had named its dataplane. */
const provenAs = (plan: Plan, dp: Plan) =>
  verifyPlan({ ...plan, spec: { ...plan.spec, dataplane: dp.spec.dataplane } });

describe("dataplane: the five breakages of issue 13", () => {
  describe("1. node-local DNS makes the DNS rule match nothing", () => {
    const cases: [string, Cni, Dataplane["nodeLocalDns"], string][] = [
      ["NodeLocal DNSCache (IPVS mode)", Cni.Calico, {}, "169.254.20.10"],
      ["GKE Cloud DNS on Dataplane V2", Cni.Cilium, { address: "169.254.169.254" }, "169.254.169.254"],
      ["AKS LocalDNS", Cni.AzureNpm, { address: "169.254.10.11" }, "169.254.10.11"],
      ["k3s with NodeLocal DNSCache", Cni.KubeRouter, {}, "169.254.20.10"],
    ];
    for (const [name, cni, nodeLocalDns, address] of cases) {
      it(`${name}: queries to ${address} are denied today and allowed with the profile`, () => {
        const dp = dataplane(cni === Cni.Cilium ? "cilium@1.16" : cni === Cni.AzureNpm ? "azure-npm@2" : cni);
        const check = `apps/frontend -> ${address}:53/UDP`;
        assert.equal(applied(today(), workloads(), dp).allowed(check), false);
        const fixed = withProfile({ cni, version: cni === Cni.Cilium ? "1.16.3" : "2.0.1", nodeLocalDns });
        assert.equal(applied(fixed, workloads(), dp).allowed(check), true);
        assert.equal(
          applied(fixed, workloads(), dp).allowed(`tailscale/operator -> ${address}:53/TCP`),
          true,
        );
      });
    }

    it("a Cilium local redirect policy sends DNS to node-local-dns pods, which the profile allows", () => {
      const lrp = [
        pod(
          "kube-system/node-local-dns-x7",
          { "k8s-app": "node-local-dns" },
          { ip: "10.42.1.3", ports: dnsPorts },
        ),
      ];
      const dp = dataplane("cilium@1.16");
      const check = "apps/frontend -> kube-system/node-local-dns-x7:53/UDP";
      assert.equal(applied(today(), workloads(lrp), dp).allowed(check), false);
      const fixed = withProfile({ cni: Cni.Cilium, version: "1.16.3", nodeLocalDns: {} });
      assert.equal(applied(fixed, workloads(lrp), dp).allowed(check), true);
      assert.equal(
        applied(fixed, workloads(lrp), dp).allowed("apps/frontend -> kube-system/coredns:53/UDP"),
        true,
      );
    });
  });

  describe("2. on Cilium, ipBlock never matches node addresses", () => {
    const controlPlane = [
      {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "cp-1" },
        status: { addresses: [{ type: "InternalIP", address: "192.168.1.10" }] },
      },
      pod(
        "kube-system/kube-apiserver-cp-1",
        { component: "kube-apiserver" },
        { ip: "192.168.1.10", hostNetwork: true, ports: [{ containerPort: 6443 }] },
      ),
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "kubernetes", namespace: "default" },
        subsets: [{ addresses: [{ ip: "192.168.1.10" }], ports: [{ name: "https", port: 6443 }] }],
      },
    ];
    const check = "tailscale/operator -> 192.168.1.10:6443";

    it("the API server on a node is unreachable today and reachable through the CiliumNetworkPolicy", () => {
      const dp = dataplane("cilium@1.16");
      const denied = applied(today(), workloads(controlPlane), dp).verdict(check);
      assert.equal(denied.allowed, false, denied.reason);
      const fixed = withProfile({ cni: Cni.Cilium, version: "1.16.3" });
      const cnp = fixed.resources.find((r) => r.kind === "CustomResource");
      assert.equal(cnp?.suffix, "tailscale-operator-apiserver-cilium");
      const allowed = applied(fixed, workloads(controlPlane), dp).verdict(check);
      assert.equal(allowed.allowed, true, allowed.reason);
      assert.match(allowed.reason, /tailscale\/operator-apiserver-cilium spec\.egress\[0\]/);
      // The same declaration on upstream semantics needs no CiliumNetworkPolicy.
      assert.equal(applied(today(), workloads(controlPlane), dataplane("upstream")).allowed(check), true);
    });

    it("with policyCIDRMatchMode nodes the endpoint rule works and no CiliumNetworkPolicy is made", () => {
      const fixed = withProfile({
        cni: Cni.Cilium,
        version: "1.16.3",
        ciliumPolicyCidrMatchMode: "nodes" as never,
      });
      assert.equal(fixed.resources.filter((r) => r.kind === "CustomResource").length, 0);
      assert.equal(
        applied(fixed, workloads(controlPlane), dataplane("cilium@1.16+nodes")).allowed(check),
        true,
      );
    });

    it("the construction-time proof finds the API server unreachable without the CiliumNetworkPolicy", () => {
      const fixed = withProfile({ cni: Cni.Cilium, version: "1.16.3" });
      assert.doesNotThrow(() => assertPlanHolds(fixed));
      const stripped = { ...fixed, resources: fixed.resources.filter((r) => r.kind !== "CustomResource") };
      assert.throws(
        () => assertPlanHolds(stripped),
        (err: unknown) =>
          err instanceof IntentViolationError &&
          /declared flow is blocked: tailscale\/operator -> 192\.168\.1\.10 on TCP\/6443/.test(err.message),
      );
    });
  });

  describe("3. the EKS agent judges egress before DNAT", () => {
    const eks = {
      apiServer: { cidrs: ["192.168.50.10/32", "192.168.60.10/32"], ports: [443] },
      clusterCidrs: ["192.168.0.0/16", "10.100.0.0/16"],
    };
    const apiService = [
      ns("default"),
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "kubernetes", namespace: "default" },
        spec: { clusterIP: "10.100.0.1", ports: [{ name: "https", port: 443, targetPort: 443 }] },
      },
      {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "kubernetes", namespace: "default" },
        subsets: [
          {
            addresses: [{ ip: "192.168.50.10" }, { ip: "192.168.60.10" }],
            ports: [{ name: "https", port: 443 }],
          },
        ],
      },
    ];
    const check = "tailscale/operator -> 10.100.0.1:443";

    it("kubernetes.default.svc is denied today on EKS (allowed where policy runs after DNAT) and allowed with the profile", () => {
      const denied = applied(today(eks), workloads(apiService), dataplane("aws-vpc-cni")).verdict(check);
      assert.equal(denied.allowed, false);
      assert.match(
        denied.reason,
        /Service default\/kubernetes \(aws-vpc-cni: egress judged on the Service address/,
      );
      assert.equal(applied(today(eks), workloads(apiService), dataplane("calico")).allowed(check), true);
      const fixed = withProfile({ cni: Cni.AwsVpcCni, kubernetesServiceIp: "10.100.0.1" }, eks);
      assert.equal(applied(fixed, workloads(apiService), dataplane("aws-vpc-cni")).allowed(check), true);
      assert.deepEqual(fixed.warnings, []);
    });

    it("plan warns when the ClusterIP is missing on EKS", () => {
      const plan = withProfile({ cni: Cni.AwsVpcCni }, eks);
      assert.match(
        plan.warnings.join("\n"),
        /dataplane\.kubernetesServiceIp is not set.*kubectl get svc kubernetes -n default/,
      );
    });
  });

  describe("4. ipBlock matches pod and node addresses on some CNIs and not on others", () => {
    const vpc = [
      ns("tailscale"),
      ns("zt-outside"),
      pod("tailscale/operator", { app: "operator" }, { ip: "192.168.10.5" }),
      pod("zt-outside/stranger", {}, { ip: "192.168.20.7", ports: [{ containerPort: 443 }] }),
    ];
    const check = "tailscale/operator -> zt-outside/stranger:443";

    it("on EKS the operator's internet rule reaches every pod today; the profile demands the pod ranges", () => {
      const open = today({ clusterCidrs: [] });
      assert.equal(
        applied(open, vpc, dataplane("aws-vpc-cni")).allowed(check),
        true,
        "today's rule leaks into pods",
      );
      assert.throws(
        () => withProfile({ cni: Cni.AwsVpcCni, kubernetesServiceIp: "10.100.0.1" }, { clusterCidrs: [] }),
        (err: unknown) =>
          err instanceof ZeroTrustValidationError &&
          err.issues.some((i) => i.path === "operator.clusterCidrs" && /VPC or VNet subnets/.test(i.message)),
      );
      const fixed = withProfile(
        { cni: Cni.AwsVpcCni, kubernetesServiceIp: "10.100.0.1" },
        { clusterCidrs: ["192.168.0.0/16", "10.100.0.0/16"] },
      );
      assert.equal(applied(fixed, vpc, dataplane("aws-vpc-cni")).allowed(check), false);
    });

    it("on Cilium the same rule never reaches pods, and the proof knows it", () => {
      const open = today({ clusterCidrs: [] });
      assert.equal(applied(open, vpc, dataplane("cilium@1.16")).allowed(check), false);
      const plan = withProfile(
        { cni: Cni.Cilium, version: "1.16.3", nodeLocalDns: {} },
        { clusterCidrs: [] },
      );
      assert.doesNotThrow(() => assertPlanHolds(plan));
    });

    it("the proof of an unexcepted internet rule finds open paths into pods on Calico, none on Cilium", () => {
      const open = today({ clusterCidrs: [] });
      const calico = provenAs(open, withProfile({ cni: Cni.Calico }));
      const leaks = calico.differences.filter(
        (d) => d.kind === "undeclared" && d.from.startsWith("tailscale/"),
      );
      assert.ok(
        leaks.some((d) => d.to === "zt-outside/any-pod"),
        JSON.stringify(calico.differences),
      );
      const cilium = provenAs(open, withProfile({ cni: Cni.Cilium, version: "1.16.3" }));
      assert.deepEqual(
        cilium.differences.filter((d) => d.kind === "undeclared"),
        [],
        "ipBlock never reaches pods on Cilium (its API server rule is breakage 2)",
      );
      assert.deepEqual(
        verifyPlan(open).differences,
        [],
        "upstream keeps today's verdict: a warning, not a failure",
      );
    });
  });

  describe("5. endPort degrades silently", () => {
    it("on Cilium 1.15 a range is its first port today; the profile expands it", () => {
      const dp = dataplane("cilium@1.15");
      const old = applied(today(), workloads(), dp);
      assert.equal(old.allowed("apps/frontend -> apps/backend:8080"), true);
      assert.equal(old.allowed("apps/frontend -> apps/backend:8081"), false);
      const fixed = withProfile({ cni: Cni.Cilium, version: "1.15.6", nodeLocalDns: {} });
      for (const port of [8080, 8081, 8082])
        assert.equal(applied(fixed, workloads(), dp).allowed(`apps/frontend -> apps/backend:${port}`), true);
      assert.equal(
        applied(today(), workloads(), dataplane("cilium@1.16")).allowed("apps/frontend -> apps/backend:8082"),
        true,
      );
    });

    it("the proof of today's policies on Cilium 1.15 reports the range blocked", () => {
      const report = provenAs(today(), withProfile({ cni: Cni.Cilium, version: "1.15.6" }));
      const blocked = report.differences.filter((d) => d.kind === "blocked");
      assert.ok(
        blocked.some((d) => d.ports.includes("TCP/8081-8082")),
        JSON.stringify(report.differences),
      );
    });
  });
});
