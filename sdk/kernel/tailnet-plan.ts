import type { TailnetPolicy } from "../tailnet/policy";

/** What the tailnet side of the declaration turns into. */
export interface TailnetPlan {
  /** The fragment this declaration needs (tagOwners, grants, nodeAttrs, tests). */
  fragment: TailnetPolicy;
  /** The policy to save: the fragment merged into `basePolicy`, or the fragment alone. */
  policy: TailnetPolicy;
  /** `policy` as HuJSON text: the `tailnetPolicy` output and the `Acl` resource's input. */
  text: string;
  /** Whether `policy` is a whole policy file (merged into a base) rather than a fragment. */
  complete: boolean;
  /** Test and sshTest assertions whose outcome the policy file does not decide, each with its reason. */
  unchecked: string[];
}
