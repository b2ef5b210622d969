import * as assert from "node:assert/strict";
import { BOOKINFO, FLOWS, observe, rowText } from "./run";

/** Calico and CSV logs (built from the published formats, see PROVENANCE.md) and bad input. */

const json = async (argv: string[], stdin?: string) => {
  const r = await observe([...argv, "-o", "json"], stdin);
  return { ...r, report: r.code === 2 ? undefined : JSON.parse(r.stdout) };
};

describe("observe: Calico, CSV and bad input", () => {
  it("Goldmane flows: counts the source's report once, a network by its kind, denies apart", async () => {
    const { code, report } = await json(["-f", BOOKINFO, "--flows", `${FLOWS}/calico/goldmane-flows.jsonl`]);
    assert.equal(code, 1);
    assert.deepEqual(report.blocked.map(rowText), [
      "0.0.0.0/0 -> bookinfo/app=productpage TCP/9080 x4",
      "bookinfo/app=productpage -> 0.0.0.0/0 TCP/443 x1",
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x3",
    ]);
    assert.deepEqual(report.allowed.map(rowText), [
      "bookinfo/app=productpage -> bookinfo/app=details TCP/9080 x1",
      "bookinfo/app=productpage -> bookinfo/app=reviews TCP/9080 x3",
    ]);
    assert.deepEqual(report.alreadyBlocked.map(rowText), [
      "bookinfo/app=ratings -> bookinfo/app=details TCP/9080 x5",
    ]);
    assert.equal(report.blocked[0].fromKind, "internet");
    assert.deepEqual(
      report.ignored.map((i: any) => i.reason),
      ["protocol ICMP (no port)", "the destination's report of a connection its source reported too"],
    );
  });

  it("Whisker flow responses, with the event stream's data: prefix", async () => {
    const { report } = await json(["-f", BOOKINFO, "--flows", `${FLOWS}/calico/whisker-flows.jsonl`]);
    assert.equal(report.summary.files[0].format, "calico");
    assert.deepEqual(report.blocked.map(rowText), [
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x1",
    ]);
    assert.deepEqual(report.alreadyBlocked.map(rowText), [
      "bookinfo/app=ratings -> bookinfo/app=details TCP/9080 x1",
    ]);
    assert.equal(report.blocked[0].firstSeen, "2025-11-05T00:00:15.000Z");
  });

  it("Calico: a source's Allow and the destination's Deny of one flow are one connection, blocked today", async () => {
    const record = (reporter: string, action: string) =>
      JSON.stringify({
        start_time: "2025-11-05T00:00:00Z",
        end_time: "2025-11-05T00:00:15Z",
        action,
        source_name: "productpage-v1-*",
        source_namespace: "bookinfo",
        source_labels: "app=productpage | version=v1",
        dest_name: "ratings-v1-*",
        dest_namespace: "bookinfo",
        dest_labels: "app=ratings | version=v1",
        protocol: "tcp",
        dest_port: 9080,
        reporter,
      });
    const src = record("Src", "Allow");
    const dst = record("Dst", "Deny");
    for (const lines of [
      [src, dst],
      [dst, src],
    ]) {
      const { code, report } = await json(["-f", BOOKINFO, "--flows", "-"], `${lines.join("\n")}\n`);
      assert.equal(code, 0, "nothing new would be blocked: the cluster blocks it today");
      assert.deepEqual(report.blocked, []);
      assert.deepEqual(report.allowed, []);
      assert.deepEqual(report.alreadyBlocked.map(rowText), [
        "bookinfo/app=productpage -> bookinfo/app=ratings TCP/9080 x1",
      ]);
    }
  });

  it("Whisker's /flows list as one document (pretty-printed), read like its stream", async () => {
    const list = await json(["-f", BOOKINFO, "--flows", `${FLOWS}/calico/whisker-list.json`]);
    const stream = await json(["-f", BOOKINFO, "--flows", `${FLOWS}/calico/whisker-flows.jsonl`]);
    assert.equal(list.code, 1, list.stderr);
    assert.equal(list.report.summary.files[0].format, "calico");
    assert.deepEqual(list.report.blocked.map(rowText), [
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x1",
    ]);
    assert.deepEqual(
      { blocked: list.report.blocked, allowed: list.report.allowed, already: list.report.alreadyBlocked },
      {
        blocked: stream.report.blocked,
        allowed: stream.report.allowed,
        already: stream.report.alreadyBlocked,
      },
    );
    const bad = await json(["-f", BOOKINFO, "--flows", "-"], '{"total": 1, "items": [{"x": 1}]}\n');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /stdin: items\[0\]: is not a Calico or Hubble flow/);
  });

  it("CSV: addresses as host CIDRs, and --cluster names a Service's ClusterIP as its pods", async () => {
    const csv = `${FLOWS}/csv/flows.csv`;
    const plain = await json(["-f", BOOKINFO, "--flows", csv]);
    assert.deepEqual(plain.report.blocked.map(rowText), [
      "bookinfo/app=ratings -> 10.96.0.42/32 TCP/5432 x2",
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x5",
    ]);
    assert.deepEqual(plain.report.alreadyBlocked.map(rowText), [
      "bookinfo/app=productpage -> 93.184.215.14/32 TCP/443 x3",
    ]);
    const named = await json([
      "-f",
      BOOKINFO,
      "--flows",
      csv,
      "--cluster",
      `${FLOWS}/csv/cluster.yaml`,
      "--suggest",
    ]);
    assert.deepEqual(named.report.blocked.map(rowText), [
      "bookinfo/app=ratings -> data/app=postgres TCP/5432 x2",
      "bookinfo/app=reviews -> bookinfo/app=ratings TCP/9080 x5",
    ]);
    assert.equal(named.report.suggest.proof.holds, true, named.stderr);
    // "data" is outside the declaration: acknowledged, so the entry is not refused as a typo.
    assert.deepEqual(named.report.suggest.unmanagedNamespaces, ["data"]);
    assert.deepEqual(named.report.suggest.allow[0].to, { namespace: "data", podLabels: { app: "postgres" } });
  });

  it("--suggest merges the ports of one pair into one entry", async () => {
    const stdin = [
      "src_namespace,src_labels,dst_namespace,dst_labels,dst_ip,port,protocol",
      "bookinfo,app=ratings,bookinfo,app=details,,9090,TCP",
      "bookinfo,app=ratings,bookinfo,app=details,,9091,TCP",
      "bookinfo,app=ratings,bookinfo,app=details,,53,UDP",
    ].join("\n");
    const { report } = await json(["-f", BOOKINFO, "--flows", "-", "--suggest"], stdin);
    assert.equal(report.suggest.allow.length, 1);
    assert.deepEqual(report.suggest.allow[0].ports, [
      { port: 9090, protocol: "TCP" },
      { port: 9091, protocol: "TCP" },
      { port: 53, protocol: "UDP" },
    ]);
    assert.equal(report.suggest.proof.holds, true);
    assert.equal(report.suggest.proof.opened.length, 1);
  });

  it("names a malformed record by file and line and exits 2", async () => {
    const header = "src_namespace,src_labels,dst_namespace,dst_labels,dst_ip,port,protocol";
    const bad = await observe(
      ["-f", BOOKINFO, "--flows", "-"],
      `${header}\nbookinfo,app=a,bookinfo,app=b,,80,TCP\n\nbookinfo,app=a,bookinfo,app=b,,http,TCP\n`,
    );
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr,
      'tailnet-zerotrust observe: stdin:4: port "http" is not a number from 1 to 65535\n',
    );
    const json5 = await observe(
      ["-f", BOOKINFO, "--flows", "-"],
      '{"flow":{"verdict":"FORWARDED"}}\n{"flow": \n',
    );
    assert.equal(json5.code, 2);
    assert.match(json5.stderr, /stdin:2: invalid JSON/);
  });

  it("an unknown format says which formats are read", async () => {
    const r = await observe(["-f", BOOKINFO, "--flows", "-"], "time,src,dst\n1,2,3\n");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /stdin:1: not a flow log this command reads; it reads:\n {2}- Hubble flows/);
    assert.match(r.stderr, /Calico flow logs/);
    assert.match(r.stderr, /CSV with the header src_namespace,src_labels/);
    const missing = await observe(["-f", BOOKINFO, "--flows", "nope.json"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: cannot read/);
  });

  it("shows progress on stderr for large inputs, only when stderr is a terminal", async () => {
    const header = "src_namespace,src_labels,dst_namespace,dst_labels,dst_ip,port,protocol";
    const rows = Array.from(
      { length: 50_000 },
      (_, i) => `bookinfo,app=productpage,bookinfo,app=details,,${9000 + (i % 100)},TCP`,
    );
    const text = `${header}\n${rows.join("\n")}\n`;
    const tty = await observe(["-f", BOOKINFO, "--flows", "-", "-o", "json"], text, true);
    // Every 50,000 lines (the header is line 1).
    assert.equal(tty.stderr, "\robserve: stdin: 50,000 lines read\n");
    assert.equal(JSON.parse(tty.stdout).summary.records, 50_000);
    const piped = await observe(["-f", BOOKINFO, "--flows", "-", "-o", "json"], text, false);
    assert.equal(piped.stderr, "");
  });
});
