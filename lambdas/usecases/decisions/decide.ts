/**
 * Heads appoint key persons. After the window closes and until the decision deadline, the head of
 * a unit (or an administrator, also after the deadline) appoints, reserves or declines each
 * applicant. Seats are counters in the table, changed in the same transaction as the decision,
 * on condition that they stay within the unit's and the programme's seats: two heads taking the
 * last seat at once, one wins. A seat that frees up when nobody is deciding (a withdrawal, a
 * participant leaving, more seats, seats released to the programme-wide list) goes to the first
 * reserve, by the same rule.
 */
import * as z from 'zod/mini';
import { applicationNotFound, applicationWithdrawn, takingPart } from '#core/errors';
import { type Actor, requireUnitAccess } from '#model/access';
import type { Application, ApplicationReader } from '#model/application';
import { type Decision, decisionSchema } from '#model/decision';
import { decisionsPublished, phaseOf, programmeStart } from '#model/programme';
import { type DecisionStore, decisionTransition, headView, requireDecisionPeriod, reservePositions, withRetries } from '#model/transition';
import type { ApplicationDeps } from '#usecases/applications/apply';
import { refill } from '#usecases/decisions/promote';
import { type GroupDeps, removeFromGroup } from '#usecases/groups/groups';
import { programmeOf } from '#usecases/lookups';
import { type Messages, told } from '#model/messages';

/** Deciding reads programmes and applications; what it changes, it changes through transitions. */
export interface DecisionDeps extends Omit<ApplicationDeps, 'applications' | 'decisions' | 'mailCap' | 'messages'> {
  applications: ApplicationReader;
  decisions: DecisionStore;
  /** a changed decision, a promotion, a registration */
  messages: Pick<Messages, 'decision' | 'promoted' | 'registered'>;
}

/** Deciding, and leaving: one no longer appointed leaves their learning group too. */
export type DecidingDeps = DecisionDeps & Pick<GroupDeps, 'groups'>;

export async function decide(
  deps: DecidingDeps,
  actor: Actor,
  applicationId: string,
  input: z.output<typeof decisionSchema>,
  now: Date,
) {
  const outcome = await withRetries(async () => {
    const application = await deps.applications.get(applicationId);
    if (!application) throw applicationNotFound();
    const programme = await programmeOf(deps, application.programmeId);
    requireUnitAccess(actor, programme, application.unitId);
    requireDecisionPeriod(programme, actor, now);
    if (application.status === 'withdrawn') throw applicationWithdrawn();
    const note = input.note ? input.note : undefined;
    const before = application.decision;
    // From the start an appointed person is a participant, with progress and a learning group:
    // they leave, and are not un-appointed.
    if (before?.value === 'appoint' && input.decision !== 'appoint' && now >= programmeStart(programme)) throw takingPart();
    if (before?.value === input.decision && before.note === note) return { application, programme, freed: undefined, changed: false };
    const decision: Decision = {
      value: input.decision,
      ...(note ? { note } : {}),
      at: now.toISOString(),
      by: actor.email,
      ...(input.decision === 'appoint' ? { seat: before?.value === 'appoint' ? (before.seat ?? 'unit') : 'unit' } : {}),
      ...(input.decision === 'reserve'
        ? before?.value === 'reserve'
          ? { reserveSince: before.reserveSince ?? before.at, reserveRank: before.reserveRank ?? 0 }
          : { reserveSince: now.toISOString(), reserveRank: await nextReserveRank(deps, application) }
        : {}),
    };
    const transition = decisionTransition(programme, application, decision, 'decision.made', now);
    await deps.decisions.transition(transition);
    const freed = transition.seat?.delta === -1 ? transition.seat.source : undefined;
    // What the published mail says: no decision reads as a decline.
    return { application: transition.application!.next, programme, freed, changed: (before?.value ?? 'decline') !== input.decision };
  });
  // A head who declines someone decides the unit's seats; after the deadline the rule does.
  if (outcome.freed && phaseOf(outcome.programme, now) === 'decided') {
    await refill(deps, outcome.programme.id, outcome.freed, outcome.application.unitId, now);
  }
  const { application } = outcome;
  // The published mail told the person the decision then: a change after that is told too.
  const mailed = outcome.changed && decisionsPublished(outcome.programme, now);
  if (mailed) await told(deps.messages.decision(outcome.programme, application, now));
  // After the decision, so that no group saved meanwhile brings the person back (a group claims
  // only participants); on a decision asked again too, which finishes one stopped in between.
  if (application.decision?.value !== 'appoint') await removeFromGroup(deps, application.id, now);
  // Only a reserve shows a position, so only then is the unit read again.
  const positions =
    application.decision?.value === 'reserve'
      ? reservePositions(await deps.decisions.unitApplications(outcome.programme.id, application.unitId))
      : new Map<string, number>();
  const participant = application.decision?.value === 'appoint' ? await deps.decisions.getParticipant(application.id) : undefined;
  // Whether the person was mailed the change: the page says so without knowing the rule.
  return { ...headView(application, positions, participant), mailed };
}

async function nextReserveRank(deps: DecisionDeps, application: Application): Promise<number> {
  const unit = await deps.decisions.unitApplications(application.programmeId, application.unitId);
  return Math.max(0, ...unit.map((other) => other.decision?.reserveRank ?? 0)) + 1;
}
