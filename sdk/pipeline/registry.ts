import { connectors } from "../features/connectors";
import { controlPlane } from "../features/control-plane";
import { egress } from "../features/egress";
import { exposure } from "../features/exposure";
import type { AnyFeature } from "../features/feature";
import { metrics } from "../features/metrics";
import { nameserver } from "../features/nameserver";
import { proxyGroups } from "../features/proxy-groups";

/**
 * Every feature, in order: the validator, the normalizer, the planner, the proof and the tailnet
 * side iterate over this list, and resources, flows and fragment parts come out in this order.
 * Adding a feature: its folder, one line here, one field in `args.ts`. ProxyGroups come before the
 * exposures they serve, which depend on them (and so go first on destroy).
 */
export const FEATURES: readonly AnyFeature[] = [
  proxyGroups,
  exposure,
  egress,
  connectors,
  nameserver,
  metrics,
  controlPlane,
];
