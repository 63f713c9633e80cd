/**
 * The pure rules of lambdas/model, offline: no platform, no database. The HTTP tests beside them
 * check the same rules through the API; these say exactly which rule does what, and run in
 * milliseconds.
 */
import { describe, expect, it } from 'vitest';
import * as keys from '#adapters/dynamodb/entities';
import type { Application } from '#model/application';
import type { Decision } from '#model/decision';
import { phaseOf, type Programme } from '#model/programme';
import { plannedNotifications } from '#model/schedule';
import { decisionTransition, reservesInOrder } from '#model/transition';
import { programmeBody } from '../helpers/fixtures.ts';

const programme = { ...programmeBody(), createdAt: '2027-01-01T00:00:00.000Z', updatedAt: '2027-01-01T00:00:00.000Z', version: 1 } as unknown as Programme;

function application(id: string, decision?: Decision, status: Application['status'] = 'submitted'): Application {
  return {
    id,
    programmeId: programme.id,
    unitId: 'sylteskolan',
    name: id,
    email: `${id}@example.se`,
    role: 'lärare',
    certified: true,
    subjects: 'Matematik',
    motivation: 'Jag vill.',
    privacyNoticeReadAt: '2027-02-01T08:00:00.000Z',
    status,
    createdAt: '2027-02-01T08:00:00.000Z',
    updatedAt: '2027-02-01T08:00:00.000Z',
    secretHash: '0'.repeat(64),
    revision: 1,
    ...(decision ? { decision } : {}),
  };
}

const reserve = (since: string, rank: number): Decision => ({ value: 'reserve', at: since, by: 'rektor@example.se', reserveSince: since, reserveRank: rank });

describe('the reserves', () => {
  it('are promoted in the order they became reserves, then by rank, never a withdrawn one', () => {
    // Prepare
    const candidates = [
      application('c', reserve('2027-04-02T10:00:00.000Z', 3)),
      application('a', reserve('2027-04-01T10:00:00.000Z', 1)),
      application('b2', reserve('2027-04-02T10:00:00.000Z', 2)),
      application('w', reserve('2027-03-30T10:00:00.000Z', 0), 'withdrawn'),
      application('appointed', { value: 'appoint', at: '2027-03-30T10:00:00.000Z', by: 'x', seat: 'unit' }),
    ];
    // Act
    const order = reservesInOrder(candidates).map((candidate) => candidate.id);
    // Assess
    expect(order).toEqual(['a', 'b2', 'c']);
  });
});

describe('a decision as a transition', () => {
  const now = new Date('2027-04-01T08:00:00Z');

  it('takes a seat and makes a participant when it appoints', () => {
    // Act
    const transition = decisionTransition(programme, application('p'), { value: 'appoint', at: now.toISOString(), by: 'r', seat: 'unit' }, 'decision.made', now);
    // Assess
    expect(transition.seat).toEqual({ source: 'unit', unitId: 'sylteskolan', delta: 1 });
    expect(transition.participant).toMatchObject({ put: { id: 'p', status: 'active', seat: 'unit' } });
    expect(transition.application).toMatchObject({ previousRevision: 1, next: { revision: 2 } });
    expect(transition.audit.changes).toEqual([{ field: 'decision', from: null, to: 'appoint' }]);
  });

  it('gives the seat back and removes the participant when an appointment is undone, and records that the note changed, not its text', () => {
    // Prepare
    const appointed = application('p', { value: 'appoint', at: now.toISOString(), by: 'r', seat: 'pool' });
    // Act
    const transition = decisionTransition(programme, appointed, { value: 'decline', note: 'Tyvärr', at: now.toISOString(), by: 'r' }, 'decision.made', now);
    // Assess
    expect(transition.seat).toEqual({ source: 'pool', unitId: 'sylteskolan', delta: -1 });
    expect(transition.participant).toEqual({ delete: 'p' });
    expect(JSON.stringify(transition.audit)).not.toContain('Tyvärr');
  });

  it('changes no seat when a reserve stays a reserve', () => {
    const transition = decisionTransition(programme, application('p', reserve('2027-04-01T08:00:00.000Z', 1)), reserve('2027-04-01T08:00:00.000Z', 1), 'decision.made', now);
    expect(transition.seat).toBeUndefined();
    expect(transition.participant).toBeUndefined();
  });
});

describe("a programme's phase", () => {
  it('is applying until the window closes, deciding until the deadline, then decided: to the millisecond', () => {
    // Act and assess (the window closes at 03:00 summer time, the night clocks go forward)
    expect(phaseOf(programme, new Date('2027-03-28T00:59:59.999Z'))).toBe('applying');
    expect(phaseOf(programme, new Date('2027-03-28T01:00:00.000Z'))).toBe('deciding');
    expect(phaseOf(programme, new Date('2027-04-12T13:59:59.999Z'))).toBe('deciding');
    expect(phaseOf(programme, new Date('2027-04-12T14:00:00.000Z'))).toBe('decided');
  });
});

describe('the schedule', () => {
  it('plans reminders at 08:00 Stockholm time on their calendar days, across the change to summer time', () => {
    // Act
    const planned = plannedNotifications(programme);
    const due = (key: string) => planned.find((item) => item.key === key)?.dueAt;
    // Assess: 7 days before the close is winter time (+01:00), 1 day before is the night before the change
    expect(due('closesSoon#7d')).toBe('2027-03-21T07:00:00.000Z');
    expect(due('closesSoon#1d')).toBe('2027-03-27T07:00:00.000Z');
    // The heads' reminders fall in summer time (+02:00)
    expect(due('decisionDue#3d')).toBe('2027-04-09T06:00:00.000Z');
    // The erasure, 30 days after the last day, at 03:00
    expect(planned.find((item) => item.kind === 'erasure')?.dueAt).toBe('2029-01-30T02:00:00.000Z');
  });
});

describe('the keys', () => {
  it('put a unit’s applications and the programme’s in their own partitions, sorted by time then id', () => {
    // Act
    const indexes = keys.applicationIndexes('p-1', 'sylteskolan', '2027-02-01T08:00:00.000Z', 'abc');
    // Assess
    expect(indexes).toEqual({
      gsi1pk: 'PROGRAMME#p-1#UNIT#sylteskolan#APPLICATIONS',
      gsi1sk: '2027-02-01T08:00:00.000Z#abc',
      gsi2pk: 'PROGRAMME#p-1#APPLICATIONS',
      gsi2sk: '2027-02-01T08:00:00.000Z#abc',
    });
    expect(indexes.gsi1pk).toBe(keys.unitApplications('p-1', 'sylteskolan').value);
    expect(indexes.gsi2pk).toBe(keys.programmeApplications('p-1').value);
  });

  it('keep no address in a key: the e-mail guard and the caps are keyed by its hash', () => {
    expect(keys.applicantEmailGuard('p-1', 'h'.repeat(64)).pk).toBe(`PROGRAMME#p-1#APPLICANT#${'h'.repeat(64)}`);
    expect(keys.mailCapDay('h', '2027-02-01')).toEqual({ pk: 'MAILCAP#h', sk: 'DAY#2027-02-01' });
  });
});
