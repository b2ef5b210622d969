import type { ZeroTrustSpec } from "../../../sdk/features/args";
import type { ControlPlaneContext } from "../../../sdk/features/control-plane/normalize";
import { type ApiServerProxy, RoleKind } from "../../../sdk/features/control-plane/types";
import { homelab } from "../../fixtures";

/** The homelab's operator, as the control plane sees it. */
export const context = (): ControlPlaneContext => ({
  operatorNamespace: "tailscale",
  operatorHostname: "tailscale-operator",
  operatorTags: ["tag:k8s-operator"],
  proxyTags: ["tag:k8s"],
  install: true,
});

/** SRE reads the whole cluster and edits apps; CI deploys to apps with a Role of its own. */
export const sreAndCi = (): ApiServerProxy => ({
  access: [
    {
      sources: ["group:sre"],
      groups: ["sre"],
      clusterRoles: ["view"],
      namespaceRoles: [{ namespace: "apps", role: "edit" }],
    },
    {
      sources: ["tag:ci"],
      groups: ["deployers"],
      namespaceRoles: [{ namespace: "apps", role: "deployer", roleKind: RoleKind.Role }],
    },
  ],
});

export const homelabWith = (
  apiServerProxy: ApiServerProxy,
): ZeroTrustSpec & { apiServerProxy: ApiServerProxy } => ({
  ...homelab(),
  apiServerProxy,
});
