import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ROOT } from "../cli/run";
import { BOOKINFO, FLOWS, observe, rowText, TCP, tempFile } from "./run";

/**
 * `observe` over real Hubble captures (cilium/hubble-otel testdata, see
 * tests/fixtures/flows/PROVENANCE.md): the report must say what an SRE reading the capture says.
 */

const json = async (argv: string[]) => {
  const r = await observe([...argv, "-o", "json"]);
  return { code: r.code, report: JSON.parse(r.stdout), stderr: r.stderr };
};

/** A declaration in a temporary file, from the bookinfo one with `edit` applied. */
function declaration(edit: (d: any) => void): string {
  const d = parse(fs.readFileSync(path.join(ROOT, BOOKINFO), "utf8"));
  edit(d);
  return tempFile("declaration.yaml", stringify(d));
}

describe("observe: real Hubble captures", () => {
  it("bookinfo TCP: counts each connection once across observation points and finds the two undeclared ones", async () => {
    const { code, report } = await json(["-f", BOOKINFO, "--flows", TCP]);
    assert.equal(code, 1);
    // Distinct non-reply 5-tuples per workload pair, counted with jq (PROVENANCE.md).
    assert.deepEqual(report.blocked.map(rowText), [
      "bookinfo/app=ratings -> bookinfo/app=productpage TCP/9080 x20",
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x3",
    ]);
    assert.deepEqual(report.allowed.map(rowText), [
      "bookinfo/app=productpage -> bookinfo/app=details TCP/9080 x12",
      "bookinfo/app=productpage -> bookinfo/app=reviews TCP/9080 x17",
    ]);
    assert.equal(report.summary.records, 400);
    assert.ok(report.summary.repeatedObservations > 100, "TO_PROXY/TO_ENDPOINT/TO_OVERLAY copies");
    assert.equal(report.blocked[0].firstSeen, "2021-11-10T10:40:56.483Z");
    assert.match(report.blocked[0].why, /bookinfo\/default-deny/);
    const reasons = Object.fromEntries(report.ignored.map((i: any) => [i.reason, i.count]));
    assert.equal(reasons["reply (not a new connection)"], 136);
    assert.equal(reasons["from the pod's own node (kubelet probes): NetworkPolicy does not cut it"], 1);
    assert.ok(reasons["destination is Cilium's health endpoint (its own checks, not workload traffic)"]);
  });

  it("names workloads by stable labels, never by pod names or hashes", async () => {
    const { report } = await json(["-f", BOOKINFO, "--flows", TCP]);
    const text = JSON.stringify([report.blocked, report.allowed]);
    assert.doesNotMatch(text, /pod-template-hash|-v1-|version|io\.cilium|io\.kubernetes/);
  });

  it("the namespace may be only in the labels (TO_OVERLAY records have no namespace field)", async () => {
    const line = fs
      .readFileSync(path.join(ROOT, TCP), "utf8")
      .split("\n")
      .find(
        (l) => l.includes('"TO_OVERLAY"') && l.includes("k8s:app=productpage") && l.includes('"SYN":true'),
      )!;
    assert.ok(!JSON.parse(line).flow.source.namespace, "the fixture line has no source namespace");
    const { report } = await json(["-f", BOOKINFO, "--flows", tempFile("one.json", line)]);
    assert.equal(report.allowed.length, 1);
    assert.equal(report.allowed[0].from.namespace, "bookinfo");
  });

  it("--suggest: the entries admit exactly the blocked connections, and with them 0 is blocked", async () => {
    const { code, report } = await json(["-f", BOOKINFO, "--flows", TCP, "--suggest"]);
    assert.equal(code, 1);
    assert.equal(report.suggest.proof.holds, true, report.suggest.proof.problems.join("\n"));
    assert.deepEqual(
      report.suggest.allow.map(
        (f: any) =>
          `${f.name}: ${rowText({ ...f, protocol: "TCP", port: f.ports[0].port, count: f.ports.length })}`,
      ),
      [
        "observed-ratings-to-productpage: bookinfo/app=ratings -> bookinfo/app=productpage TCP/9080 x1",
        "observed-reviews-to-ratings: bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x1",
      ],
    );
    // Round trip: the declaration plus the suggestions observes nothing blocked.
    const both = declaration((d) => d.allow.push(...report.suggest.allow));
    const again = await json(["-f", both, "--flows", TCP]);
    assert.equal(again.code, 0);
    assert.equal(again.report.summary.blocked, 0);
    assert.equal(again.report.summary.allowed, 12 + 17 + 20 + 3);
  });

  it("GKE node-local-dns -> kube-dns on TCP 53: blocked when kube-system has no DNS egress", async () => {
    const dns = `${FLOWS}/hubble/basic-sample-330-dns-flows.jsonl`;
    const managed = declaration((d) => {
      d.namespaces["kube-system"] = { create: false, allowDns: false };
    });
    const { code, report } = await json(["-f", managed, "--flows", dns]);
    assert.equal(code, 1);
    assert.deepEqual(report.blocked.map(rowText), [
      "kube-system/k8s-app=node-local-dns -> kube-system/k8s-app=kube-dns TCP/53 x67",
    ]);
    const withDns = declaration((d) => {
      d.namespaces["kube-system"] = { create: false };
    });
    assert.equal((await json(["-f", withDns, "--flows", dns])).code, 0);
    // Unmanaged, it is left aside, and said so.
    const unmanaged = await json(["-f", BOOKINFO, "--flows", dns]);
    assert.equal(unmanaged.code, 0);
    assert.deepEqual(
      unmanaged.report.ignored.map((i: any) => `${i.count} ${i.reason}`),
      ["165 reply (not a new connection)", "67 outside the managed namespaces"],
    );
  });

  it("old captures: the `reply` field, reserved:host and reserved:world", async () => {
    const { code, report } = await json([
      "-f",
      BOOKINFO,
      "--flows",
      `${FLOWS}/hubble/basic-sample-10-flows.jsonl`,
    ]);
    assert.equal(code, 1);
    assert.deepEqual(report.blocked.map(rowText), [
      "istio-system/app=prometheus -> bookinfo/app=reviews TCP/15090 x1",
    ]);
    const reasons = Object.fromEntries(report.ignored.map((i: any) => [i.reason, i.count]));
    assert.equal(reasons["reply (not a new connection)"], 5);
    assert.equal(reasons["from the pod's own node (kubelet probes): NetworkPolicy does not cut it"], 2);
  });

  it("UDP DNS to CoreDNS is allowed by the default DNS flow; the overlay copies count once", async () => {
    const { code, report } = await json([
      "-f",
      BOOKINFO,
      "--flows",
      `${FLOWS}/hubble/basic-sample-400-udp-flows.jsonl`,
    ]);
    assert.equal(code, 0);
    assert.deepEqual(report.allowed.map(rowText), [
      "bookinfo/app=productpage -> kube-system/k8s-app=kube-dns UDP/53 x24",
      "bookinfo/app=ratings -> kube-system/k8s-app=kube-dns UDP/53 x13",
    ]);
  });

  it("reads standard input and several files as one observation", async () => {
    const text = fs.readFileSync(path.join(ROOT, TCP), "utf8");
    const r = await observe(["-f", BOOKINFO, "--flows", "-", "--flows", TCP, "-o", "json"], text);
    const report = JSON.parse(r.stdout);
    assert.equal(report.summary.records, 800);
    // The second file repeats the first one's connections: counted once.
    assert.deepEqual(report.blocked.map(rowText), [
      "bookinfo/app=ratings -> bookinfo/app=productpage TCP/9080 x20",
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x3",
    ]);
  });
});
