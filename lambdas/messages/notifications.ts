/** The scheduled notifications and the watchers' confirmation, in Swedish, with the programme's facts. */
import type { Application } from '#model/application';
import { programmeStart, type Milestone, type Programme } from '#model/programme';
import { formatSwedishDate, formatSwedishDateTime } from '#core/time';
import { lostLinkBlocks } from '#messages/applications';
import { composeMail, type MailContent } from '#messages/layout';

function programmeFacts(programme: Programme): { facts: [string, string][] } {
  return {
    facts: [
      ['Satsning', programme.title],
      ['Utbildning', `${programme.course.name}, ${programme.course.provider}`],
      ['Ansökan', `${formatSwedishDateTime(programme.window.opensAt)} – ${formatSwedishDateTime(programme.window.closesAt)}`],
      ['Platser', `${programme.seats}`],
      ['Vem kan söka', programme.eligibility],
    ],
  };
}

function watcherFooter(programme: Programme): string {
  return `${programme.organiser}. Du får det här brevet för att du har valt att bevaka ${programme.title}. Avsluta bevakningen med länken i brevet.`;
}

export function confirmWatchMail(programme: Programme, confirmLink: string): MailContent {
  return composeMail(
    `Bekräfta bevakning: ${programme.title}`,
    [
      'Hej!',
      `Någon, troligen du, har bett att få e-post om datum för ${programme.title}: när ansökan öppnar och innan den stänger.`,
      'Bekräfta med länken nedan. Utan bekräftelse skickar vi ingenting mer.',
      { link: confirmLink, label: 'Bekräfta bevakningen' },
      'Om det inte var du behöver du inte göra något.',
    ],
    `${programme.organiser}. Länken gäller i 7 dagar.`,
  );
}

export function windowOpensMail(programme: Programme, programmeLink: string, unsubscribeLink: string): MailContent {
  return composeMail(
    `Nu kan du söka: ${programme.title}`,
    [
      'Hej!',
      `Ansökan till ${programme.title} är öppen. Sista dag att söka är ${formatSwedishDateTime(programme.window.closesAt)}.`,
      programmeFacts(programme),
      { link: programmeLink, label: 'Läs mer och ansök' },
      { link: unsubscribeLink, label: 'Avsluta bevakningen' },
    ],
    watcherFooter(programme),
  );
}

export function closesSoonMail(programme: Programme, days: number, programmeLink: string, unsubscribeLink: string): MailContent {
  const when = days === 1 ? 'i morgon' : `om ${days} dagar`;
  return composeMail(
    `Ansökan stänger ${when}: ${programme.title}`,
    [
      'Hej!',
      `Ansökan till ${programme.title} stänger ${when}, ${formatSwedishDateTime(programme.window.closesAt)}.`,
      programmeFacts(programme),
      { link: programmeLink, label: 'Läs mer och ansök' },
      { link: unsubscribeLink, label: 'Avsluta bevakningen' },
    ],
    watcherFooter(programme),
  );
}

export function decisionDueMail(
  programme: Programme,
  headName: string,
  units: { name: string; undecided: number }[],
  decisionsLink: string,
): MailContent {
  const total = units.reduce((sum, unit) => sum + unit.undecided, 0);
  return composeMail(
    `Beslut om nyckelpersoner senast ${formatSwedishDate(programme.decisionDeadline)}: ${total} sökande väntar`,
    [
      `Hej ${headName}!`,
      `Sista dag att besluta om nyckelpersoner i ${programme.title} är ${formatSwedishDateTime(programme.decisionDeadline)}. Du har ${total} sökande utan beslut:`,
      { facts: units.map((unit): [string, string] => [unit.name, `${unit.undecided} utan beslut`]) },
      { link: decisionsLink, label: 'Besluta nu' },
    ],
    `${programme.organiser}. Du får det här brevet som rektor eller förskolechef för enheten.`,
  );
}

export function undecidedDigestMail(programme: Programme, units: { name: string; head: string; undecided: number }[], overviewLink: string): MailContent {
  const total = units.reduce((sum, unit) => sum + unit.undecided, 0);
  return composeMail(
    `${total} sökande utan beslut inför sista dagen: ${programme.title}`,
    [
      'Hej!',
      `I morgon, ${formatSwedishDateTime(programme.decisionDeadline)}, är sista dag för beslut om nyckelpersoner i ${programme.title}. På de här enheterna har rektorn eller förskolechefen inte beslutat om alla sökande:`,
      { facts: units.map((unit): [string, string] => [unit.name, `${unit.head}: ${unit.undecided} utan beslut`]) },
      'Sökande utan beslut vid sista dagen får besked om att de inte blev utsedda. Rektorerna och förskolecheferna har fått en påminnelse.',
      { link: overviewLink, label: 'Se översikten' },
    ],
    `${programme.organiser}. Du får det här brevet som kontaktperson för ${programme.title}.`,
  );
}

const decisionTexts = {
  appoint: (unit: string) => `Du är utsedd till nyckelperson för ${unit}. Grattis!`,
  reserve: (unit: string) =>
    `Du står som reserv för ${unit}. Om en plats blir ledig får du den i tur och ordning, och då får du e-post.`,
  decline: () => 'Du blev tyvärr inte utsedd den här gången. Tack för ditt intresse!',
};

/**
 * The decision on an application, as published; or, with `changedAt`, a decision changed after
 * the decisions were out, said as a change (and, past the start, that the programme has begun).
 */
export function decisionMail(programme: Programme, application: Application, lostLinkUrl: string, changedAt?: Date): MailContent {
  const unit = programme.units.find((candidate) => candidate.id === application.unitId)?.name ?? application.unitId;
  const value = application.decision?.value ?? 'decline';
  const started = changedAt !== undefined && changedAt >= programmeStart(programme);
  return composeMail(
    changedAt ? `Beslutet om din ansökan har ändrats: ${programme.title}` : `Beslut om din ansökan: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      ...(changedAt ? [`Beslutet om din ansökan till ${programme.title} har ändrats.`] : []),
      decisionTexts[value](unit),
      ...(application.decision?.note ? [`Hälsning från rektor eller förskolechef: ${application.decision.note}`] : []),
      ...(value === 'appoint'
        ? [
            `Satsningen ${started ? 'började' : 'börjar'} ${formatSwedishDate(programme.period.start)}. Kursen är ${programme.course.name} (${programme.course.provider}).`,
          ]
        : []),
      'Du ser din ansökan med den personliga länken i bekräftelsen du fick när du ansökte.',
      ...lostLinkBlocks(lostLinkUrl),
    ],
    `${programme.organiser}. Du får det här brevet för att du har ansökt till ${programme.title}.`,
  );
}

export function milestoneDueMail(programme: Programme, milestone: Milestone, days: number, participantName: string, lostLinkUrl: string): MailContent {
  // Worded so that it agrees with any title ("Cykel 2", "Modul 1", "Seminariet om bedömning").
  const when = days === 1 ? 'i morgon' : `om ${days} dagar`;
  return composeMail(
    `Sista dag för ${milestone.title} är ${when}: ${programme.title}`,
    [
      `Hej ${participantName}!`,
      `Sista dag för ${milestone.title} i ${programme.title} är ${formatSwedishDateTime(milestone.dueAt)}.`,
      'När du är klar markerar du det på din sida: öppna den personliga länken du har fått med e-post, och välj Klart under Dina delmoment.',
      ...lostLinkBlocks(lostLinkUrl),
      'Är du redan klar och har markerat det får du inga fler påminnelser om det här delmomentet.',
    ],
    `${programme.organiser}. Du får det här brevet som deltagare i ${programme.title}.`,
  );
}

export function milestoneOverdueMail(
  programme: Programme,
  milestone: Milestone,
  headName: string,
  units: { name: string; participants: string[] }[],
  progressLink: string,
): MailContent {
  const total = units.reduce((sum, unit) => sum + unit.participants.length, 0);
  return composeMail(
    `${total === 1 ? '1 deltagare är inte klar' : `${total} deltagare är inte klara`} med ${milestone.title}: ${programme.title}`,
    [
      `Hej ${headName}!`,
      `Sista dag för ${milestone.title} i ${programme.title} var ${formatSwedishDateTime(milestone.dueAt)}. De här deltagarna på dina enheter är inte klara:`,
      { facts: units.map((unit): [string, string] => [unit.name, unit.participants.join(', ')]) },
      'Kanske behöver någon mer tid eller stöd. Du kan också markera ett delmoment som klart eller befriat i översikten.',
      { link: progressLink, label: 'Se framstegen' },
    ],
    `${programme.organiser}. Du får det här brevet som rektor eller förskolechef för enheten.`,
  );
}
