import * as assert from "node:assert/strict";
import { buildCluster, type K8sObject, ReachInputError } from "../../sdk/reach";
import { np, ns, pod } from "./helpers";

/** Object names the API server refuses (apimachinery IsDNS1123Subdomain / Label, IsDNS1035Label) are refused with the rule. */

const refused = (obj: K8sObject, says: RegExp) =>
  assert.throws(
    () => buildCluster([ns("shop"), obj], "repo/policies.yaml"),
    (err: Error) => err instanceof ReachInputError && says.test(err.message),
  );

describe("reach: object names as the API server validates them", () => {
  it("refuses a NetworkPolicy name with underscores, quoting the rule", () => {
    refused(
      np("shop/use_common_labels_same_values", { podSelector: {} }),
      /repo\/policies\.yaml: NetworkPolicy shop\/use_common_labels_same_values: metadata\.name: "use_common_labels_same_values" is refused by the API server: a NetworkPolicy name must be an RFC 1123 subdomain/,
    );
  });

  it("refuses an upper-case Namespace, a Service name starting with a digit and a bad namespace", () => {
    refused(ns("Shop"), /Namespace Shop: metadata\.name: "Shop" is refused .* must be an RFC 1123 label/);
    refused(
      { apiVersion: "v1", kind: "Service", metadata: { name: "1db", namespace: "shop" }, spec: {} },
      /Service shop\/1db: metadata\.name: "1db" is refused .* must be an RFC 1035 label/,
    );
    refused(
      pod("My_Shop/web"),
      /metadata\.namespace: "My_Shop" is refused .* namespace must be an RFC 1123 label/,
    );
    refused(np(`shop/${"a".repeat(254)}`, { podSelector: {} }), /at most 253/);
  });

  it("accepts what the API server accepts", () => {
    const c = buildCluster([ns("shop"), np("shop/allow.web-1", { podSelector: {} }), pod("shop/web-0.x")]);
    assert.equal(c.policies.length, 1);
    assert.equal(c.pods.length, 1);
  });
});
