import type { FleetSpec } from "../sdk/fleet/types";
import { platformDeclaration } from "./declaration";

/**
 * A fleet at scale: `clusters` platform clusters of `namespaces` namespaces each (the issue-8
 * declaration), and `links` links spread evenly: cluster i's `team-k/app=api` reaches cluster
 * i+1's exposed `team-k/web`. Deterministic, valid input.
 */
export function fleetDeclaration(clusters: number, namespaces: number, links: number): FleetSpec {
  const names = Array.from({ length: clusters }, (_, i) => `c${String(i).padStart(2, "0")}`);
  const spec: FleetSpec = {
    clusters: Object.fromEntries(names.map((n) => [n, platformDeclaration(namespaces)])),
    links: [],
    tailnet: {
      domain: "tail1234.ts.net",
      basePolicy: JSON.stringify({
        groups: Object.fromEntries(
          Array.from({ length: namespaces }, (_, k) => [
            `group:team-${String(k).padStart(3, "0")}`,
            ["a@example.com"],
          ]),
        ),
        grants: [{ src: ["autogroup:member"], dst: ["autogroup:self"], ip: ["*"] }],
      }),
    },
  };
  for (let l = 0; l < links; l++) {
    const from = names[l % clusters];
    const to = names[(l + 1) % clusters];
    const team = `team-${String(Math.floor(l / clusters) % namespaces).padStart(3, "0")}`;
    spec.links!.push({
      name: `l${l}`,
      from: { cluster: from, namespace: team, podLabels: { app: "api" } },
      to: { cluster: to, namespace: team, service: "web" },
      ports: [{ port: 80 }],
    });
  }
  return spec;
}
