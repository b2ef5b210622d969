import assert from "node:assert/strict";
import { planZeroTrust, validateSpec, ZeroTrustValidationError } from "../../sdk/core";
import { homelab } from "../fixtures";
import { itRejects, type RejectCase } from "./rejects";

/** Each case breaks the homelab in one way and names the field and the words the error must carry. */
const cases: RejectCase[] = [
  {
    title: "a namespace name Kubernetes rejects",
    mutate: (s) => (s.namespaces!.Apps_1 = {}),
    path: "namespaces.Apps_1",
    says: /"Apps_1" is not a valid namespace name.*e\.g\. "apps-1"/,
  },
  {
    title: "a namespace name longer than 63 characters",
    mutate: (s) => (s.namespaces!["a".repeat(64)] = {}),
    path: `namespaces.${"a".repeat(64)}`,
    says: /64 characters long.*at most 63/,
  },
  {
    title: "a label key Kubernetes rejects",
    mutate: (s) => (s.namespaces!.monitoring.labels = { "team owner": "obs" }),
    path: 'namespaces.monitoring.labels["team owner"]',
    says: /label key "team owner" is invalid/,
  },
  {
    title: "a label key with a bad prefix",
    mutate: (s) => (s.allow![0].from.podLabels = { "Example.COM/app": "x" }),
    path: 'allow[0].from.podLabels["Example.COM/app"]',
    says: /invalid prefix "Example.COM"/,
  },
  {
    title: "a label value Kubernetes rejects",
    mutate: (s) => (s.allow![0].to.podLabels = { app: "back end" }),
    path: 'allow[0].to.podLabels["app"]',
    says: /invalid value "back end".*e\.g\. "back-end"/,
  },
  {
    title: "a hostname that is not a DNS label",
    mutate: (s) => (s.expose![0].hostname = "grafana.home"),
    path: "expose[0].hostname",
    says: /"grafana.home" is not a valid tailnet hostname/,
  },
  {
    title: "a default hostname longer than 63 characters",
    mutate: (s) => {
      s.expose![0].hostname = undefined;
      s.expose![0].service = `grafana-${"x".repeat(60)}`;
    },
    path: "expose[0].hostname",
    says: /default hostname "<namespace>-<service>" is invalid.*set hostname/,
  },
  {
    title: "duplicate hostnames",
    mutate: (s) =>
      s.expose!.push({
        namespace: "apps",
        service: "web",
        hostname: "K8S-Grafana",
        podLabels: { a: "b" },
        ports: [{ port: 80 }],
      }),
    path: "expose[1].hostname",
    says: /"K8S-Grafana" is already used by expose\[0\]/,
  },
  {
    title: "a tag without the tag: prefix",
    mutate: (s) => (s.expose![0].tags = ["k8s"]),
    path: "expose[0].tags[0]",
    says: /"k8s" is not a tag: tags start with "tag:"; write "tag:k8s"/,
  },
  {
    title: "a tag with a space",
    mutate: (s) => (s.operator!.proxyTags = ["tag:k8s", " tag:prod"]),
    path: "operator.proxyTags[1]",
    says: /" tag:prod" contains spaces; write "tag:prod"/,
  },
  {
    title: "a port outside 1-65535",
    mutate: (s) => (s.allow![0].ports = [{ port: 70000 }]),
    path: "allow[0].ports[0].port",
    says: /70000 is not a port: use a whole number from 1 to 65535/,
  },
  {
    title: "an endPort below port",
    mutate: (s) => (s.allow![0].ports = [{ port: 9000, endPort: 8000 }]),
    path: "allow[0].ports[0].endPort",
    says: /8000 is below port 9000.*swap them/,
  },
  {
    title: "an unknown protocol",
    mutate: (s) => (s.allow![0].ports = [{ port: 53, protocol: "udp" }]),
    path: "allow[0].ports[0].protocol",
    says: /"udp" is not a protocol: write "UDP"/,
  },
  {
    title: "an exposed port protocol Tailscale cannot proxy",
    mutate: (s) => (s.expose![0].ports = [{ port: 80, protocol: "SCTP" }]),
    path: "expose[0].ports[0].protocol",
    says: /use one of TCP, UDP/,
  },
  {
    title: "a CIDR without a prefix length",
    mutate: (s) => (s.allow![1].to = { cidr: "10.20.0.5" }),
    path: "allow[1].to.cidr",
    says: /"10.20.0.5" has no prefix length: for a single address write "10.20.0.5\/32"/,
  },
  {
    title: "a malformed CIDR",
    mutate: (s) => (s.allow![1].to = { cidr: "10.20.0/16" }),
    path: "allow[1].to.cidr",
    says: /"10.20.0\/16" is not a CIDR/,
  },
  {
    title: "a CIDR with host bits",
    mutate: (s) => (s.allow![1].to = { cidr: "10.20.1.0/16" }),
    path: "allow[1].to.cidr",
    says: /did you mean "10.20.0.0\/16"/,
  },
  {
    title: "an except outside its cidr",
    mutate: (s) => (s.allow![1].to = { cidr: "10.20.0.0/16", except: ["10.30.0.0/24"] }),
    path: "allow[1].to.except[0]",
    says: /"10.30.0.0\/24" is not strictly inside cidr "10.20.0.0\/16"/,
  },
  {
    title: "an endpoint that mixes cidr and labels",
    mutate: (s) => (s.allow![1].to = { cidr: "10.20.0.0/16", podLabels: { app: "db" } }),
    path: "allow[1].to",
    says: /mixes cidr "10.20.0.0\/16" with namespace\/podLabels/,
  },
  {
    title: "an endpoint that names nothing",
    mutate: (s) => (s.allow![1].to = { podLabels: { app: "db" } }),
    path: "allow[1].to",
    says: /names nothing: give a "namespace".*or a "cidr"/,
  },
  {
    title: "install without credentials",
    mutate: (s) => delete s.operator!.oauthClientSecret,
    path: "operator.oauthClientSecret",
    says: /is required to install the operator.*operator.install to false/,
  },
  {
    title: "a chart version range",
    mutate: (s) => (s.operator!.chartVersion = "^1.102"),
    path: "operator.chartVersion",
    says: /"\^1.102" is not an exact chart version/,
  },
  {
    title: "a chart version with a v",
    mutate: (s) => (s.operator!.chartVersion = "v1.102.2"),
    path: "operator.chartVersion",
    says: /e\.g\. "1.102.2"/,
  },
  {
    title: "a flow that no managed namespace enforces",
    mutate: (s) => (s.allow![0] = { name: "x", from: { namespace: "a" }, to: { namespace: "b" } }),
    path: "allow[0]",
    says: /neither side is in a managed namespace.*add "a" to namespaces/,
  },
  {
    title: "duplicate flow names",
    mutate: (s) => (s.allow![1].name = s.allow![0].name),
    path: "allow[1].name",
    says: /used twice/,
  },
  {
    title: "credentials in helmValues",
    mutate: (s) => (s.operator!.helmValues = { oauth: { clientSecret: "x" } }),
    path: "operator.helmValues.oauth",
    says: /must not go into Helm values/,
  },
  {
    title: "the operator namespace listed as an app namespace",
    mutate: (s) => (s.namespaces!.tailscale = {}),
    path: "namespaces.tailscale",
    says: /is the operator namespace/,
  },
  {
    title: "an exposure without backend labels",
    mutate: (s) => (s.expose![0].podLabels = {}),
    path: "expose[0].podLabels",
    says: /is required: the labels of the backend pods/,
  },
];

describe("validateSpec", () => {
  it("accepts the homelab", () => {
    assert.deepEqual(validateSpec(homelab()), []);
  });

  itRejects(cases);

  it("lists every problem at once, and planning throws them all", () => {
    const spec = homelab();
    spec.expose![0].tags = ["k8s"];
    spec.allow![0].ports = [{ port: 0 }];
    assert.throws(
      () => planZeroTrust(spec),
      (err: unknown) =>
        err instanceof ZeroTrustValidationError &&
        err.issues.length === 2 &&
        /nothing was created/.test(err.message) &&
        /expose\[0\]\.tags\[0\]/.test(err.message),
    );
  });

  it("accepts install: false without credentials", () => {
    const spec = homelab();
    spec.operator = { install: false };
    assert.deepEqual(validateSpec(spec), []);
  });
});

describe("unknown fields", () => {
  it("names a misspelt field and the closest known one", () => {
    const spec: any = homelab();
    spec.allow[0].from.podLabel = { app: "frontend" };
    spec.namespaces.apps.allowDNS = false;
    spec.expose[0].ports[0].target = 3000;
    const issues = validateSpec(spec);
    assert.deepEqual(
      issues.map((i) => [i.path, i.message]),
      [
        ["namespaces.apps.allowDNS", 'is not a known field: did you mean "allowDns"?'],
        ["allow[0].from.podLabel", 'is not a known field: did you mean "podLabels"?'],
        ["expose[0].ports[0].target", 'is not a known field: did you mean "targetPort"?'],
      ],
    );
  });

  it("lists the known fields when nothing is close", () => {
    const spec: any = homelab();
    spec.somethingElse = true;
    assert.match(validateSpec(spec)[0].message, /known fields: operator, clusterDns, namespaces/);
  });
});
