import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planZeroTrust } from "../../sdk/pipeline/plan";
import { homelab } from "../fixtures";
import { run } from "./run";

const HOMELAB = "examples/homelab/zerotrust.yaml";

/** The homelab args with a Pi-hole exposed to group:sre on the given ports, as a file. */
function withPihole(ports: string): string {
  const pihole = [
    "  - namespace: apps",
    "    service: pihole",
    "    hostname: pihole",
    "    podLabels: { app: pihole }",
    `    ports: ${ports}`,
    '    access: ["group:sre"]',
    "",
  ].join("\n");
  const text = fs.readFileSync(HOMELAB, "utf8").replace(/^expose:\n/m, `expose:\n${pihole}`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tzt-")), "zerotrust.yaml");
  fs.writeFileSync(file, text);
  return file;
}

const DNS_UDP = "[{ port: 53, protocol: UDP, name: dns }]";
const DNS_BOTH = "[{ port: 53, protocol: UDP, name: dns }, { port: 53, protocol: TCP, name: dns-tcp }]";

/** Outputs that say exactly what is true: a URL only where the port speaks HTTP(S); the tailnet sources in the picture. */
describe("outputs that say exactly what is true", () => {
  it("gives a DNS exposure an address but no URL", () => {
    const spec = homelab();
    spec.expose!.push({
      namespace: "apps",
      service: "pihole",
      hostname: "pihole",
      podLabels: { app: "pihole" },
      ports: [
        { port: 53, protocol: "UDP", name: "dns" },
        { port: 53, protocol: "TCP", name: "dns-tcp" },
      ],
    });
    const { hostnames } = planZeroTrust(spec);
    assert.deepEqual(hostnames["apps/pihole"], { hostname: "pihole", address: "pihole:53" });
    assert.deepEqual(hostnames["monitoring/grafana"], {
      hostname: "k8s-grafana",
      address: "k8s-grafana:80",
      url: "http://k8s-grafana",
    });
  });

  it("gives a URL to a port named http or https, with its port", () => {
    const spec = homelab();
    spec.tailnet = { domain: "tail1234.ts.net" };
    spec.expose![0].ports = [{ port: 8443, targetPort: 3000, name: "https" }];
    assert.deepEqual(planZeroTrust(spec).hostnames["monitoring/grafana"], {
      hostname: "k8s-grafana",
      address: "k8s-grafana.tail1234.ts.net:8443",
      url: "https://k8s-grafana.tail1234.ts.net:8443",
    });
    spec.expose![0].ports = [{ port: 5432, targetPort: 5432 }];
    assert.equal(planZeroTrust(spec).hostnames["monitoring/grafana"].url, undefined);
  });

  it("draws the tailnet sources in the mermaid picture, into the proxy they reach", async () => {
    const { code, stdout } = await run(["plan", "-f", "examples/homelab/zerotrust.yaml", "-o", "mermaid"]);
    assert.equal(code, 0);
    const ids = new Map([...stdout.matchAll(/(n\d+)[[(]+"([^"]+)"/g)].map((m) => [m[2], m[1]]));
    const source = ids.get("tailnet: group:sre");
    const proxy = ids.get("tailscale/proxy(monitoring/grafana)");
    assert.ok(source && proxy, stdout);
    assert.match(stdout, new RegExp(`${source} -->\\|"tailnet TCP/80"\\| ${proxy}\\b`));
  });

  it("names the protocol in every tailnet path line, so DNS over UDP and TCP are two lines", async () => {
    const { code, stdout } = await run(["plan", "-f", withPihole(DNS_BOTH)]);
    assert.equal(code, 0, stdout);
    const lines = stdout.split("\n").filter((l) => l.includes("pihole") && l.includes(" -> "));
    assert.deepEqual(lines, [
      "group:sre -> pihole UDP/53 -> apps/app=pihole UDP/53",
      "group:sre -> pihole TCP/53 -> apps/app=pihole TCP/53",
    ]);
    const markdown = (await run(["plan", "-f", withPihole(DNS_BOTH), "-o", "markdown"])).stdout;
    assert.match(markdown, /^- `group:sre -> pihole UDP\/53 -> apps\/app=pihole UDP\/53`$/m);
    assert.match(markdown, /-->\|"tailnet UDP\/53"\|/);
    assert.match(markdown, /-->\|"tailnet TCP\/53"\|/);
  });

  it("diffs a tailnet path that gains TCP beside UDP on the same port as opened", async () => {
    const { code, stdout } = await run(["diff", withPihole(DNS_UDP), withPihole(DNS_BOTH), "-o", "json"]);
    assert.equal(code, 1, stdout);
    assert.deepEqual(JSON.parse(stdout).tailnetPaths.opened, [
      "group:sre -> pihole TCP/53 -> apps/app=pihole TCP/53",
    ]);
  });
});
