import assert from "node:assert/strict";
import { ApiServerProxyMode, RoleKind } from "../../../sdk/features/control-plane/types";
import { checkApiServerProxy } from "../../../sdk/features/control-plane/validate";
import { Issues } from "../../../sdk/kernel/issues";
import { homelabWith, sreAndCi } from "./fixtures";

type Spec = ReturnType<typeof homelabWith>;
const issuesOf = (spec: Spec) => {
  const issues = new Issues();
  checkApiServerProxy(issues, spec, spec.apiServerProxy);
  return issues.list;
};

/** Each case breaks the SRE/CI declaration in one way: the field and the words the refusal must carry. */
const cases: [string, (s: Spec) => void, string, RegExp][] = [
  [
    "impersonation in noauth mode",
    (s) => (s.apiServerProxy.mode = ApiServerProxyMode.NoAuth),
    "apiServerProxy.access[0].groups",
    /\["sre"\]: noauth mode impersonates nobody.*set mode to "auth"/,
  ],
  [
    "a group with no role",
    (s) => s.apiServerProxy.access!.push({ sources: ["group:ops"], groups: ["ops"] }),
    "apiServerProxy.access[2].groups[0]",
    /"ops" is bound to no role.*add clusterRoles \(e\.g\. \["view"\]\)/,
  ],
  [
    "a role binding in a namespace that is not declared",
    (s) => s.apiServerProxy.access![0].namespaceRoles!.push({ namespace: "payments", role: "view" }),
    "apiServerProxy.access[0].namespaceRoles[1].namespace",
    /"payments" is not declared in namespaces.*create: false to adopt/,
  ],
  [
    "an unknown source form",
    (s) => (s.apiServerProxy.access![0].sources = ["sre"]),
    "apiServerProxy.access[0].sources[0]",
    /"sre" is not a tailnet source: did you mean "group:sre"/,
  ],
  [
    "a recorder with the operator's own tag",
    (s) => (s.apiServerProxy.recorder = { tags: ["tag:k8s-operator"] }),
    "apiServerProxy.recorder.tags[0]",
    /"tag:k8s-operator" is the operator's own tag.*\["tag:k8s-recorder"\]/,
  ],
  [
    "a recorder with two tags (the capability takes one)",
    (s) => (s.apiServerProxy.recorder = { tags: ["tag:k8s-recorder", "tag:rec2"] }),
    "apiServerProxy.recorder.tags",
    /names the recorder by one tag only.*keep one, e\.g\. \["tag:k8s-recorder"\]/,
  ],
  [
    "a recorder with no tags",
    (s) => (s.apiServerProxy.recorder = { tags: [] }),
    "apiServerProxy.recorder.tags",
    /must name at least one tag the operator can assign/,
  ],
  [
    "a recorder tag the base policy gives to someone else",
    (s) => {
      s.apiServerProxy.recorder = {};
      s.tailnet = { basePolicy: '{"tagOwners": {"tag:k8s-recorder": ["group:sec"]}, "grants": []}' };
    },
    "apiServerProxy.recorder.tags[0]",
    /owned by \["group:sec"\] in tailnet.basePolicy.*add "tag:k8s-operator"/,
  ],
  [
    "a system group",
    (s) => (s.apiServerProxy.access![0].groups = ["system:masters"]),
    "apiServerProxy.access[0].groups[0]",
    /system:masters bypasses RBAC.*clusterRoles \["cluster-admin"\]/,
  ],
  [
    "an entry without groups in auth mode",
    (s) => s.apiServerProxy.access!.push({ sources: ["group:ops"], clusterRoles: ["view"] }),
    "apiServerProxy.access[2].groups",
    /is empty: in auth mode/,
  ],
  [
    "a hostname for the in-process proxy",
    (s) => (s.apiServerProxy.hostname = "k8s-api"),
    "apiServerProxy.hostname",
    /"k8s-api" cannot name the in-process proxy.*operator.hostname.*proxyGroup/,
  ],
  [
    "a ProxyGroup hostname another device has",
    (s) => {
      s.apiServerProxy.proxyGroup = {};
      s.apiServerProxy.hostname = "k8s-grafana";
    },
    "apiServerProxy.hostname",
    /"k8s-grafana" is already a device/,
  ],
  [
    "a ProxyGroup tag shared with the Services' proxies",
    (s) => (s.apiServerProxy.proxyGroup = { tags: ["tag:k8s"] }),
    "apiServerProxy.proxyGroup.tags[0]",
    /shared with other proxies.*"tag:k8s-api"/,
  ],
  [
    "a ProxyGroup name proxyGroups already has",
    (s) => {
      s.apiServerProxy.proxyGroup = {};
      (s as any).proxyGroups = { "k8s-api": { type: "ingress", tags: ["tag:k8s-ingress"] } };
    },
    "apiServerProxy.hostname",
    /proxyGroups\.k8s-api already has that name/,
  ],
  [
    "a ProxyGroup tag another ProxyGroup carries",
    (s) => {
      s.apiServerProxy.proxyGroup = {};
      (s as any).proxyGroups = { api: { type: "ingress" } };
    },
    "apiServerProxy.proxyGroup.tags[0]",
    /"tag:k8s-api" is shared with other proxies/,
  ],
  [
    "no replicas",
    (s) => (s.apiServerProxy.proxyGroup = { replicas: 0 }),
    "apiServerProxy.proxyGroup.replicas",
    /0 is not a replica count/,
  ],
  [
    "the chart's proxy values by hand",
    (s) => (s.operator!.helmValues = { apiServerProxyConfig: { mode: "true" } }),
    "operator.helmValues.apiServerProxyConfig",
    /is set by the component from apiServerProxy/,
  ],
  [
    "a group bound to a ClusterRole and a Role of one name in one namespace",
    (s) =>
      s.apiServerProxy.access![0].namespaceRoles!.push({
        namespace: "apps",
        role: "edit",
        roleKind: RoleKind.Role,
      }),
    "apiServerProxy.access[0].namespaceRoles[1].role",
    /binds group "sre" to Role edit and to ClusterRole edit in "apps"/,
  ],
  [
    "a recorder that keeps recordings where nobody can read them",
    (s) => (s.apiServerProxy.recorder = { enableUI: false }),
    "apiServerProxy.recorder.enableUI",
    /set s3, or leave enableUI on/,
  ],
];

describe("control plane: validation", () => {
  it("accepts the SRE/CI declaration, in-process and from a ProxyGroup with a recorder", () => {
    assert.deepEqual(issuesOf(homelabWith(sreAndCi())), []);
    assert.deepEqual(
      issuesOf(homelabWith({ ...sreAndCi(), proxyGroup: { replicas: 2 }, recorder: { enforce: true } })),
      [],
    );
  });
  for (const [title, mutate, path, says] of cases) {
    it(`refuses ${title}`, () => {
      const spec = homelabWith(sreAndCi());
      mutate(spec);
      const issues = issuesOf(spec);
      const issue = issues.find((i) => i.path === path);
      assert.ok(issue, `expected an issue at ${path}, got ${JSON.stringify(issues)}`);
      assert.match(issue.message, says);
    });
  }
});
