import assert from "node:assert/strict";
import { planZeroTrust, validateSpec, ZeroTrustValidationError } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/core/types";
import { homelab } from "../fixtures";

/** Each case breaks the homelab in one way and names the field and the words the error must carry. */
const cases: { title: string; mutate: (s: ZeroTrustSpec) => void; path: string; says: RegExp }[] = [
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

  for (const c of cases) {
    it(`rejects ${c.title}`, () => {
      const spec = homelab();
      c.mutate(spec);
      const issues = validateSpec(spec);
      const issue = issues.find((i) => i.path === c.path);
      assert.ok(issue, `expected an issue at ${c.path}, got ${JSON.stringify(issues)}`);
      assert.match(issue.message, c.says);
    });
  }

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

describe("field types (YAML, Python and Go users have no compiler to catch them)", () => {
  const typeCases: [string, (s: any) => void, string, RegExp][] = [
    [
      "a quoted boolean",
      (s) => (s.operator.install = "false"),
      "operator.install",
      /must be true or false \(unquoted\), not "false"/,
    ],
    [
      "YAML 1.2's no",
      (s) => (s.namespaces.apps = { create: "no" }),
      "namespaces.apps.create",
      /must be true or false/,
    ],
    [
      "a list of namespaces",
      (s) => (s.namespaces = ["apps", "monitoring"]),
      "namespaces",
      /must be a map keyed by name, e.g. \{apps: \{\}\}, not a list/,
    ],
    [
      "a quoted port",
      (s) => (s.allow[0].ports[0].port = "8080"),
      "allow[0].ports[0].port",
      /must be a number \(unquoted\), not "8080"/,
    ],
    [
      "a number label value",
      (s) => (s.expose[0].podLabels = { tier: 1 }),
      "expose[0].podLabels",
      /a map of string labels.*quote numbers/,
    ],
    [
      "a tag string instead of a list",
      (s) => (s.expose[0].tags = "tag:a,tag:b"),
      "expose[0].tags",
      /must be a list of strings/,
    ],
    ["a map instead of a list of flows", (s) => (s.allow = { a: {} }), "allow", /must be a list/],
  ];
  for (const [title, mutate, path, says] of typeCases) {
    it(`rejects ${title}`, () => {
      const spec: any = homelab();
      mutate(spec);
      const issue = validateSpec(spec).find((i) => i.path === path);
      assert.ok(issue, `expected an issue at ${path}: ${JSON.stringify(validateSpec(spec))}`);
      assert.match(issue.message, says);
    });
  }
});

describe("exposure rules", () => {
  const exposureCases: [string, (s: any) => void, string, RegExp][] = [
    [
      "two exposures whose derived tags collide",
      (s) => {
        s.expose[0].access = ["group:sre"];
        s.expose.push({
          namespace: "apps",
          service: "grafana",
          hostname: "grafana",
          podLabels: { app: "g" },
          ports: [{ port: 80 }],
          access: ["group:dev"],
        });
      },
      "expose[1].tags",
      /tag:k8s-grafana is shared with another exposure.*give it a tag of its own/,
    ],
    [
      "access on the shared default proxy tag",
      (s) => {
        s.expose[0].access = ["group:sre"];
        s.expose[0].tags = ["tag:k8s"];
      },
      "expose[0].tags",
      /tag:k8s is shared with another exposure or the default proxy tags/,
    ],
    [
      "patching an existing Service into a LoadBalancer",
      (s) => Object.assign(s.expose[0], { patchExisting: true, via: "loadBalancer" }),
      "expose[0].patchExisting",
      /class is immutable/,
    ],
    [
      "an upper-case Ingress host",
      (s) => Object.assign(s.expose[0], { hostname: "Grafana", via: "ingress" }),
      "expose[0].hostname",
      /lower case: write "grafana"/,
    ],
    [
      "UDP on an Ingress",
      (s) => Object.assign(s.expose[0], { via: "ingress", ports: [{ port: 53, protocol: "UDP" }] }),
      "expose[0].ports[0].protocol",
      /use one of TCP/,
    ],
    [
      "two ports on an Ingress",
      (s) => Object.assign(s.expose[0], { via: "ingress", ports: [{ port: 80 }, { port: 81 }] }),
      "expose[0].ports",
      /exactly one port/,
    ],
    [
      "duplicate port names",
      (s) =>
        (s.expose[0].ports = [
          { port: 53, name: "dns" },
          { port: 53, protocol: "UDP", name: "dns" },
        ]),
      "expose[0].ports[1].name",
      /already the name of ports\[0\]/,
    ],
    [
      "a port name Kubernetes rejects",
      (s) => (s.expose[0].ports[0].name = "HTTP_Port"),
      "expose[0].ports[0].name",
      /not a valid port name/,
    ],
    [
      "tag values in helmValues",
      (s) => (s.operator.helmValues = { proxyConfig: { defaultTags: ["tag:k8s"] } }),
      "operator.helmValues.proxyConfig.defaultTags",
      /set operator.proxyTags instead/,
    ],
    [
      "creating kube-system",
      (s) => (s.namespaces["kube-system"] = {}),
      "namespaces.kube-system",
      /exists in every cluster.*create: false/,
    ],
    [
      "an IPv4 CIDR with leading zeros",
      (s) => (s.allow[1].to = { cidr: "010.20.0.0/16" }),
      "allow[1].to.cidr",
      /leading zero: write "10.20.0.0\/16"/,
    ],
  ];
  for (const [title, mutate, path, says] of exposureCases) {
    it(`rejects ${title}`, () => {
      const spec: any = homelab();
      mutate(spec);
      const issue = validateSpec(spec).find((i) => i.path === path);
      assert.ok(issue, `expected an issue at ${path}: ${JSON.stringify(validateSpec(spec))}`);
      assert.match(issue.message, says);
    });
  }
});
