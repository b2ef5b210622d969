import assert from "node:assert/strict";
import { normalizeControlPlane } from "../../../sdk/features/control-plane/normalize";
import { planBindings } from "../../../sdk/features/control-plane/rbac";
import {
  apiServerProxyGroupResource,
  chartValues,
  recorderResource,
} from "../../../sdk/features/control-plane/resources";
import { ApiServerProxyMode } from "../../../sdk/features/control-plane/types";
import { context, sreAndCi } from "./fixtures";

describe("control plane: RBAC, chart values and custom resources", () => {
  it("binds each group to each of its roles, one binding per group and role, with stable names", () => {
    const cp = normalizeControlPlane(sreAndCi(), context())!;
    const { clusterRoleBindings, roleBindings } = planBindings(cp);
    assert.deepEqual(
      clusterRoleBindings.map((b) => [b.metadata.name, b.roleRef.kind, b.roleRef.name, b.subjects]),
      [
        [
          "tailnet-sre-view",
          "ClusterRole",
          "view",
          [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "sre" }],
        ],
      ],
    );
    assert.deepEqual(
      roleBindings.map((b) => [
        b.metadata.namespace,
        b.metadata.name,
        b.roleRef.kind,
        b.roleRef.name,
        b.subjects[0].name,
      ]),
      [
        ["apps", "tailnet-deployers-deployer", "Role", "deployer", "deployers"],
        ["apps", "tailnet-sre-edit", "ClusterRole", "edit", "sre"],
      ],
    );
  });

  it("does not duplicate a binding two entries ask for, and slugs group names that are not DNS labels", () => {
    const args = sreAndCi();
    args.access!.push({
      sources: ["alice@example.com"],
      groups: ["sre", "oidc:Platform Ops"],
      clusterRoles: ["view"],
    });
    const names = planBindings(normalizeControlPlane(args, context())!).clusterRoleBindings.map(
      (b) => b.metadata.name,
    );
    assert.deepEqual(names, ["tailnet-oidc-platform-ops-view", "tailnet-sre-view"]);
  });

  it("turns the in-process proxy on in the chart: auth is mode true, noauth is noauth", () => {
    assert.deepEqual(chartValues(normalizeControlPlane(sreAndCi(), context())!), {
      apiServerProxyConfig: { mode: "true" },
    });
    const noauth = normalizeControlPlane(
      { mode: ApiServerProxyMode.NoAuth, access: [{ sources: ["group:sre"] }] },
      context(),
    )!;
    assert.deepEqual(chartValues(noauth), { apiServerProxyConfig: { mode: "noauth" } });
    assert.equal(noauth.hostname, "tailscale-operator");
    assert.deepEqual(noauth.deviceTags, ["tag:k8s-operator"]);
    assert.equal(apiServerProxyGroupResource(noauth), undefined);
  });

  it("serves the proxy from a kube-apiserver ProxyGroup with impersonation allowed, under its own name and tag", () => {
    const cp = normalizeControlPlane({ ...sreAndCi(), proxyGroup: { replicas: 3 } }, context())!;
    assert.deepEqual(chartValues(cp), { apiServerProxyConfig: { allowImpersonation: "true" } });
    assert.deepEqual(apiServerProxyGroupResource(cp), {
      apiVersion: "tailscale.com/v1alpha1",
      kind: "ProxyGroup",
      metadata: { name: "k8s-api", labels: { "app.kubernetes.io/managed-by": "tailnet-zerotrust" } },
      spec: {
        type: "kube-apiserver",
        tags: ["tag:k8s-api"],
        replicas: 3,
        kubeAPIServer: { mode: "auth", hostname: "k8s-api" },
      },
    });
    const noauth = normalizeControlPlane({ mode: ApiServerProxyMode.NoAuth, proxyGroup: {} }, context())!;
    assert.deepEqual(chartValues(noauth), { apiServerProxyConfig: {} });
    assert.equal((apiServerProxyGroupResource(noauth)!.spec as { replicas: number }).replicas, 2);
  });

  it("creates a Recorder with the UI when recordings stay local, and S3 storage by Secret name", () => {
    const local = normalizeControlPlane({ ...sreAndCi(), recorder: {} }, context())!;
    assert.deepEqual(recorderResource(local)!.spec, { tags: ["tag:k8s-recorder"], enableUI: true });
    const s3 = normalizeControlPlane(
      {
        ...sreAndCi(),
        recorder: {
          s3: { endpoint: "s3.eu-west-1.amazonaws.com", bucket: "rec", credentialsSecret: "rec-s3" },
        },
      },
      context(),
    )!;
    assert.deepEqual(recorderResource(s3)!.spec, {
      tags: ["tag:k8s-recorder"],
      enableUI: false,
      storage: {
        s3: {
          endpoint: "s3.eu-west-1.amazonaws.com",
          bucket: "rec",
          credentials: { secret: { name: "rec-s3" } },
        },
      },
    });
    assert.equal(recorderResource(normalizeControlPlane(sreAndCi(), context())!), undefined);
  });
});
