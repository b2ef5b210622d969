import { connectors } from "./connectors";
import { egress } from "./egress";
import { exposure } from "./exposure";
import type { AnyFeature } from "./feature";
import { metrics } from "./metrics";
import { nameserver } from "./nameserver";
import { proxyGroups } from "./proxy-groups";

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
];
