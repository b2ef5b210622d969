import type { ZeroTrustClusterArgs } from "../sdk/component/args";

/**
 * The declaration of issue 8 at platform scale: `count` namespaces, each with five flows (one of
 * them to the next namespace, so a fifth cross namespaces) and one Service exposed to the tailnet
 * with `access` for the namespace's team. Shaped like a real platform's tenants, deterministic,
 * and valid input: the bench times it and the tests prove it.
 */
export function platformDeclaration(count: number): ZeroTrustClusterArgs {
  const names = Array.from({ length: count }, (_, i) => `team-${String(i).padStart(3, "0")}`);
  const namespaces: NonNullable<ZeroTrustClusterArgs["namespaces"]> = {};
  const allow: NonNullable<ZeroTrustClusterArgs["allow"]> = [];
  const expose: NonNullable<ZeroTrustClusterArgs["expose"]> = [];
  names.forEach((ns, i) => {
    const next = names[(i + 1) % count];
    const app = (namespace: string, name: string) => ({ namespace, podLabels: { app: name } });
    namespaces[ns] = { labels: { team: ns } };
    allow.push(
      { name: `${ns}-web-to-api`, from: app(ns, "web"), to: app(ns, "api"), ports: [{ port: 8080 }] },
      { name: `${ns}-api-to-db`, from: app(ns, "api"), to: app(ns, "db"), ports: [{ port: 5432 }] },
      { name: `${ns}-worker-to-db`, from: app(ns, "worker"), to: app(ns, "db"), ports: [{ port: 5432 }] },
      {
        name: `${ns}-worker-to-queue`,
        from: app(ns, "worker"),
        to: app(ns, "queue"),
        ports: [{ port: 5672 }, { port: 15672 }],
      },
      { name: `${ns}-api-to-next`, from: app(ns, "api"), to: app(next, "api"), ports: [{ port: 8080 }] },
    );
    expose.push({
      namespace: ns,
      service: "web",
      hostname: `${ns}-web`,
      podLabels: { app: "web" },
      ports: [{ port: 80, targetPort: 8080 }],
      access: [`group:${ns}`],
    });
  });
  return {
    // A kubeadm-style platform cluster: three control-plane endpoints, the default pod and Service ranges.
    operator: {
      oauthClientId: "platform-client",
      oauthClientSecret: "platform-secret",
      apiServer: { cidrs: ["172.16.0.10/32", "172.16.0.11/32", "172.16.0.12/32"], ports: [6443] },
      clusterCidrs: ["10.244.0.0/16", "10.96.0.0/12"],
    },
    namespaces,
    allow,
    expose,
  };
}
