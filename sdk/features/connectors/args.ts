/**
 * The connectors feature's args: subnet routers, exit nodes and app connectors run by the operator
 * (`Connector` resources, `tailscale.com/v1alpha1`, cluster-scoped). Plain, schema-friendly
 * interfaces. Facts (v1.102.2): k8s-operator/apis/v1alpha1/types_connector.go, connector.go.
 */
import type { FlowPort } from "../../kernel/types";

/** Tailnet sources allowed through a connector, and on which ports. */
export interface ConnectorAccess {
  /** Tailnet sources: `alice@example.com`, `group:sre`, `tag:ci`, `autogroup:member`. */
  sources: string[];
  /**
   * The ports on the routes' hosts (TCP or UDP): the grant's `ip`, and the connector pods' egress.
   * @default - every port and protocol (ask for it by leaving ports out)
   */
  ports?: FlowPort[];
}

/** @deprecated Renamed {@link ConnectorAccess} (generated SDKs read `ConnectorAccessArgs`); this alias goes at 1.0. */
export type ConnectorAccessArgs = ConnectorAccess;

/** Cluster workloads the connector may reach when its routes cover the cluster's own addresses. */
export interface ConnectorReach {
  /** The workloads' namespace. */
  namespace: string;
  /**
   * Labels of the pods it may reach.
   * @default - every pod of the namespace
   */
  podLabels?: { [key: string]: string };
  /**
   * The pods' ports.
   * @default - every port and protocol
   */
  ports?: FlowPort[];
}

/** @deprecated Renamed {@link ConnectorReach} (generated SDKs read `ConnectorReachArgs`); this alias goes at 1.0. */
export type ConnectorReachArgs = ConnectorReach;

/** A Connector: a subnet router (`routes`), an exit node, or an app connector. */
export interface Connector {
  /**
   * CIDRs advertised to the tailnet: subnet routes, or with `appConnector` the app's preconfigured
   * routes. `autoApprovers.routes` approves them for the connector's tags.
   * @default []
   */
  routes?: string[];
  /**
   * Act as an exit node: the connector may reach the internet (minus the cluster CIDRs), and
   * `autoApprovers.exitNode` approves it.
   * @default false
   */
  exitNode?: boolean;
  /**
   * Act as an app connector (domains are configured in the admin console); excludes `exitNode`.
   * Without `routes` it may reach the internet (minus the cluster CIDRs).
   * @default false
   */
  appConnector?: boolean;
  /**
   * ACL tags of the connector's devices (owned by the operator's tags).
   * @default - `tag:k8s-<name>` (the `k8s-` prefix not doubled), a tag of its own
   */
  tags?: string[];
  /**
   * How many connector pods (devices) run, for high availability.
   * @default 1
   */
  replicas?: number;
  /**
   * The tailnet device name (2-63 lower-case letters, digits and "-"); only with one replica.
   * @default "<name>-connector", the operator's default
   */
  hostname?: string;
  /**
   * A cluster-scoped `ProxyClass` for the connector pods.
   * @default - the operator's default proxy class
   */
  proxyClass?: string;
  /**
   * Who on the tailnet may use the connector, and on which ports: grants to the routes (or
   * `autogroup:internet` for an exit node), and the connector pods' egress on those ports.
   * @default [] - nobody, and no egress to the routes
   */
  access?: ConnectorAccess[];
  /**
   * Managed cluster workloads that admit the connector, where its routes cover the cluster's own
   * addresses (both halves of each flow). Nothing else in a managed namespace admits it.
   * @default []
   */
  reach?: ConnectorReach[];
}

/** @deprecated Renamed {@link Connector} (generated SDKs read `ConnectorArgs`); this alias goes at 1.0. */
export type ConnectorArgs = Connector;
