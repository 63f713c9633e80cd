/**
 * Demo data for `npm start` on an empty store, from two real Swedish initiatives: Trollhättan's
 * key persons for school improvement (over 140 teachers and preschool teachers, the course "Att
 * leda och leva skolförbättring" at Karlstads universitet), with its window open around today,
 * and Kungälv's collegial learning in learning groups, with its window upcoming and a pilot round
 * already running (participants, their progress, learning groups part-way through their first
 * cycle). Names of units and people are made up; heads' e-mails work with `/_local/token`.
 */
import { randomUUID } from 'node:crypto';
import { randomIds } from '#adapters/ids';
import { slugify } from '#model/unitImport';
import type { Phase } from '#model/group';
import type { Milestone, ProgrammeInput, Unit } from '#model/programme';
import type { ProgressStatus } from '#model/progress';
import { addStockholmDays, formatSwedishDate, stockholmDate, stockholmInstant, toStockholmIso } from '#core/time';

const schools: [string, string][] = [
  ['Sylteskolan', 'Maria Lind'],
  ['Kronogårdsskolan', 'Johan Ek'],
  ['Lextorpsskolan', 'Sara Holm'],
  ['Källstorpsskolan', 'Anders Berg'],
  ['Hjortmosseskolan', 'Eva Sjöberg'],
  ['Björndalsskolan', 'Karin Dahl'],
  ['Torsredsskolan', 'Peter Nyström'],
  ['Götaälvsskolan', 'Lena Strand'],
  ['Strömslundsskolan', 'Mikael Åberg'],
  ['Sjuntorpsskolan', 'Helena Falk'],
  ['Upphäradsskolan', 'Tomas Lundqvist'],
  ['Halvorstorpsskolan', 'Annika Wallin'],
];
const preschools: [string, string][] = [
  ['Förskolan Solrosen', 'Camilla Öberg'],
  ['Förskolan Ekorren', 'Jonas Lilja'],
  ['Förskolan Linden', 'Petra Hedlund'],
  ['Förskolan Regnbågen', 'Sofia Björk'],
  ['Förskolan Kastanjen', 'Fredrik Alm'],
  ['Förskolan Skogsgläntan', 'Malin Forsberg'],
  ['Förskolan Tusenfoting', 'Linda Sandberg'],
  ['Förskolan Vitsippan', 'Erik Hammar'],
];

export function demoUnits(): Unit[] {
  return [
    ...schools.map(([name, head], index): Unit => ({
      id: slugify(name),
      name,
      kind: 'skola',
      seats: index < 6 ? 10 : 8,
      head: { name: head, email: `rektor.${slugify(name)}@example.se` },
    })),
    ...preschools.map(([name, head]): Unit => ({
      id: slugify(name),
      name,
      kind: 'förskola',
      seats: 6,
      head: { name: head, email: `forskolechef.${slugify(name.replace('Förskolan ', ''))}@example.se` },
    })),
  ];
}

function localDay(now: Date, days: number, hour: number, minute: number): Date {
  const [year, month, day] = stockholmDate(addStockholmDays(now, days)).split('-').map(Number) as [number, number, number];
  return stockholmInstant(year, month, day, hour, minute);
}

export function demoProgrammes(now: Date): ProgrammeInput[] {
  const opens = localDay(now, -14, 0, 0);
  const closes = localDay(now, 21, 23, 59);
  const decision = localDay(now, 35, 16, 0);
  const start = stockholmDate(localDay(now, 56, 0, 0));
  const startYear = Number(start.slice(0, 4));
  const milestone = (id: string, title: string, kind: Milestone['kind'], days: number): Milestone => ({
    id,
    title,
    kind,
    dueAt: toStockholmIso(localDay(now, days, 16, 0)),
  });
  const keyPersons: ProgrammeInput = {
    id: `nyckelpersoner-${startYear}`,
    title: 'Nyckelpersoner för skolutveckling',
    description:
      'Utbildningsförvaltningen genomför en storsatsning på pedagogisk utveckling genom att utbilda nyckelpersoner inom skola och förskola. ' +
      'Syftet är att sätta ännu mer fokus på att utveckla undervisningen. Totalt handlar det om 140–150 lärare och förskollärare som ska driva ' +
      'skolutveckling på sina skolor och förskolor. Nyckelpersonerna driver, på uppdrag av rektor eller förskolechef, pedagogiska utvecklingsfrågor ' +
      'och är ett stöd i kvalitetsarbetet. Satsningen genomförs med statsbidrag och stöd från Skolverket.',
    organiser: 'Utbildningsförvaltningen',
    contactEmail: demoContact,
    course: { name: 'Att leda och leva skolförbättring', provider: 'Karlstads universitet' },
    eligibility:
      'Alla legitimerade lärare och förskollärare kan söka uppdraget. Det är rektor eller förskolechef som utser nyckelpersonerna på sin enhet.',
    window: { opensAt: toStockholmIso(opens), closesAt: toStockholmIso(closes) },
    decisionDeadline: toStockholmIso(decision),
    period: { start, end: `${startYear + 1}-12-31` },
    seats: 150,
    units: demoUnits(),
    milestones: [
      milestone('uppstart', 'Uppstartsseminarium', 'seminar', 60),
      milestone('modul-1', 'Modul 1: Skolförbättringens grunder', 'module', 120),
      milestone('largrupp-1', 'Lärgruppscykel 1: planera, pröva, utvärdera, implementera', 'learning_cycle', 150),
      milestone('modul-2', 'Modul 2: Att leda kollegialt lärande', 'module', 240),
      milestone('largrupp-2', 'Lärgruppscykel 2', 'learning_cycle', 300),
      milestone('modul-3', 'Modul 3: Systematiskt kvalitetsarbete', 'module', 400),
      milestone('avslutning', 'Avslutande seminarium', 'seminar', 500),
    ],
  };
  const collegial: ProgrammeInput = {
    id: `kollegialt-larande-${startYear}`,
    title: 'Kollegialt lärande i lärgrupper',
    description:
      'Kollegialt lärande som metod för professionsutveckling, för lärare i förskoleklass, fritidshem och grundskola. ' +
      'Deltagarna träffas i lärgrupper, diskuterar forskning och metoder, prövar aktivt i sin undervisning och utvärderar ' +
      'och implementerar sedan det som fungerar. Målet är hållbara strukturer för skolans professionsutveckling över tid.',
    organiser: 'Utbildningsförvaltningen',
    contactEmail: demoContact,
    course: { name: 'Kollegialt lärande som metod för professionsutveckling', provider: 'GR Utbildning' },
    eligibility: 'Lärare i förskoleklass, fritidshem och grundskola.',
    window: { opensAt: toStockholmIso(localDay(now, 40, 0, 0)), closesAt: toStockholmIso(localDay(now, 70, 23, 59)) },
    decisionDeadline: toStockholmIso(localDay(now, 84, 16, 0)),
    period: { start: stockholmDate(localDay(now, 100, 0, 0)), end: `${startYear + 2}-06-30` },
    seats: 60,
    units: demoUnits().filter((unit) => unit.kind === 'skola').map((unit) => ({ ...unit, seats: 5 })),
    milestones: [
      milestone('cykel-1', 'Cykel 1: planera, pröva, utvärdera, implementera', 'learning_cycle', 160),
      milestone('cykel-2', 'Cykel 2', 'learning_cycle', 220),
    ],
  };
  // A first round whose window has closed: the heads are deciding now (the head's page has work).
  const firstRound: ProgrammeInput = {
    ...keyPersons,
    id: `nyckelpersoner-omgang-1-${startYear}`,
    title: 'Nyckelpersoner för skolutveckling – första omgången',
    window: { opensAt: toStockholmIso(localDay(now, -45, 0, 0)), closesAt: toStockholmIso(localDay(now, -3, 23, 59)) },
    decisionDeadline: toStockholmIso(localDay(now, 10, 16, 0)),
    period: { start: stockholmDate(localDay(now, 30, 0, 0)), end: `${startYear + 1}-06-30` },
    seats: 40,
    units: demoUnits().map((unit) => ({ ...unit, seats: unit.kind === 'skola' ? 2 : 1 })),
    milestones: keyPersons.milestones.slice(0, 3),
  };
  // Kungälv's method already at work: a pilot round that started four months ago, at four schools.
  const pilotStart = stockholmDate(localDay(now, -130, 0, 0));
  const pilot: ProgrammeInput = {
    ...collegial,
    id: `kollegialt-larande-pilot-${pilotStart.slice(0, 4)}`,
    title: 'Kollegialt lärande i lärgrupper – pilotomgången',
    window: { opensAt: toStockholmIso(localDay(now, -200, 0, 0)), closesAt: toStockholmIso(localDay(now, -170, 23, 59)) },
    decisionDeadline: toStockholmIso(localDay(now, -160, 16, 0)),
    period: { start: pilotStart, end: stockholmDate(localDay(now, 230, 0, 0)) },
    seats: 20,
    units: collegial.units.filter((unit) => pilotApplicants.some(([, unitId]) => unitId === unit.id)),
    milestones: [
      milestone('uppstart', 'Uppstartsträff', 'seminar', -120),
      milestone('cykel-1', 'Cykel 1: planera, pröva, utvärdera, implementera', 'learning_cycle', -10),
      milestone('cykel-2', 'Cykel 2', 'learning_cycle', 80),
      milestone('avslutning', 'Avslutande träff', 'seminar', 200),
    ],
  };
  // The open round is the next round of the first ("Ny omgång"): the overview links the two.
  keyPersons.copiedFrom = firstRound.id;
  return [keyPersons, collegial, firstRound, pilot];
}

type DemoApplicant = [name: string, unitId: string, role: 'lärare' | 'förskollärare', subjects: string];

const openRoundApplicants: DemoApplicant[] = [
  ['Anna Andersson', 'sylteskolan', 'lärare', 'Matematik åk 4–6'],
  ['Erik Johansson', 'sylteskolan', 'lärare', 'Svenska och SO åk 7–9'],
  ['Fatima Ali', 'sylteskolan', 'lärare', 'NO åk 4–6'],
  ['Jonas Karlsson', 'kronogardsskolan', 'lärare', 'Engelska åk 7–9'],
  ['Lina Persson', 'lextorpsskolan', 'lärare', 'Förskoleklass och fritidshem'],
  ['Sofia Nilsson', 'forskolan-solrosen', 'förskollärare', 'Förskola 1–5 år'],
  ['Ahmed Hassan', 'forskolan-ekorren', 'förskollärare', 'Förskola 3–5 år'],
];

const firstRoundApplicants: DemoApplicant[] = [
  ['Maja Lindgren', 'sylteskolan', 'lärare', 'Svenska åk 1–3'],
  ['Oskar Berglund', 'sylteskolan', 'lärare', 'Idrott och hälsa'],
  ['Amina Yusuf', 'sylteskolan', 'lärare', 'Matematik och NO åk 7–9'],
  ['Henrik Sundberg', 'kronogardsskolan', 'lärare', 'Slöjd och teknik'],
  ['Elin Håkansson', 'kronogardsskolan', 'lärare', 'Svenska som andraspråk'],
  ['Nora Ekström', 'forskolan-solrosen', 'förskollärare', 'Förskola 1–3 år'],
  ['Leo Mattsson', 'forskolan-solrosen', 'förskollärare', 'Förskola 4–5 år'],
];

const pilotApplicants: DemoApplicant[] = [
  ['Ingrid Wikström', 'sylteskolan', 'lärare', 'Matematik åk 4–6'],
  ['Mats Olofsson', 'sylteskolan', 'lärare', 'Matematik och NO åk 4–6'],
  ['Hanna Borg', 'sylteskolan', 'lärare', 'Svenska åk 4–6'],
  ['Daniel Roos', 'kronogardsskolan', 'lärare', 'Matematik åk 7–9'],
  ['Emma Fransson', 'kronogardsskolan', 'lärare', 'Fritidshem'],
  ['Ali Rahimi', 'kronogardsskolan', 'lärare', 'Svenska som andraspråk'],
  ['Karin Sjögren', 'lextorpsskolan', 'lärare', 'Svenska åk 1–3'],
  ['Ville Niemi', 'lextorpsskolan', 'lärare', 'Förskoleklass'],
  ['Sara Lundin', 'lextorpsskolan', 'lärare', 'Engelska åk 4–6'],
  ['Johanna Ek', 'kallstorpsskolan', 'lärare', 'SO åk 7–9'],
  ['Per Gustavsson', 'kallstorpsskolan', 'lärare', 'Svenska åk 7–9'],
  ['Yasmin Haddad', 'kallstorpsskolan', 'lärare', 'Modersmål arabiska'],
];

/**
 * The pilot's learning groups: members by index into pilotApplicants (the first facilitates), and
 * the phases of cycle 1 carried out so far, days from now, each with its note.
 */
const pilotGroups: { name: string; members: number[]; phases: [Phase, number, string][] }[] = [
  {
    name: 'Formativ bedömning i matematik',
    members: [0, 1, 3, 4],
    phases: [
      ['plan', -112, 'Läste Dylan Wiliam om formativ bedömning. Vi planerade exit tickets i slutet av varje matematiklektion.'],
      ['try', -84, 'Alla provade exit tickets i tre veckor och tog med elevsvaren till träffen.'],
      ['evaluate', -41, 'Vi såg tidigare vilka elever som behövde stöd. I åk 4 tog lapparna för lång tid; två frågor räcker.'],
      ['implement', -12, 'Korta exit tickets används nu i matematik åk 4–9 på båda skolorna. Nästa cykel: kamratbedömning.'],
    ],
  },
  {
    name: 'Läsförståelse i alla ämnen',
    members: [6, 2, 8, 10],
    phases: [
      ['plan', -108, 'Utgick från Skolverkets modul Läsa, skriva, samtala. Vi valde lässtrategier före, under och efter läsning.'],
      ['try', -70, 'Lässtrategierna prövades med faktatexter i svenska, SO och engelska.'],
      ['evaluate', -22, 'Eleverna ställde fler egna frågor till texten. Svårt att hinna i SO; vi delar på förberedelserna.'],
    ],
  },
  {
    name: 'Språkutvecklande arbetssätt',
    members: [5, 9, 11],
    phases: [
      ['plan', -100, 'Läste om cirkelmodellen. Vi planerade ett arbetsområde där eleverna skriver en förklarande text.'],
      ['try', -48, 'Cirkelmodellen prövades i SO åk 7 och i modersmålsundervisningen.'],
    ],
  },
];

/** The programmes' contact at the administration (the day before the deadline, who has not decided). */
const demoContact = 'satsningar.utbildning@example.se';

/** The demo's administrator, for the audit trail of what the seed does. */
const seedActor = { email: 'admin@example.se', isAdmin: true };

/** Seed an empty store: the programmes, applications, the pilot's progress (no e-mail is sent). */
export async function seedDemoData(now: Date): Promise<void> {
  // Imported here: the adapters read their configuration when loaded, after the platform set it.
  const { applicationReader, groupStore, storeDependencies } = await import('#wiring/stores');
  const { createProgramme } = await import('#usecases/programmes/programmes');
  const { emailHash, newApplication } = await import('#model/application');
  const { decide } = await import('#usecases/decisions/decide');
  const { leaveProgramme } = await import('#usecases/participants/lifecycle');
  const deps = storeDependencies();
  // Publishing and deciding read applications (whether a unit has any, the lists); applying writes.
  const reading = { ...deps, applications: applicationReader(), groups: groupStore() };
  const [keyPersons, collegial, firstRound, pilot] = demoProgrammes(now);
  if (await deps.programmes.get(keyPersons!.id)) return;
  for (const programme of [keyPersons!, collegial!, firstRound!, pilot!]) {
    await createProgramme(reading, programme, seedActor.email, now);
  }
  const applyAll = async (programmeId: string, applicants: DemoApplicant[], hoursBefore: number) => {
    const ids: string[] = [];
    for (const [index, [name, unitId, role, subjects]] of applicants.entries()) {
      const at = new Date(now.getTime() - (hoursBefore + applicants.length - index) * 3_600_000);
      const email = `${slugify(name).replace('-', '.')}@example.se`;
      const id = randomIds.newId();
      ids.push(id);
      const motivation = 'Jag vill driva utvecklingen av undervisningen tillsammans med mina kollegor och stötta rektor i kvalitetsarbetet.';
      const answers = { name, email, unitId, role, certified: true, subjects, motivation };
      await deps.applications.create(newApplication(id, programmeId, answers, randomIds.secret(), at), emailHash(email));
    }
    return ids;
  };
  await applyAll(keyPersons!.id, openRoundApplicants, 0);
  const [, , , henrik, elin] = await applyAll(firstRound!.id, firstRoundApplicants, 24 * 10);
  // Kronogårdsskolan's head has decided already; the others have not.
  await decide(reading, seedActor, henrik!, { decision: 'appoint', note: 'Välkommen som nyckelperson!' }, now);
  await decide(reading, seedActor, elin!, { decision: 'appoint' }, now);
  const pilotIds = await applyAll(pilot!.id, pilotApplicants, 24 * 185);
  // Appointed in the pilot's decision period, five months ago: they have taken part since then.
  const pilotDecided = localDay(now, -165, 10, 0);
  for (const id of pilotIds) await decide(reading, seedActor, id, { decision: 'appoint' }, pilotDecided);
  await seedPilotProgress(pilot!, pilotIds, now);
  // Ville Niemi went on parental leave three weeks ago: the unit's page offers "Deltar igen".
  await leaveProgramme(reading, seedActor, pilotIds[7]!, localDay(now, -21, 9, 0));
  // Two days ago the administration wrote to the first round's applicants still waiting for a decision.
  const { queueMessage } = await import('#usecases/messages/messages');
  const { programmeMessageDependencies } = await import('#wiring/stores');
  await queueMessage(
    programmeMessageDependencies(),
    seedActor,
    firstRound!.id,
    {
      id: randomUUID(),
      audience: 'applicants',
      applicantGroups: ['undecided'],
      subject: 'Besked om nyckelpersoner',
      body:
        'Tack för din ansökan! Ansökan har stängt, och nu beslutar rektorerna och förskolecheferna vilka som blir nyckelpersoner på sina enheter.\n\n' +
        `Du får besked med e-post senast ${formatSwedishDate(firstRound!.decisionDeadline)}. Utbildningen, Att leda och leva skolförbättring vid Karlstads universitet, börjar ${formatSwedishDate(firstRound!.period.start)}.`,
    },
    localDay(now, -2, 9, 30),
  );
  // What fell due before today (the pilot's decisions, published months ago, and that message)
  // was told then: it goes into the ledger as sent, and nobody gets it again today.
  const { notices, notifyDependencies } = await import('#wiring/mailing');
  const { runNotifications } = await import('#usecases/notifications/run');
  const told = notices({ sender: { send: async () => ({ messageId: 'demo-history' }) }, siteUrl: process.env.SITE_URL ?? '' });
  const demoRunTime = { wallNow: () => new Date(), stopAt: new Date(Date.now() + 600_000), cutOffAt: new Date(Date.now() + 900_000) };
  await runNotifications({ ...notifyDependencies(), messages: told }, now, 'demo-seed', demoRunTime);
}

/** The pilot under way, its participants appointed: their milestones, and the learning groups' cycle 1. */
async function seedPilotProgress(pilot: ProgrammeInput, ids: string[], now: Date) {
  const { groupDependencies, progressDependencies } = await import('#wiring/stores');
  const { setProgressAsStaff } = await import('#usecases/progress/progress');
  const { createGroup, notePhase } = await import('#usecases/groups/groups');
  // The start-up meeting: everyone but one, who was excused. Cycle 1 (due ten days ago): most
  // are done; the four still at it or not started show as late on the progress page.
  const progress = progressDependencies();
  const cycleOne: ProgressStatus[] = ['done', 'done', 'in_progress', 'done', 'done', 'not_started', 'done', 'in_progress', 'done', 'done', 'in_progress', 'done'];
  for (const [index, id] of ids.entries()) {
    await setProgressAsStaff(progress, seedActor, id, 'uppstart', index === 7 ? 'excused' : 'done', now);
    await setProgressAsStaff(progress, seedActor, id, 'cykel-1', cycleOne[index]!, now);
  }
  const groups = groupDependencies();
  for (const { name, members, phases } of pilotGroups) {
    const memberIds = members.map((index) => ids[index]!);
    const group = await createGroup(groups, seedActor, pilot.id, { name, facilitatorId: memberIds[0]!, memberIds }, now);
    for (const [phase, days, note] of phases) {
      await notePhase(groups, seedActor, pilot.id, group.id, { cycle: 1, phase }, { date: stockholmDate(localDay(now, days, 12, 0)), note }, now);
    }
  }
}
