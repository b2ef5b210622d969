/** The admin tiers: AdminNetworkPolicy and BaselineAdminNetworkPolicy, judged before and after NetworkPolicies. */
export { ADMIN_KINDS, buildAdminTiers } from "./load";
export type { AdminRuleRef, AdminTiers, NodeInfo } from "./model";
