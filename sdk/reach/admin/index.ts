/** The admin tiers: AdminNetworkPolicy and BaselineAdminNetworkPolicy, judged before and after NetworkPolicies. */

export type { AdminRuleRef, AdminTiers, NodeInfo } from "../model";
export { ADMIN_KINDS, buildAdminTiers } from "./load";
