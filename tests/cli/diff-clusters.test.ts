import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseIp } from "../../sdk/reach";
import { rangeContains } from "../../sdk/reach/netpol/addresses";
import { run } from "./run";

/** `diff` of two cluster exports (or manifest folders) as a merge gate: every port, every address, every workload. */

const GATE = "tests/cli/fixtures/gate";
const diff = (name: string, ...args: string[]) =>
  run(["diff", `${GATE}/${name}-old`, `${GATE}/${name}-new`, ...args]);

interface Change {
  change: string;
  from: string;
  to: string;
  portsText: string;
  ports: { protocol: string; ports: number[] }[];
  addresses?: { first: string; last: string }[];
  why: string;
}
const text = (c: Change) => `${c.change} ${c.from} -> ${c.to} on ${c.portsText}`;

describe("diff of cluster exports: all ports, all addresses, workloads", () => {
  it("reads workloads and sees checkout -> cart move to a port no container declares (np-guard onlineboutique_workloads)", async () => {
    const { code, stdout, stderr } = await diff("boutique", "-o", "json");
    assert.equal(stderr, "");
    assert.equal(code, 1);
    const d = JSON.parse(stdout);
    assert.deepEqual([...d.opened, ...d.closed].map(text), [
      "opens boutique/deployment/checkoutservice -> boutique/deployment/cartservice on TCP/8000",
      "closes boutique/deployment/checkoutservice -> boutique/deployment/cartservice on TCP/7070",
    ]);
    assert.match(
      d.opened[0].why,
      /allowed by boutique\/checkoutservice-netpol spec\.egress\[0\]; ingress .* allowed by boutique\/cartservice-netpol spec\.ingress\[0\]/,
    );
    assert.match(
      d.closed[0].why,
      /^Denied .* isolated for egress by policies boutique\/default-deny, boutique\/checkoutservice-netpol/,
    );
  });

  it("sees every other port open when a rule loses its ports, on a container that declares none", async () => {
    const { code, stdout } = await diff("ports");
    assert.equal(code, 1);
    assert.match(stdout, /^Allowed connections: 1 opens, 0 close, \d+ unchanged\.$/m);
    assert.match(
      stdout,
      /^opens {2,}shop\/deployment\/web {2,}shop\/deployment\/api {2,}TCP\/1-8079,8081-65535; UDP\/\*; SCTP\/\*$/m,
    );
    assert.match(
      stdout,
      /ingress of shop\/deployment\/api is allowed by shop\/api-ingress spec\.ingress\[0\]/,
    );
    const back = await run(["diff", `${GATE}/ports-new`, `${GATE}/ports-old`]);
    assert.equal(back.code, 0, "narrowing the rule again opens nothing");
    assert.match(
      back.stdout,
      /^closes {2,}shop\/deployment\/web .*TCP\/1-8079,8081-65535; UDP\/\*; SCTP\/\*$/m,
    );
  });

  it("reports the rest of the internet opening when an ipBlock rule becomes allow-all (203.0.113.9)", async () => {
    const { code, stdout } = await diff("internet", "-o", "json");
    assert.equal(code, 1);
    const d = JSON.parse(stdout);
    assert.deepEqual(d.closed, []);
    const internet = d.opened.find(
      (c: Change) => c.to === "shop/statefulset/db" && c.from.startsWith("0.0.0.0/0"),
    );
    assert.equal(text(internet), "opens 0.0.0.0/0 except 10.0.0.0/8 -> shop/statefulset/db on any port");
    const ip = parseIp("203.0.113.9")!;
    assert.ok(
      internet.addresses.some((a: { first: string; last: string }) =>
        rangeContains({ family: 4, first: parseIp(a.first)!.value, last: parseIp(a.last)!.value }, ip),
      ),
      JSON.stringify(internet.addresses),
    );
    assert.ok(
      !internet.addresses.some((a: { first: string }) => a.first === "10.0.0.0"),
      "10.0.0.0/8 was already allowed",
    );
    assert.match(internet.why, /allowed by shop\/db-ingress spec\.ingress\[0\]/);
    assert.deepEqual(
      d.opened.map(text).filter((t: string) => t !== text(internet)),
      [
        "opens ::/0 -> shop/statefulset/db on any port",
        "opens shop/statefulset/db -> shop/statefulset/db on any port",
      ],
      "IPv6 and the replicas of db among themselves open too",
    );
    assert.match(
      d.opened[2].why,
      /^Allowed shop\/statefulset\/db \(another replica\) -> shop\/statefulset\/db on TCP\/\*: /,
    );
  });

  it("prints a pull-request comment with a diff block and a reason per change", async () => {
    const { stdout } = await diff("ports", "-o", "markdown");
    assert.match(stdout, /^<!-- tailnet-zerotrust diff -->\n### tailnet-zerotrust: cluster exports /);
    assert.match(stdout, /\*\*This change opens access/);
    assert.match(
      stdout,
      /```diff\n\+ shop\/deployment\/web -> shop\/deployment\/api on TCP\/1-8079,8081-65535; UDP\/\*; SCTP\/\*\n```/,
    );
    assert.match(stdout, /- opens `shop\/deployment\/web -> shop\/deployment\/api on .*`: Allowed /);
  });

  it("treats an empty side as nothing allowed, and a new workload as opening", async () => {
    const { code, stdout } = await run(["diff", "/dev/null", `${GATE}/ports-old`, "-o", "json"]);
    assert.equal(code, 1);
    const d = JSON.parse(stdout);
    assert.ok(
      d.opened.some(
        (c: Change) => text(c) === "opens shop/deployment/web -> shop/deployment/api on TCP/8080",
      ),
    );
  });

  it("names an unreadable file and exits 2 even when nothing opens", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-skip-"));
    fs.copyFileSync(
      path.join(__dirname, "..", "..", GATE, "ports-old", "shop.yaml"),
      path.join(dir, "shop.yaml"),
    );
    fs.writeFileSync(path.join(dir, "broken.yaml"), "kind: NetworkPolicy\nspec: {podSelector: [\n");
    const { code, stdout, stderr } = await run(["diff", `${GATE}/ports-old`, dir]);
    fs.rmSync(dir, { recursive: true });
    assert.equal(code, 2);
    assert.match(stderr, /: error: skipped .*broken\.yaml: invalid YAML/);
    assert.match(stdout, /^No change in allowed connections/m);
  });

  it("does not pass when a network plugin's policy is left out: an allow-all GlobalNetworkPolicy is not 'no change'", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-plugin-"));
    fs.copyFileSync(
      path.join(__dirname, "..", "..", GATE, "ports-old", "shop.yaml"),
      path.join(dir, "shop.yaml"),
    );
    // Calico's own policy opening everything: the engine does not model it.
    fs.writeFileSync(
      path.join(dir, "open.yaml"),
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: open-all }\nspec: { selector: all(), types: [Ingress, Egress], ingress: [{ action: Allow }], egress: [{ action: Allow }] }\n",
    );
    const table = await run(["diff", `${GATE}/ports-old`, dir]);
    const json = await run(["diff", `${GATE}/ports-old`, dir, "-o", "json"]);
    fs.rmSync(dir, { recursive: true });
    assert.equal(table.code, 2, table.stdout);
    assert.match(
      table.stdout,
      /^NOT PROVEN: 1 network-plugin policy .* was left out: .*open\.yaml: open-all\./,
    );
    assert.equal(json.code, 2);
    const d = JSON.parse(json.stdout);
    assert.equal(d.proven, false);
    assert.match(d.policiesLeftOut[0], /open\.yaml: open-all$/);
  });
});
