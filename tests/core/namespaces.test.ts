import assert from "node:assert/strict";
import { validateSpec } from "../../sdk/core";
import { withEgress } from "../features/egress/fixtures";
import { homelab } from "../fixtures";
import { itRejects } from "./rejects";

/**
 * No silent typos: a flow, exposure or egress that names a namespace the declaration neither
 * manages nor acknowledges is refused, with the closest declared namespace as the fix.
 */
describe("namespaces a declaration may name", () => {
  itRejects([
    [
      "a flow to a misspelt namespace, naming the one meant",
      (s) => {
        s.namespaces.db = {};
        s.allow[0].to.namespace = "dbs";
      },
      "allow[0].to.namespace",
      /"dbs" is neither managed \(namespaces\) nor acknowledged \(unmanagedNamespaces\): did you mean "db"\?/,
    ],
    [
      "a flow from a namespace nobody declared",
      (s) => (s.allow[0].from.namespace = "shop"),
      "allow[0].from.namespace",
      /"shop" is neither managed.*add it to namespaces.*or to unmanagedNamespaces/,
    ],
    [
      "an exposure in a namespace nobody declared",
      (s) => (s.expose[0].namespace = "monitorng"),
      "expose[0].namespace",
      /"monitorng" is neither managed.*did you mean "monitoring"\?/,
    ],
    [
      "an acknowledged namespace that is also managed",
      (s) => (s.unmanagedNamespaces = ["ingress-nginx", "apps"]),
      "unmanagedNamespaces[1]",
      /"apps" is managed by this declaration: remove it from unmanagedNamespaces/,
    ],
    [
      "an acknowledged namespace Kubernetes would refuse",
      (s) => (s.unmanagedNamespaces = ["Ingress_Nginx"]),
      "unmanagedNamespaces[0]",
      /"Ingress_Nginx" is not a valid namespace name/,
    ],
    [
      "unmanagedNamespaces that is not a list of names",
      (s) => (s.unmanagedNamespaces = "ingress-nginx"),
      "unmanagedNamespaces",
      /must be a list of strings/,
    ],
  ]);

  it("rejects an egress in, or for clients of, a namespace nobody declared", () => {
    const spec = withEgress();
    spec.egress![0].namespace = "aps";
    spec.egress![0].from = [{ namespace: "backend" }];
    const issues = validateSpec(spec);
    assert.match(
      issues.find((i) => i.path === "egress[0].namespace")?.message ?? "",
      /"aps" is neither managed.*did you mean "apps"\?/,
    );
    assert.match(
      issues.find((i) => i.path === "egress[0].from[0].namespace")?.message ?? "",
      /"backend" is neither managed/,
    );
  });

  it("suggests nothing for a name far from every declared one", () => {
    const spec = homelab();
    spec.allow![0].to.namespace = "payments";
    const [issue] = validateSpec(spec);
    assert.equal(issue.path, "allow[0].to.namespace");
    assert.doesNotMatch(issue.message, /did you mean/);
  });

  it("accepts acknowledged namespaces, the built-in ones and the operator's", () => {
    const spec = homelab();
    spec.unmanagedNamespaces = ["ingress-nginx"];
    spec.operator!.isolate = false;
    spec.allow!.push(
      {
        name: "ingress-to-frontend",
        from: { namespace: "ingress-nginx", podLabels: { app: "controller" } },
        to: { namespace: "apps", podLabels: { app: "frontend" } },
      },
      { name: "apps-to-system", from: { namespace: "apps" }, to: { namespace: "kube-system" } },
      { name: "apps-to-operator", from: { namespace: "apps" }, to: { namespace: "tailscale" } },
    );
    spec.expose!.push({
      namespace: "ingress-nginx",
      service: "controller",
      podLabels: { app: "controller" },
      ports: [{ port: 443 }],
    });
    assert.deepEqual(validateSpec(spec), []);
  });
});
