import assert from "node:assert/strict";
import {
  type ClusterExport,
  FleetValidationError,
  fleetFromExports,
  planFleet,
  proveFleet,
} from "../../sdk/fleet";
import { BASE_POLICY, twoClusters } from "./fixtures";

/** Issue 23.3: a FleetTailnet checks each export's fragment against what that cluster owns. */

const exportsOf = () => proveFleet(planFleet(twoClusters())).exports;

/** `edge` with its fragment changed by `edit`; `core` as planned. */
function withEdge(edit: (fragment: any) => void): ClusterExport[] {
  return exportsOf().map((x) => {
    if (x.cluster !== "edge") return x;
    const fragment = structuredClone(x.fragment);
    edit(fragment);
    return { ...x, fragment };
  });
}

function refusal(exports: ClusterExport[]): string[] {
  try {
    fleetFromExports(exports, { basePolicy: BASE_POLICY });
  } catch (err) {
    if (err instanceof FleetValidationError) return err.issues.map((i) => `${i.path}: ${i.message}`);
    throw err;
  }
  return assert.fail("the fleet accepted the fragment");
}

describe("FleetTailnet trusts nobody's fragment", () => {
  it("accepts the clusters' own fragments, with the link both carry", () => {
    const { links } = fleetFromExports(exportsOf(), { basePolicy: BASE_POLICY });
    assert.ok(links.length > 0);
  });

  it("refuses a grant of autogroup:member to * for the whole tailnet, naming the export", () => {
    const issues = refusal(
      withEdge((f) => f.grants.push({ src: ["autogroup:member"], dst: ["*"], ip: ["*"] })),
    );
    assert.equal(issues.length, 1, issues.join("\n"));
    assert.match(
      issues[0],
      /^exports\.edge\.fragment\.grants\[1\]: grants \["autogroup:member"\] access to \["\*"\], which cluster edge does not own/,
    );
  });

  it("refuses a grant to another cluster's tag that cluster does not carry", () => {
    const issues = refusal(
      withEdge((f) =>
        f.grants.push({ src: ["tag:k8s-edge-egress-orders"], dst: ["tag:k8s-core-orders"], ip: ["tcp:22"] }),
      ),
    );
    assert.match(issues.join("\n"), /exports\.edge\.fragment\.grants\[1\]/);
  });

  it("refuses sections a cluster may not write, and taking over tags", () => {
    const issues = refusal(
      withEdge((f) => {
        f.groups = { "group:sre": ["mallory@example.com"] };
        f.tagOwners["tag:k8s-core-orders"] = ["tag:k8s-operator"];
        f.tagOwners["tag:k8s-edge-egress-orders"] = ["autogroup:member"];
      }),
    ).join("\n");
    assert.match(issues, /exports\.edge\.fragment\.groups: is not a section a cluster may write/);
    assert.match(
      issues,
      /exports\.edge\.fragment\.tagOwners\["tag:k8s-core-orders"\]: is also a tag of cluster core/,
    );
    assert.match(issues, /tagOwners\["tag:k8s-edge-egress-orders"\]: names owner "autogroup:member"/);
  });

  it("refuses auto-approving a route into the tailnet and tests of other clusters' devices", () => {
    const issues = refusal(
      withEdge((f) => {
        f.autoApprovers = { routes: { "100.64.0.0/10": ["tag:k8s-edge-egress-orders"] } };
        f.tests.push({ src: "group:sre", accept: ["tag:k8s-core-orders:443"] });
      }),
    ).join("\n");
    assert.match(
      issues,
      /autoApprovers\.routes\["100\.64\.0\.0\/10"\]: is a route into the tailnet's own addresses/,
    );
    assert.match(issues, /exports\.edge\.fragment\.tests\[1\]: tests what cluster edge does not own/);
  });

  it("refuses keys equal but for case, which Tailscale reads as one (the later wins)", () => {
    // The guard would judge `dst` (edge's own tag) while the tailnet obeys `Dst: ["*"]`.
    const grant = refusal(
      withEdge((f) =>
        f.grants.push({
          src: ["autogroup:member"],
          dst: ["tag:k8s-edge-egress-orders"],
          Dst: ["*"],
          ip: ["*"],
        }),
      ),
    ).join("\n");
    assert.match(
      grant,
      /exports\.edge\.fragment\.grants\[1\]: has the keys "dst" and "Dst", equal but for case/,
    );
    // A second section spelt otherwise, carrying what the checked one does not.
    const section = refusal(
      withEdge((f) => {
        f.Grants = [{ src: ["autogroup:member"], dst: ["*"], ip: ["*"] }];
      }),
    ).join("\n");
    assert.match(section, /exports\.edge\.fragment: has the keys "grants" and "Grants", equal but for case/);
  });

  it("refuses grants to the tags every cluster's operator and proxies share, but the API server proxy's", () => {
    const issues = refusal(
      withEdge((f) => {
        f.grants.push({ src: ["autogroup:member"], dst: ["tag:k8s"], ip: ["*"] });
        f.grants.push({
          src: ["autogroup:member"],
          dst: ["tag:k8s-operator"],
          ip: ["tcp:443"],
          app: { "tailscale.com/cap/kubernetes": [{ impersonate: { groups: ["system:masters"] } }] },
        });
      }),
    ).join("\n");
    assert.match(
      issues,
      /exports\.edge\.fragment\.grants\[1\]: grants access to \["tag:k8s"\], a tag the operators or proxies of every cluster carry/,
    );
    assert.match(issues, /exports\.edge\.fragment\.grants\[2\]: grants access to \["tag:k8s-operator"\]/);
    // The grant apiServerProxy.access generates stays accepted.
    const spec = twoClusters() as any;
    spec.clusters.edge.apiServerProxy = {
      access: [{ sources: ["group:sre"], groups: ["edge-admins"], clusterRoles: ["view"] }],
    };
    assert.doesNotThrow(() =>
      fleetFromExports(proveFleet(planFleet(spec)).exports, { basePolicy: BASE_POLICY }),
    );
    // Two stacks, each planned alone, both with the proxy behind the default operator tag.
    const alone = (name: "core" | "edge", group: string) => {
      const one = twoClusters() as any;
      one.links = [];
      one.clusters[name].apiServerProxy = {
        access: [{ sources: ["group:sre"], groups: [group], clusterRoles: ["view"] }],
      };
      return proveFleet(planFleet(one)).exports.find((x) => x.cluster === name)!;
    };
    const both = refusal([alone("core", "core-admins"), alone("edge", "edge-admins")]).join("\n");
    assert.match(
      both,
      /exports\.edge\.fragment\.grants\[\d\]: grants the API server proxy on tag:k8s-operator, which cluster core's grant names too/,
    );
  });

  describe("Tailscale Services and routes: one owner each", () => {
    /** core serves orders as svc:core-orders (an ingress ProxyGroup); edge routes the office LAN. */
    const exportsWithServices = () => {
      const spec = twoClusters() as any;
      spec.clusters.core.proxyGroups = { web: { type: "ingress" } };
      spec.clusters.core.expose[0].proxyGroup = "web";
      spec.clusters.edge.connectors = {
        office: { routes: ["192.168.10.0/24"], access: [{ sources: ["group:sre"], ports: [{ port: 22 }] }] },
      };
      spec.links = [];
      return proveFleet(planFleet(spec)).exports;
    };
    const edited = (cluster: string, edit: (fragment: any) => void) =>
      exportsWithServices().map((x) => {
        if (x.cluster !== cluster) return x;
        const fragment = structuredClone(x.fragment);
        edit(fragment);
        return { ...x, fragment };
      });

    it("accepts each cluster's own Service and route", () => {
      assert.doesNotThrow(() => fleetFromExports(exportsWithServices(), { basePolicy: BASE_POLICY }));
    });

    it("refuses auto-approving another cluster's Tailscale Service (its devices would take its traffic)", () => {
      const issues = refusal(
        edited("edge", (f) => {
          f.autoApprovers.services = { "svc:core-orders": ["tag:k8s-office"] };
        }),
      ).join("\n");
      assert.match(
        issues,
        /exports\.edge\.fragment\.autoApprovers\.services\["svc:core-orders"\]: is not a Tailscale Service of cluster edge/,
      );
    });

    it("refuses a route another cluster or the base policy approves", () => {
      const issues = refusal(
        edited("core", (f) => {
          f.autoApprovers.routes = { "192.168.10.128/25": ["tag:k8s-web"] };
        }),
      ).join("\n");
      assert.match(
        issues,
        /exports\.core\.fragment\.autoApprovers\.routes\["192\.168\.10\.128\/25"\]: overlaps the route 192\.168\.10\.0\/24 that cluster edge approves/,
      );
      const base = JSON.stringify({
        ...JSON.parse(BASE_POLICY),
        autoApprovers: { routes: { "192.168.0.0/16": ["group:sre"] } },
      });
      assert.throws(
        () => fleetFromExports(exportsWithServices(), { basePolicy: base }),
        /autoApprovers\.routes\["192\.168\.10\.0\/24"\]: overlaps the route 192\.168\.0\.0\/16 that the base policy approves/,
      );
    });
  });
});
