import { endpointMatches, intentFor } from "./intent";
import type { IntentInput, IntentReport } from "./intent-report";
import { flowCheck, mostGenericFirst, proofSetup } from "./participants";
import { DifferenceList } from "./verify";

/**
 * The proof as it reads in the semantics: every connection between participants, on every
 * candidate port, asked of the engine with an explanation and of the declaration flow by flow.
 * pods² x ports x flows, far too slow for a platform, which makes it the test oracle of the
 * matrix proof in verify.ts, as the naive evaluator is for the engine.
 */
export function verifyIntentPairwise(input: IntentInput): IntentReport {
  const { engine, managed, everyone, ports, scopeOf } = proofSetup(input);
  const differences = new DifferenceList();
  let checked = 0;
  for (const from of everyone) {
    for (const other of everyone) {
      // A participant against itself: its pod against another pod of its class (none: loopback).
      const to = other === from ? from.peer : other;
      if (!to || (from.party.pod === undefined && to.party.pod === undefined)) continue;
      const touchesManaged = [from, to].some(
        (p) => p.party.namespace !== undefined && managed.has(p.party.namespace),
      );
      if (!touchesManaged) continue;
      for (const probe of ports) {
        const { port, protocol } = probe;
        checked++;
        const verdict = engine.check({ from: from.endpoint, to: to.endpoint, port, protocol });
        const intent = intentFor(input.flows, managed, from.party, to.party, port, protocol, scopeOf);
        if (verdict.allowed === intent.intended) continue;
        differences.add(intent.intended, from, to, probe, (p) => {
          if (p === probe) return { reason: verdict.reason, flow: intent.egress ?? intent.ingress };
          const at = { from: from.endpoint, to: to.endpoint, port: p.port, protocol: p.protocol };
          const other = intentFor(input.flows, managed, from.party, to.party, p.port, p.protocol, scopeOf);
          return { reason: engine.check(at).reason, flow: other.egress ?? other.ingress };
        });
      }
    }
  }
  const flows = input.flows.map((flow) => {
    const scope = scopeOf(flow);
    const fits = (ep: typeof flow.from) =>
      mostGenericFirst(everyone.filter((p) => endpointMatches(ep, p.party, scope)));
    const src = fits(flow.from)[0];
    const dst =
      fits(flow.to).find((p) => p !== src) ??
      (src && endpointMatches(flow.to, src.party, scope) ? src.peer : undefined);
    return src && dst ? flowCheck(engine, flow, src, dst) : { flow };
  });
  return { engine, checked, differences: differences.list(ports.length), flows };
}
