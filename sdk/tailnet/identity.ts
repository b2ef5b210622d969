import type { TailnetIdentity } from "./evaluator";

/**
 * A representative identity for an `access` source, to ask the grants evaluator whether that
 * source gets through: a user is that user, a group a member of it, a tag a device carrying it, an
 * autogroup a user or device it selects. `user:*@domain` becomes a user of that domain.
 */
export function identityForSource(source: string): TailnetIdentity {
  const lower = source.toLowerCase();
  if (lower.startsWith("tag:")) return { kind: "tagged", tags: [source] };
  if (lower.startsWith("group:"))
    return { kind: "user", login: `member-of-${source.slice(6)}@tailnet.invalid`, groups: [source] };
  if (lower.startsWith("user:*@")) return { kind: "user", login: `someone@${source.slice(7)}` };
  if (lower === "autogroup:tagged") return { kind: "tagged", tags: ["tag:any-tagged-device"] };
  if (lower === "autogroup:shared") return { kind: "user", login: "guest@shared.invalid", shared: true };
  if (lower.startsWith("autogroup:")) {
    const role = lower.slice("autogroup:".length);
    const roles = role === "member" || role === "members" ? [] : [role];
    return { kind: "user", login: `${role}@tailnet.invalid`, roles };
  }
  return { kind: "user", login: source };
}
