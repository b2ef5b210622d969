import { perServiceTag } from "../../tailnet/selectors";
import { DEFAULT_PROXY_GROUP_REPLICAS } from "../proxy-groups/normalize";
import { type ApiServerProxy, ApiServerProxyMode, type RecorderS3, RoleKind } from "./types";

/** What the control plane needs to know about the rest of the declaration. */
export interface ControlPlaneContext {
  operatorNamespace: string;
  operatorHostname: string;
  operatorTags: string[];
  proxyTags: string[];
  /** Whether this component installs the operator (and so owns its chart values). */
  install: boolean;
}

/** Default tailnet name of a `kube-apiserver` ProxyGroup. */
export const DEFAULT_PROXY_GROUP_HOSTNAME = "k8s-api";
export const DEFAULT_RECORDER_TAGS = ["tag:k8s-recorder"];
/** The Recorder custom resource's name (its device is named after it). */
export const RECORDER_NAME = "recorder";

export interface NormalizedAccess {
  sources: string[];
  groups: string[];
  clusterRoles: string[];
  namespaceRoles: { namespace: string; role: string; roleKind: RoleKind }[];
  acknowledgeSharedGroups: boolean;
}

/** The API server proxy with every default applied. */
export interface NormalizedControlPlane {
  mode: ApiServerProxyMode;
  /** The tailnet name clients configure kubectl with. */
  hostname: string;
  /** The tags of the device(s) serving the proxy: the grant's destination. */
  deviceTags: string[];
  /** Set when a `kube-apiserver` ProxyGroup serves the proxy; else the operator pod does. */
  proxyGroup?: { name: string; replicas: number; tags: string[]; proxyClass?: string };
  access: NormalizedAccess[];
  recorder?: {
    name: string;
    enforce: boolean;
    tags: string[];
    enableUI: boolean;
    s3?: RecorderS3;
    recordEvents: boolean;
  };
}

/** Applies the defaults; call only on validated args. */
export function normalizeControlPlane(
  args: ApiServerProxy | undefined,
  ctx: ControlPlaneContext,
): NormalizedControlPlane | undefined {
  if (!args) return undefined;
  const pg = args.proxyGroup;
  const hostname = args.hostname ?? (pg ? DEFAULT_PROXY_GROUP_HOSTNAME : ctx.operatorHostname);
  const proxyGroup = pg
    ? {
        name: hostname.toLowerCase(),
        replicas: pg.replicas ?? DEFAULT_PROXY_GROUP_REPLICAS,
        tags: pg.tags ?? [perServiceTag(hostname)],
        ...(pg.proxyClass !== undefined ? { proxyClass: pg.proxyClass } : {}),
      }
    : undefined;
  const rec = args.recorder;
  return {
    mode: args.mode ?? ApiServerProxyMode.Auth,
    hostname,
    deviceTags: proxyGroup ? proxyGroup.tags : [...ctx.operatorTags],
    ...(proxyGroup ? { proxyGroup } : {}),
    access: (args.access ?? []).map((a) => ({
      sources: [...a.sources],
      groups: [...(a.groups ?? [])],
      clusterRoles: [...(a.clusterRoles ?? [])],
      namespaceRoles: (a.namespaceRoles ?? []).map((r) => ({
        namespace: r.namespace,
        role: r.role,
        roleKind: r.roleKind ?? RoleKind.ClusterRole,
      })),
      acknowledgeSharedGroups: a.acknowledgeSharedGroups ?? false,
    })),
    ...(rec
      ? {
          recorder: {
            name: RECORDER_NAME,
            enforce: rec.enforce ?? false,
            tags: rec.tags ?? [...DEFAULT_RECORDER_TAGS],
            enableUI: rec.enableUI ?? rec.s3 === undefined,
            ...(rec.s3 ? { s3: { ...rec.s3 } } : {}),
            recordEvents: rec.recordEvents ?? false,
          },
        }
      : {}),
  };
}

/** The command each person runs to point kubectl at the proxy. */
export const kubeconfigCommand = (cp: NormalizedControlPlane) =>
  `tailscale configure kubeconfig ${cp.hostname}`;
