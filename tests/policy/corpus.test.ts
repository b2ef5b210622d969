import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { asStack, runResource, runStack } from "./harness";
import { defaultDeny, namespace } from "./stack";

/**
 * The public policy libraries' own test cases (tests/policy/corpus, Apache-2.0, provenance in
 * corpus/PROVENANCE.md; the code index's stored copy, which holds only part of each suite),
 * run through our policies as the policy engine runs them. Their verdicts
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
  "allowed-ip": "no-public-service",
  "no-loadbalancer-service": "no-public-service",
};

/** Cases where we decide otherwise, on purpose: `library test/case` -> why. */
const DIFFERENCES: Record<string, string> = {
  "kyverno no-loadbalancer-service/default/my-service-2":
    "a NodePort is public too: every node opens the port",
};

interface Case {
  id: string;
  rule: string;
  object: Record<string, any>;
  theirs: boolean;
}

/**
 * A suite's case whose object file is not in the stored copy is unchecked: counted, never judged
 * (PROVENANCE.md names the files the code index does not hold).
 */
interface Cases {
  cases: Case[];
  unchecked: string[];
}

const exists = (...p: string[]) => fs.existsSync(path.join(CORPUS, ...p));

function gatekeeperCases(): Cases {
  const out: Cases = { cases: [], unchecked: [] };
  const suites = [
    "library/general/block-nodeport-services",
    "library/general/externalip",
    "library/pod-security-policy/host-network-ports",
  ];
  for (const dir of suites)
    for (const t of parse(read("gatekeeper-library", dir, "suite.yaml")).tests)
      for (const c of t.cases) {
        const id = `gatekeeper ${t.name}/${c.name}`;
        if (!exists("gatekeeper-library", dir, c.object)) {
          out.unchecked.push(id);
          continue;
        }
        const raw = parse(read("gatekeeper-library", dir, c.object));
        out.cases.push({
          id,
          rule: RULE_OF[t.name],
          object: raw.kind === "AdmissionReview" ? raw.request.object : raw,
          theirs: c.assertions[0].violations === "yes",
        });
      }
  return out;
}

/** Kyverno test directory -> where its resources are in the stored copy (undefined: not stored). */
const KYVERNO: Record<string, string[] | undefined> = {
  // The index holds this policy's resources at their older path, beside the policy.
  "other/restrict-loadbalancer": ["other", "restrict-loadbalancer", "resource.yaml"],
  "best-practices/restrict-node-port": undefined,
  "other/restrict-networkpolicy-empty-podselector": undefined,
  "pod-security/baseline/disallow-host-ports": undefined,
  "pod-security/baseline/disallow-host-namespaces": undefined,
};

function kyvernoCases(): Cases {
  const out: Cases = { cases: [], unchecked: [] };
  for (const [dir, resources] of Object.entries(KYVERNO)) {
    const test = parse(read("kyverno-policies", dir, ".kyverno-test", "kyverno-test.yaml"));
    const objects = resources ? docs("kyverno-policies", ...resources) : [];
    for (const r of test.results)
      for (const name of r.resources as string[]) {
        const id = `kyverno ${r.policy}/${name}`;
        if (!resources) {
          out.unchecked.push(id);
          continue;
        }
        const object = objects.find((o) => o.kind === r.kind && o.metadata.name === name.split("/").pop());
        assert.ok(object, `${dir}: ${name}`);
        out.cases.push({ id, rule: RULE_OF[r.policy], object, theirs: r.result === "fail" });
      }
  }
  return out;
}

describe("public policy libraries' test cases (Gatekeeper library, Kyverno policies)", () => {
  const gatekeeper = gatekeeperCases();
  const kyverno = kyvernoCases();
  const cases = [...gatekeeper.cases, ...kyverno.cases];

  it("reads every case whose object is stored, and counts the others as unchecked", () => {
    assert.deepEqual(
      gatekeeper.cases.map((c) => c.id),
      ["gatekeeper allowed-ip/example-disallowed"],
    );
    assert.equal(gatekeeper.unchecked.length, 5);
    assert.deepEqual(
      kyverno.cases.map((c) => c.id),
      [
        "kyverno no-loadbalancer-service/default/my-service-1",
        "kyverno no-loadbalancer-service/default/my-service-2",
      ],
    );
    assert.equal(kyverno.unchecked.length, 92);
  });

  it("agrees with them, except where we are deliberately stricter or judge by effect", async () => {
    const wrong: string[] = [];
    for (const c of cases) {
      const ours = (await runResource(c.rule, { props: c.object })).violations.length > 0;
      const differs = DIFFERENCES[c.id];
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

  it("catches Kyverno's add-networkpolicy-dns sample: a label Kubernetes never sets, UDP only", async () => {
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
    // Its namespaceSelector, corrected to the label Kubernetes sets, still misses TCP.
    generated.spec.egress[0].to[0].namespaceSelector.matchLabels = {
      "kubernetes.io/metadata.name": "kube-system",
    };
    const fixed = await runStack(
      "dns-reachable",
      asStack([namespace("shop"), defaultDeny("shop"), generated]),
    );
    assert.match(fixed.violations[0].message, /: TCP 53 is denied/);
    assert.doesNotMatch(fixed.violations[0].message, /UDP 53 is denied/);
  });
});
