import { egress } from "./egress";
import { exposure } from "./exposure";
import type { AnyFeature } from "./feature";

/**
 * Every feature, in order: the validator, the normalizer, the planner, the proof and the tailnet
 * side iterate over this list, and resources, flows and fragment parts come out in this order.
 * Adding a feature: its folder, one line here, one field in `args.ts`.
 */
export const FEATURES: readonly AnyFeature[] = [exposure, egress];
