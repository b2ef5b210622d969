import { itRejects, type RejectCase } from "./rejects";

describe("field types (YAML, Python and Go users have no compiler to catch them)", () => {
  const typeCases: RejectCase[] = [
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
  itRejects(typeCases);
});

describe("exposure rules", () => {
  const exposureCases: RejectCase[] = [
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
  itRejects(exposureCases);
});
