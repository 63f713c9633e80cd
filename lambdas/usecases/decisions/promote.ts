/**
 * Heads appoint key persons. After the window closes and until the decision deadline, the head of
 * a unit (or an administrator, also after the deadline) appoints, reserves or declines each
 * applicant. Seats are counters in the table, changed in the same transaction as the decision,
 * on condition that they stay within the unit's and the programme's seats: two heads taking the
 * last seat at once, one wins. A seat that frees up when nobody is deciding (a withdrawal, a
 * participant leaving, more seats, seats released to the programme-wide list) goes to the first
 * reserve, by the same rule.
 */
import { DomainError } from '#core/errors';
import { ruleActor } from '#model/audit';
import type { Decision, SeatSource } from '#model/decision';
import { decisionsPublished } from '#model/programme';
import { type Transitions, decisionTransition, promotionAllowed, reservesInOrder } from '#model/transition';
import { type Messages, told } from '#model/messages';
import type { ProgrammeReader } from '#model/programme';
import { programmeOf } from '#usecases/lookups';

/** Promoting reserves: the programme's seats, the transitions, and a mail to whoever is promoted. */
export interface PromotionDeps {
  programmes: ProgrammeReader;
  messages: Pick<Messages, 'promoted'>;
  decisions: Transitions;
}

/**
 * Appoint reserves while there are seats: a unit's reserves to the unit's seats, or anyone's
 * reserves, in order, to the seats released to the programme-wide pool. Each promotion is the same
 * atomic seat rule as a head's decision; a promoted person is told by e-mail once decisions are
 * published (before that, the published decision tells them).
 */
export async function promoteReserves(
  deps: PromotionDeps,
  programmeId: string,
  target: { unitId: string } | 'pool',
  now: Date,
): Promise<string[]> {
  const promoted: string[] = [];
  for (;;) {
    const programme = await programmeOf(deps, programmeId);
    if (!promotionAllowed(programme, now)) break;
    const candidates =
      target === 'pool'
        ? await deps.decisions.programmeApplications(programmeId)
        : await deps.decisions.unitApplications(programmeId, target.unitId);
    const first = reservesInOrder(candidates)[0];
    if (!first) break;
    const decision: Decision = { value: 'appoint', at: now.toISOString(), by: ruleActor, seat: target === 'pool' ? 'pool' : 'unit' };
    try {
      await deps.decisions.transition(decisionTransition(programme, first, decision, 'reserve.promoted', now));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NO_SEATS_LEFT') break;
      if (error instanceof DomainError && error.code === 'CONCURRENT_CHANGE') continue;
      throw error;
    }
    promoted.push(first.id);
    if (decisionsPublished(programme, now)) await told(deps.messages.promoted(programme, first));
  }
  return promoted;
}

/** A seat came free: the reserves waiting for that kind of seat get it. */
export function refill(deps: PromotionDeps, programmeId: string, source: SeatSource, unitId: string, now: Date) {
  return promoteReserves(deps, programmeId, source === 'pool' ? 'pool' : { unitId }, now);
}
