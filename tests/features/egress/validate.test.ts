import { itRejects } from "../../core/rejects";

const db = (s: any) => s.egress?.[0] ?? {};
const add = (s: any, e: any) => {
  s.egress = [{ name: "db", namespace: "apps", tailnetIp: "100.64.0.50", ports: [{ port: 5432 }], ...e }];
};

describe("egress: bad input fails before anything is created", () => {
  itRejects([
    ["no target", (s) => add(s, { tailnetIp: undefined }), "egress[0]", /names no target/],
    [
      "both targets",
      (s) => add(s, { tailnetFqdn: "db.tail1234.ts.net" }),
      "egress[0]",
      /both tailnetFqdn and tailnetIp/,
    ],
    [
      "an FQDN outside ts.net",
      (s) => add(s, { tailnetIp: undefined, tailnetFqdn: "db.example.com", grantDst: "tag:db" }),
      "egress[0].tailnetFqdn",
      /"db.example.com" is not a MagicDNS name/,
    ],
    [
      "a range as tailnetIp",
      (s) => add(s, { tailnetIp: "100.64.0.0/24" }),
      "egress[0].tailnetIp",
      /no ranges/,
    ],
    [
      "an FQDN without grantDst",
      (s) => add(s, { tailnetIp: undefined, tailnetFqdn: "db.tail1234.ts.net" }),
      "egress[0].grantDst",
      /is required with tailnetFqdn/,
    ],
    [
      "a grantDst alias the base policy does not define",
      (s) => add(s, { grantDst: "database" }),
      "egress[0].grantDst",
      /"database" is neither a tag, an IP address nor a hosts alias/,
    ],
    [
      "a bad grantDst tag",
      (s) => add(s, { grantDst: "tag:1db" }),
      "egress[0].grantDst",
      /must start with a letter/,
    ],
    ["no ports", (s) => add(s, { ports: [] }), "egress[0].ports", /at least one port/],
    [
      "SCTP",
      (s) => add(s, { ports: [{ port: 5432, protocol: "SCTP" }] }),
      "egress[0].ports[0].protocol",
      /TCP, UDP/,
    ],
    ["a bad Service name", (s) => add(s, { name: "DB" }), "egress[0].name", /not a valid Service name/],
    [
      "a name an exposure already uses",
      (s) => add(s, { name: "grafana", namespace: "monitoring" }),
      "egress[0].name",
      /already a Service/,
    ],
    [
      "a shared tag",
      (s) => add(s, { tags: ["tag:k8s"] }),
      "egress[0].tags",
      /tag:k8s is carried by other proxies or the operator too/,
    ],
    [
      "two egresses with one derived tag",
      (s) => {
        add(s, {});
        s.egress.push({ ...db(s), namespace: "monitoring" });
      },
      "egress[1].tags",
      /tag:k8s-egress-db is carried by other proxies/,
    ],
    [
      "a proxyGroup created elsewhere without its tags",
      (s) => add(s, { proxyGroup: "egress-ha" }),
      "egress[0].tags",
      /is required with a proxyGroup not declared in proxyGroups/,
    ],
    [
      "a proxyClass with a proxyGroup",
      (s) => add(s, { proxyGroup: "egress-ha", tags: ["tag:ha"], proxyClass: "small" }),
      "egress[0].proxyClass",
      /does not apply with proxyGroup/,
    ],
    [
      "a bad client label",
      (s) => add(s, { from: [{ podLabels: { app: "a b" } }] }),
      'egress[0].from[0].podLabels["app"]',
      /invalid value "a b"/,
    ],
    [
      "a misspelt field",
      (s) => add(s, { tailnetIP: "100.64.0.50" }),
      "egress[0].tailnetIP",
      /did you mean "tailnetIp"/,
    ],
  ]);
});
