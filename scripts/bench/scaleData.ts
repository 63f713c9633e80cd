/**
 * The data of `npm run bench:scale`, seeded through the use cases and the stores (not over HTTP):
 * a municipality ten times Trollhättan's, or a region's programmes together, beside one programme
 * of the demo's size. The measured programmes are `stor` and `liten`; 19 others of 630
 * applications each make the table the size the issue names.
 */
import { inParallel } from '#core/parallel';
import { emailHash, newApplication } from '#model/application';
import type { ProgrammeInput } from '#model/programme';
import type { Watcher } from '#model/watcher';

export interface ScaleProgramme {
  id: string;
  units: number;
  applicantsPerUnit: number;
  appointedPerUnit: number;
  groupSize: number;
  watchers: number;
  opensAt: string;
}

/** The measured large programme, the demo-sized one, and the rest of the region's. */
export const scaleProgrammes: ScaleProgramme[] = [
  { id: 'stor', units: 60, applicantsPerUnit: 50, appointedPerUnit: 25, groupSize: 10, watchers: 5_000, opensAt: '2027-01-28T00:00:00+01:00' },
  { id: 'liten', units: 10, applicantsPerUnit: 3, appointedPerUnit: 1, groupSize: 5, watchers: 20, opensAt: '2027-01-21T00:00:00+01:00' },
  ...Array.from({ length: 19 }, (_, index) => ({
    id: `region-${index + 1}`,
    units: 30,
    applicantsPerUnit: 21,
    appointedPerUnit: 0,
    groupSize: 10,
    watchers: 0,
    opensAt: '2027-01-28T00:00:00+01:00',
  })),
];

const actor = { email: 'admin@example.se', isAdmin: true };
const milestones = [
  { id: 'modul-1', title: 'Modul 1', kind: 'module' as const, dueAt: '2027-05-31T14:00:00Z' },
  { id: 'cykel-1', title: 'Lärcykel 1', kind: 'learning_cycle' as const, dueAt: '2027-09-30T14:00:00Z' },
];

function programmeInput(programme: ScaleProgramme): ProgrammeInput {
  return {
    id: programme.id,
    title: `Nyckelpersoner för skolutveckling (${programme.id})`,
    description: 'Utbildning av nyckelpersoner i skola och förskola.',
    organiser: 'Utbildningsförvaltningen',
    course: { name: 'Att leda och leva skolförbättring', provider: 'Karlstads universitet' },
    eligibility: 'Legitimerade lärare och förskollärare',
    window: { opensAt: programme.opensAt, closesAt: '2027-03-28T03:00:00+02:00' },
    decisionDeadline: '2027-04-12T16:00:00+02:00',
    period: { start: '2027-04-19', end: '2028-12-31' },
    seats: Math.max(1, programme.units * programme.appointedPerUnit),
    units: Array.from({ length: programme.units }, (_, index) => ({
      id: `enhet-${index + 1}`,
      name: `Enhet ${index + 1}`,
      kind: index % 3 === 0 ? ('förskola' as const) : ('skola' as const),
      seats: Math.max(1, programme.appointedPerUnit),
      head: { name: `Rektor ${index + 1}`, email: `rektor.${programme.id}.${index + 1}@example.se` },
    })),
    milestones,
  } as ProgrammeInput;
}

export interface SeededCounts {
  programmes: number;
  applications: number;
  participants: number;
  groups: number;
  progress: number;
  watchers: number;
}

/** Seed every programme; call after the platform has set the adapters' configuration. */
export async function seedScale(tableName: string): Promise<SeededCounts> {
  const { applicationReader, groupDependencies, groupStore, progressDependencies, storeDependencies } = await import('#wiring/stores');
  const { createProgramme } = await import('#usecases/programmes/programmes');
  const { decide } = await import('#usecases/decisions/decide');
  const { createGroup } = await import('#usecases/groups/groups');
  const { setProgressAsStaff } = await import('#usecases/progress/progress');
  const { DynamoWatcherStore } = await import('#adapters/dynamodb/notifications');
  const { dynamo } = await import('#adapters/clients');
  const { randomIds } = await import('#adapters/ids');
  const deps = storeDependencies();
  const reading = { ...deps, applications: applicationReader(), groups: groupStore() };
  const watchers = new DynamoWatcherStore(dynamo(), tableName);
  const counts: SeededCounts = { programmes: 0, applications: 0, participants: 0, groups: 0, progress: 0, watchers: 0 };

  for (const programme of scaleProgrammes) {
    await createProgramme(reading, programmeInput(programme), actor.email, new Date('2027-01-10T09:00:00Z'));
    counts.programmes++;
    const applicants = Array.from({ length: programme.units * programme.applicantsPerUnit }, (_, index) => {
      const unit = (index % programme.units) + 1;
      return { email: `sokande.${programme.id}.${index}@example.se`, unitId: `enhet-${unit}`, appointed: Math.floor(index / programme.units) < programme.appointedPerUnit };
    });
    const appointed: { id: string; unitId: string }[] = [];
    await inParallel(applicants, 16, async (applicant, index) => {
      const at = new Date(Date.parse('2027-02-01T08:00:00Z') + index * 1000);
      const answers = {
        name: `Sökande ${index}`,
        email: applicant.email,
        unitId: applicant.unitId,
        role: 'lärare' as const,
        certified: true,
        subjects: 'Matematik åk 4–6',
        motivation: 'Jag vill utveckla undervisningen tillsammans med mina kollegor.',
      };
      const id = randomIds.newId();
      await deps.applications.create(newApplication(id, programme.id, answers, randomIds.secret(), at), emailHash(applicant.email));
      if (applicant.appointed) appointed.push({ id, unitId: applicant.unitId });
    });
    counts.applications += applicants.length;

    // A unit's appointments one after another (they share its seat counter), the units side by side.
    const byUnit = new Map<string, { id: string }[]>();
    for (const entry of appointed) byUnit.set(entry.unitId, [...(byUnit.get(entry.unitId) ?? []), entry]);
    await inParallel([...byUnit.values()], 16, async (unitAppointed) => {
      for (const { id } of unitAppointed) await decide(reading, actor, id, { decision: 'appoint' }, new Date('2027-04-01T08:00:00Z'));
    });
    counts.participants += appointed.length;

    const ids = appointed.map((entry) => entry.id);
    const groups: string[][] = [];
    for (let start = 0; start + programme.groupSize <= ids.length; start += programme.groupSize) groups.push(ids.slice(start, start + programme.groupSize));
    const groupDeps = groupDependencies();
    await inParallel(groups, 8, (memberIds, index) =>
      createGroup(groupDeps, actor, programme.id, { name: `Lärgrupp ${index + 1}`, facilitatorId: memberIds[0]!, memberIds }, new Date('2027-05-01T08:00:00Z')),
    );
    counts.groups += groups.length;

    // Everyone has the first module done or under way; a third have started the first cycle.
    const progress = progressDependencies();
    const records = ids.flatMap((id, index) => [
      { id, milestoneId: 'modul-1', status: index % 4 === 0 ? ('in_progress' as const) : ('done' as const) },
      ...(index % 3 === 0 ? [{ id, milestoneId: 'cykel-1', status: 'in_progress' as const }] : []),
    ]);
    await inParallel(records, 16, (record) => setProgressAsStaff(progress, actor, record.id, record.milestoneId, record.status, new Date('2027-06-01T08:00:00Z')));
    counts.progress += records.length;

    const confirmed: Watcher[] = Array.from({ length: programme.watchers }, (_, index) => {
      const email = `bevakare.${programme.id}.${index}@example.se`;
      return { programmeId: programme.id, email, emailHash: emailHash(email), status: 'confirmed', createdAt: '2027-01-10T09:00:00.000Z', confirmedAt: '2027-01-10T09:05:00.000Z' };
    });
    await inParallel(confirmed, 16, (watcher) => watchers.put(watcher));
    counts.watchers += confirmed.length;
  }
  return counts;
}
