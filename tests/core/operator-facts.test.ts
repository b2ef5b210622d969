import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROXY_GROUP_PORTS } from "../../sdk/features/egress/plan";
import { NAMESERVER_POD_LABELS, NAMESERVER_PORT, nameserver } from "../../sdk/features/nameserver";
import {
  ANNOTATIONS,
  DEFAULT_CHART_VERSION,
  OPERATOR_POD_LABELS,
  PROXY_LABELS,
  PROXY_LOCAL_PORT,
} from "../../sdk/kernel/defaults";
import { proxyGroupPodLabels } from "../../sdk/kernel/proxies";

/**
 * The operator facts the plan depends on, read from ONE place: the facts file of the pinned chart
 * version (`operator-facts/v<version>.json`, each fact a value with the upstream file and line it
 * was read from; no source text is copied).
 * A chart bump without re-reading the source fails here.
 */

const DIR = path.join(__dirname, "operator-facts");
const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".json"));

describe("operator facts of the pinned chart version", () => {
  it("has exactly one facts file, for the pinned version", () => {
    assert.deepEqual(files, [`v${DEFAULT_CHART_VERSION}.json`]);
  });

  it("documents the pin as chartVersion's @default, which other languages' SDKs show", () => {
    const types = fs.readFileSync(path.join(__dirname, "../../sdk/kernel/types.ts"), "utf8");
    const doc = types.slice(0, types.indexOf("chartVersion?: string;"));
    const last = doc.slice(doc.lastIndexOf("/**"));
    assert.match(last, new RegExp(`@default "${DEFAULT_CHART_VERSION.replace(/\./g, "\\.")}"\n`));
  });

  const pinned = JSON.parse(fs.readFileSync(path.join(DIR, `v${DEFAULT_CHART_VERSION}.json`), "utf8"));
  const fact = (name: string) => {
    const found = pinned.facts.find((f: { name: string }) => f.name === name);
    assert.ok(found, `a fact named ${name}`);
    return found.value;
  };

  it("the code uses exactly these labels, annotations and ports", () => {
    assert.deepEqual(PROXY_LABELS, {
      managed: fact("proxy label: managed"),
      parent: fact("proxy label: parent name"),
      parentNamespace: fact("proxy label: parent namespace"),
      parentType: fact("proxy label: parent type"),
    });
    assert.deepEqual(ANNOTATIONS, {
      expose: fact("annotation: expose"),
      hostname: fact("annotation: hostname"),
      tags: fact("annotation: tags"),
      proxyClass: fact("annotation: proxy class"),
      funnel: fact("annotation: funnel"),
      tailnetFqdn: fact("annotation: tailnet FQDN"),
      tailnetIp: fact("annotation: tailnet IP"),
      proxyGroup: fact("annotation: proxy group"),
    });
    assert.equal(PROXY_LOCAL_PORT, fact("port: local address (metrics, health check)"));
    assert.deepEqual(PROXY_GROUP_PORTS, {
      first: fact("port: first egress ProxyGroup container port"),
      last: fact("port: past the last egress ProxyGroup container port") - 1,
    });
    assert.equal(
      proxyGroupPodLabels("x")[fact("proxy label: parent type")],
      fact("ProxyGroup pod label: parent type"),
    );
    assert.deepEqual(OPERATOR_POD_LABELS, { app: fact("operator pod label") });
    assert.deepEqual(NAMESERVER_POD_LABELS, { app: fact("nameserver pod label") });
    assert.equal(NAMESERVER_PORT, fact("port: nameserver container port"));
  });

  it("the nameserver pods are left out of the operator namespace's egress by their one label", () => {
    // Its pods carry only the manifest's label (the operator labels the Deployment), and it reads
    // its records from a mounted ConfigMap: so `app NotIn (nameserver)` is the whole exclusion.
    assert.equal(
      fact("nameserver: labels the operator sets (Deployment metadata only, never the pod template)"),
      "Deployment metadata",
    );
    assert.equal(
      fact("nameserver: where its records come from (a mounted ConfigMap; it dials nothing)"),
      "/config",
    );
    assert.deepEqual(nameserver.quietPods?.({ enabled: true }, {} as never), {
      app: fact("nameserver pod label"),
    });
    assert.deepEqual(nameserver.quietPods?.({ enabled: false }, {} as never), {});
  });
});
