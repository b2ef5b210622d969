import assert from "node:assert/strict";
import { validateSpec } from "../../sdk/core";
import type { ZeroTrustSpec } from "../../sdk/features/args";
import { homelab } from "../fixtures";

/** One way to break the homelab: the field the error must name and the words it must carry. */
export type RejectCase =
  | { title: string; mutate: (s: ZeroTrustSpec) => void; path: string; says: RegExp }
  | [title: string, mutate: (s: any) => void, path: string, says: RegExp];

/** One test per case: break a fresh homelab, and find the issue at the path, with the message. */
export function itRejects(cases: RejectCase[]): void {
  for (const c of cases) {
    const { title, mutate, path, says } = Array.isArray(c)
      ? { title: c[0], mutate: c[1], path: c[2], says: c[3] }
      : c;
    it(`rejects ${title}`, () => {
      const spec = homelab();
      mutate(spec);
      const issues = validateSpec(spec);
      const issue = issues.find((i) => i.path === path);
      assert.ok(issue, `expected an issue at ${path}, got ${JSON.stringify(issues)}`);
      assert.match(issue.message, says);
    });
  }
}
