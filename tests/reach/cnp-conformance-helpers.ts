import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import type { K8sObject } from "../../sdk/reach";
import type { Fixture } from "./helpers";

/**
 * Shared by the replays of the network-policy-api v0.2.0 conformance suite
 * (`cnp-conformance*.test.ts`): the fixtures in `conformance-v0.2.0/` (provenance and licence: its
 * PROVENANCE.md), the base manifests as pods, one `PokeServer` on both evaluators, and the tests' patches.
 */

const DIR = path.join(__dirname, "conformance-v0.2.0");
export const read = (file: string): K8sObject[] =>
  parseAllDocuments(fs.readFileSync(path.join(DIR, file), "utf8"))
    .map((d) => d.toJS())
    .filter((o) => o);

/** The base manifests' Namespaces, and each StatefulSet as its pods `<name>-0`, `<name>-1` (the replicas). */
export function base(): K8sObject[] {
  let n = 0;
  return read("manifests.yaml").flatMap((o): K8sObject[] => {
    if (o.kind === "Namespace") return [o];
    if (o.kind !== "StatefulSet") return [];
    return Array.from({ length: o.spec.replicas }, (_, i) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `${o.metadata!.name}-${i}`,
        namespace: o.metadata!.namespace,
        labels: o.spec.template.metadata.labels,
      },
      spec: o.spec.template.spec,
      status: { podIP: `10.244.0.${++n}` },
    }));
  });
}

const HOUSE: Record<string, string> = {
  "harry-potter": "gryffindor",
  "draco-malfoy": "slytherin",
  "cedric-diggory": "hufflepuff",
  "luna-lovegood": "ravenclaw",
};
const key = (pod: string) => `network-policy-conformance-${HOUSE[pod.replace(/-\d$/, "")]}/${pod}`;

/** One `PokeServer(client, server, protocol, port, expected)`, on both evaluators. */
export function poke(
  f: Fixture,
  client: string,
  server: string,
  port: number,
  expected: boolean,
  protocol = "TCP",
) {
  const check = `${key(client)} -> ${key(server)}:${port}/${protocol}`;
  assert.equal(f.allowed(check), expected, `${check}: ${f.verdict(check).reason}`);
}

/** A deep copy of the objects with `patch` applied to the ClusterNetworkPolicy `name`. */
export function patched(objects: K8sObject[], name: string, patch: (spec: any) => void): K8sObject[] {
  return objects.map((o) => {
    if (o.kind !== "ClusterNetworkPolicy" || o.metadata?.name !== name) return o;
    const copy = structuredClone(o);
    patch(copy.spec);
    return copy;
  });
}

export const swap = (rules: unknown[], a: number, b: number) => {
  [rules[a], rules[b]] = [rules[b], rules[a]];
};
