import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { asStack, runResource, runStack } from "./harness";
import { defaultDeny, namespace } from "./stack";

/**
 * The public policy libraries' own test cases (tests/policy/corpus, Apache-2.0, provenance in
 * corpus/PROVENANCE.md), run through our policies as the policy engine runs them. Their verdicts
 * come from their suite files; ours must agree, except for the cases listed in DIFFERENCES, where
 * we decide the other way on purpose (the reason is the documentation).
 */

const CORPUS = path.join(__dirname, "corpus");
const read = (...p: string[]) => fs.readFileSync(path.join(CORPUS, ...p), "utf8");
const docs = (...p: string[]) =>
  parseAllDocuments(read(...p))
    .map((d) => d.toJS())
    .filter(Boolean);

/** Which of our rules answers each upstream policy (Gatekeeper suite tests, Kyverno policies). */
const RULE_OF: Record<string, string> = {
  "block-loadbalancer-services": "no-public-service",
  "block-nodeport-services": "no-public-service",
  "allowed-ip": "no-public-service",
  "host-network-forbidden": "no-host-network",
  "port-range-with-host-network-forbidden": "no-host-network",
  "port-range-with-host-network-allowed": "no-host-network",
  "no-loadbalancer-service": "no-public-service",
  "restrict-nodeport": "no-public-service",
  "restrict-networkpolicy-empty-podselector": "no-allow-all",
  "disallow-host-ports": "no-host-network",
  "disallow-host-namespaces": "no-host-network",
};

const STRICTER_HOST =
  "we allow no host port ranges or image exemptions: a namespace is the unit of exemption";

/** Cases where we decide otherwise, on purpose: `library test/case` -> why. */
const DIFFERENCES: Record<string, string> = {
  "gatekeeper allowed-ip/example-allowed":
    "any externalIP makes every node answer for it; we allow-list objects, not addresses",
  "gatekeeper port-range-with-host-network-allowed/example-allowed": STRICTER_HOST,
  "gatekeeper port-range-with-host-network-allowed/no-ports-specified": STRICTER_HOST,
  "gatekeeper port-range-with-host-network-allowed/port-violation-exempted": STRICTER_HOST,
  "gatekeeper port-range-with-host-network-allowed/update":
    "we judge the desired object, not the admission operation",
  "gatekeeper port-range-with-host-network-forbidden/in-range-host-network-false": STRICTER_HOST,
  "gatekeeper port-range-with-host-network-forbidden/update":
    "we judge the desired object, not the admission operation",
  "kyverno no-loadbalancer-service/default/my-service-2":
    "a NodePort is public too: every node opens the port",
  "kyverno restrict-nodeport/goodservice02":
    "a LoadBalancer without loadBalancerClass tailscale is public too",
  "kyverno restrict-networkpolicy-empty-podselector/badnetworkpolicy":
    "it has no rules, so it admits nothing: a deny-all under another name than default-deny; we judge what a policy admits, not its name",
};

interface Case {
  id: string;
  rule: string;
  object: Record<string, any>;
  theirs: boolean;
}

function gatekeeperCases(): Case[] {
  const suites = [
    "library/general/block-loadbalancer-services",
    "library/general/block-nodeport-services",
    "library/general/externalip",
    "library/pod-security-policy/host-network-ports",
  ];
  return suites.flatMap((dir) =>
    parse(read("gatekeeper-library", dir, "suite.yaml")).tests.flatMap((t: any) =>
      t.cases.map((c: any) => {
        const raw = parse(read("gatekeeper-library", dir, c.object));
        return {
          id: `gatekeeper ${t.name}/${c.name}`,
          rule: RULE_OF[t.name],
          object: raw.kind === "AdmissionReview" ? raw.request.object : raw,
          theirs: c.assertions[0].violations === "yes",
        };
      }),
    ),
  );
}

function kyvernoCases(): Case[] {
  const dirs = [
    "other/restrict-loadbalancer",
    "best-practices/restrict-node-port",
    "other/restrict-networkpolicy-empty-podselector",
    "pod-security/baseline/disallow-host-ports",
    "pod-security/baseline/disallow-host-namespaces",
  ];
  return dirs.flatMap((dir) => {
    const test = parse(read("kyverno-policies", dir, ".kyverno-test", "kyverno-test.yaml"));
    const objects = docs("kyverno-policies", dir, ".kyverno-test", "resource.yaml");
    return test.results.flatMap((r: any) =>
      r.resources.map((name: string) => {
        const object = objects.find((o) => o.kind === r.kind && o.metadata.name === name.split("/").pop());
        assert.ok(object, `${dir}: ${name}`);
        return {
          id: `kyverno ${r.policy}/${name}`,
          rule: RULE_OF[r.policy],
          object,
          theirs: r.result === "fail",
        };
      }),
    );
  });
}

/** hostPID and hostIPC are not network settings: no-host-network leaves them to Pod Security. */
const onlyHostProcessOrIpc = (o: Record<string, any>) => {
  const spec = o.spec?.jobTemplate?.spec?.template?.spec ?? o.spec?.template?.spec ?? o.spec;
  return !spec.hostNetwork && (spec.hostPID || spec.hostIPC);
};

describe("public policy libraries' test cases (Gatekeeper library, Kyverno policies)", () => {
  const cases = [...gatekeeperCases(), ...kyvernoCases()];

  it("reads every case of the copied suites", () => {
    assert.equal(cases.filter((c) => c.id.startsWith("gatekeeper")).length, 18);
    assert.equal(cases.filter((c) => c.id.startsWith("kyverno")).length, 94);
  });

  it("agrees with them, except where we are deliberately stricter or judge by effect", async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const ours = (await runResource(c.rule, { props: c.object })).violations.length > 0;
      const differs =
        DIFFERENCES[c.id] ?? (c.theirs && onlyHostProcessOrIpc(c.object) ? "hostPID/hostIPC" : undefined);
      if (ours !== (differs ? !c.theirs : c.theirs))
        wrong.push(
          `${c.id}: ours ${ours}, theirs ${c.theirs}${differs ? ` (listed as different: ${differs})` : ""}`,
        );
    }
    assert.deepEqual(wrong, []);
  });

  it("lists no difference that no case has", () => {
    const ids = new Set(cases.map((c) => c.id));
    assert.deepEqual(
      Object.keys(DIFFERENCES).filter((id) => !ids.has(id)),
      [],
    );
  });

  it("catches Kyverno's add-networkpolicy-dns sample: a label Kubernetes never sets, UDP only (and port 5327)", async () => {
    const generate = docs(
      "kyverno-policies",
      "best-practices",
      "add-networkpolicy-dns",
      "add-networkpolicy-dns.yaml",
    )[0].spec.rules[0].generate;
    const generated = {
      apiVersion: generate.apiVersion,
      kind: generate.kind,
      metadata: { name: generate.name, namespace: "shop" },
      spec: generate.data.spec,
    };
    const out = await runStack("dns-reachable", asStack([namespace("shop"), defaultDeny("shop"), generated]));
    assert.equal(out.violations.length, 1);
    assert.match(out.violations[0].message, /UDP 53 is denied .*; TCP 53 is denied/);
    // Its namespaceSelector, corrected to the label Kubernetes sets, still misses TCP and the port.
    generated.spec.egress[0].to[0].namespaceSelector.matchLabels = {
      "kubernetes.io/metadata.name": "kube-system",
    };
    generated.spec.egress[0].ports = [{ protocol: "UDP", port: 53 }];
    const fixed = await runStack(
      "dns-reachable",
      asStack([namespace("shop"), defaultDeny("shop"), generated]),
    );
    assert.match(fixed.violations[0].message, /: TCP 53 is denied/);
    assert.doesNotMatch(fixed.violations[0].message, /UDP 53 is denied/);
  });
});
