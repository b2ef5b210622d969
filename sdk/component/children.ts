import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as helmv3 from "@pulumi/kubernetes/helm/v3";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import type * as pulumi from "@pulumi/pulumi";
import * as tailscale from "@pulumi/tailscale";
import type { PlannedResource } from "../kernel/resources";

/**
 * Maps one planned object to its typed `@pulumi/kubernetes` resource, named `<name>-<suffix>`.
 * This is the only place that knows Pulumi resource classes; everything it writes was decided by
 * the pure planner.
 */
export function createChild(
  name: string,
  planned: PlannedResource,
  opts: pulumi.CustomResourceOptions,
  credentials: { [key: string]: pulumi.Output<string> },
): pulumi.Resource {
  const childName = `${name}-${planned.suffix}`;
  switch (planned.kind) {
    case "Namespace":
      return new corev1.Namespace(childName, { metadata: planned.object.metadata }, opts);
    case "NamespacePatch":
      return new corev1.NamespacePatch(childName, { metadata: planned.object.metadata }, opts);
    case "Secret":
      // The values come from the credentials, wrapped as secrets; the plan only names the keys.
      return new corev1.Secret(
        childName,
        { metadata: planned.object.metadata, type: planned.object.type, stringData: credentials },
        opts,
      );
    case "HelmRelease": {
      const release = planned.object;
      return new helmv3.Release(
        childName,
        {
          name: release.name,
          chart: release.chart,
          version: release.version,
          namespace: release.namespace,
          repositoryOpts: { repo: release.repo },
          values: release.values,
          createNamespace: false,
        },
        opts,
      );
    }
    case "NetworkPolicy":
      return new networkingv1.NetworkPolicy(
        childName,
        { metadata: planned.object.metadata, spec: planned.object.spec },
        opts,
      );
    case "Service":
      return new corev1.Service(
        childName,
        { metadata: planned.object.metadata, spec: planned.object.spec },
        opts,
      );
    case "ServicePatch":
      return new corev1.ServicePatch(childName, { metadata: planned.object.metadata }, opts);
    case "Ingress":
      return new networkingv1.Ingress(
        childName,
        { metadata: planned.object.metadata, spec: planned.object.spec },
        opts,
      );
    case "CustomResource": {
      // Any custom resource type (tailscale.com/v1alpha1 ProxyGroup, Connector...): one generic mapping.
      const { apiVersion, kind, metadata, spec } = planned.object;
      return new apiextensions.CustomResource(
        childName,
        { apiVersion, kind, metadata, ...(spec !== undefined ? { spec } : {}) },
        opts,
      );
    }
    case "ClusterRoleBinding":
      return new rbacv1.ClusterRoleBinding(
        childName,
        {
          metadata: planned.object.metadata,
          subjects: planned.object.subjects,
          roleRef: planned.object.roleRef,
        },
        opts,
      );
    case "RoleBinding":
      return new rbacv1.RoleBinding(
        childName,
        {
          metadata: planned.object.metadata,
          subjects: planned.object.subjects,
          roleRef: planned.object.roleRef,
        },
        opts,
      );
    case "TailnetAcl":
      // basePolicy is required with manage, so the text is the whole file: overwrite, don't import.
      return new tailscale.Acl(childName, { acl: planned.object.acl, overwriteExistingContent: true }, opts);
    case "OAuthClient":
      return new tailscale.OauthClient(childName, { ...planned.object }, opts);
  }
}
