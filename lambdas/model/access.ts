/**
 * Who may do what. Each route in lambdas/routes.ts lists the principals it admits; this module says
 * what each principal means. The chain checks what a token alone can show (signed in, admin);
 * the use cases check the rest against the resource (head of *this* unit, holder of *this* link).
 */
import { forbidden, unitNotFound } from '#core/errors';
import type { Programme } from '#model/programme';

export type Principal =
  /** anyone at all, signed in or not */
  | 'anyone'
  /** whoever holds the application's private-link secret */
  | 'applicant'
  /** a signed-in user whose e-mail is the head e-mail of the unit concerned */
  | 'unitHead'
  /** any signed-in user (heads learn which units are theirs) */
  | 'staff'
  /** a signed-in user in the Cognito group `admin` */
  | 'admin';

/** The signed-in user, as the domain sees them. */
export interface Actor {
  /** lower-cased */
  email: string;
  isAdmin: boolean;
}

/** A route that admits nobody without a token. */
export function needsSignIn(allowed: readonly Principal[]): boolean {
  return !allowed.includes('anyone') && !allowed.includes('applicant');
}

/** What the token alone can settle: is this actor admitted by the route at all? */
export function admitsActor(allowed: readonly Principal[], actor: Actor): boolean {
  if (actor.isAdmin && allowed.includes('admin')) return true;
  return allowed.some((principal) => principal === 'unitHead' || principal === 'staff');
}

export function isHeadOf(actor: Actor, programme: Programme, unitId: string): boolean {
  const unit = programme.units.find((candidate) => candidate.id === unitId);
  return unit !== undefined && unit.head.email === actor.email;
}

/** The units of a programme whose head is the actor. */
export function unitsHeadedBy(actor: Actor, programme: Programme) {
  return programme.units.filter((unit) => unit.head.email === actor.email);
}

/**
 * For routes open to `unitHead` and `admin`: the head of the unit, or an admin. Anyone else gets
 * 403, also for a unit that does not exist (nobody learns which units exist by probing).
 */
export function requireUnitAccess(actor: Actor | undefined, programme: Programme, unitId: string): void {
  if (!actor) throw forbidden();
  if (actor.isAdmin) {
    if (!programme.units.some((unit) => unit.id === unitId)) throw unitNotFound();
    return;
  }
  if (!isHeadOf(actor, programme, unitId)) throw forbidden();
}

export function requireAdmin(actor: Actor | undefined): asserts actor is Actor {
  if (!actor?.isAdmin) throw forbidden();
}
