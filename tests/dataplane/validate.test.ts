import assert from "node:assert/strict";
import { planZeroTrust, validateSpec } from "../../sdk/core";
import { parseDataplaneName, parseVersion, semanticsFor } from "../../sdk/kernel/dataplane/profiles";
import { Cni } from "../../sdk/kernel/dataplane/types";
import { itRejects } from "../core/rejects";
import { homelab } from "../fixtures";

/** The dataplane's bad input fails before anything is created, naming the field and the fix. */
describe("dataplane: validation", () => {
  itRejects([
    [
      "an unknown CNI, suggesting the spelling",
      (s) => (s.dataplane = { cni: "Kube_Router" }),
      "dataplane.cni",
      /"Kube_Router" is not a known CNI: write "kube-router"/,
    ],
    [
      "a CNI nobody ships",
      (s) => (s.dataplane = { cni: "flannel" }),
      "dataplane.cni",
      /use one of upstream, cilium, calico/,
    ],
    [
      "a version that is not one",
      (s) => (s.dataplane = { cni: "cilium", version: "latest" }),
      "dataplane.version",
      /"latest" is not a version: write the CNI's version as "1\.15\.6"/,
    ],
    [
      "a match mode on a CNI that has none",
      (s) => (s.dataplane = { cni: "calico", ciliumPolicyCidrMatchMode: "nodes" }),
      "dataplane.ciliumPolicyCidrMatchMode",
      /applies to Cilium only/,
    ],
    [
      "an unknown match mode",
      (s) => (s.dataplane = { cni: "cilium", ciliumPolicyCidrMatchMode: "Nodes" }),
      "dataplane.ciliumPolicyCidrMatchMode",
      /write "nodes"/,
    ],
    [
      "nodes mode without the API server's addresses (a /0 rule never matches nodes)",
      (s) => {
        s.dataplane = { cni: "cilium", ciliumPolicyCidrMatchMode: "nodes" };
        s.operator.apiServer = { ports: [6443] };
      },
      "operator.apiServer.cidrs",
      /cilium#47827/,
    ],
    [
      "a node-local DNS address written as a CIDR",
      (s) => (s.dataplane = { nodeLocalDns: { address: "169.254.20.10/32" } }),
      "dataplane.nodeLocalDns.address",
      /is a CIDR: write the address alone, e\.g\. "169\.254\.20\.10"/,
    ],
    [
      "a node-local DNS pod label Kubernetes rejects",
      (s) => (s.dataplane = { nodeLocalDns: { podLabels: { "k8s-app": "node local" } } }),
      'dataplane.nodeLocalDns.podLabels["k8s-app"]',
      /invalid value "node local"/,
    ],
    [
      "a ClusterIP that is no address",
      (s) => (s.dataplane = { cni: "aws-vpc-cni", kubernetesServiceIp: "kubernetes.default" }),
      "dataplane.kubernetesServiceIp",
      /is not an IP address/,
    ],
    [
      "a misspelt dataplane field",
      (s) => (s.dataplane = { nodeLocalDNS: {} }),
      "dataplane.nodeLocalDNS",
      /did you mean "nodeLocalDns"/,
    ],
    [
      "no cluster ranges on a CNI whose ipBlocks match pods",
      (s) => {
        s.dataplane = { cni: "calico" };
        s.operator.clusterCidrs = [];
      },
      "operator.clusterCidrs",
      /is required on calico: its ipBlock rules match pod and node addresses/,
    ],
    [
      "a range too wide to expand where endPort is ignored",
      (s) => {
        s.dataplane = { cni: "cilium", version: "1.15.6" };
        s.allow[0].ports = [{ port: 1024, endPort: 65535 }];
      },
      "allow[0].ports[0].endPort",
      /cilium 1\.15\.6 does not enforce endPort, so the range 1024-65535 would become 64512 single ports/,
    ],
  ]);

  it("accepts every CNI, with upstream's behaviour by default", () => {
    for (const cni of Object.values(Cni)) {
      const spec = { ...homelab(), dataplane: { cni } };
      assert.deepEqual(validateSpec(spec), [], cni);
    }
    assert.deepEqual(planZeroTrust(homelab()).spec.dataplane.semantics, semanticsFor({}));
  });

  it("reads versions and the command line's dataplane names", () => {
    assert.deepEqual(parseVersion("v1.16.3"), [1, 16]);
    assert.deepEqual(parseVersion("2"), [2, 0]);
    assert.equal(parseVersion("1.x"), undefined);
    assert.equal(parseDataplaneName("cilium@1.15")?.endPort, false);
    assert.equal(parseDataplaneName("cilium@1.16")?.endPort, true);
    assert.equal(
      parseDataplaneName("cilium")?.endPort,
      false,
      "an unknown Cilium version may ignore endPort",
    );
    assert.equal(parseDataplaneName("cilium+nodes")?.ipBlockMatchesNodes, "except-wildcard");
    assert.equal(parseDataplaneName("calico+nodes"), undefined);
    assert.equal(parseDataplaneName("flannel"), undefined);
  });

  it("keeps today's output for a declaration without a dataplane", () => {
    const without = planZeroTrust(homelab());
    const upstream = planZeroTrust({ ...homelab(), dataplane: { cni: Cni.Upstream } });
    assert.deepEqual(upstream.resources, without.resources);
    assert.deepEqual(upstream.warnings, without.warnings);
  });
});
