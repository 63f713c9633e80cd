/** E-mails to applicants about their own application (Swedish). */
import type { Application } from '#model/application';
import type { Programme } from '#model/programme';
import { formatSwedishDate, formatSwedishDateTime } from '#core/time';
import { composeMail, type Block, type MailContent } from '#messages/layout';
import type { LinkReason } from '#model/messages';

const roleNames: Record<Application['role'], string> = { lärare: 'Lärare', förskollärare: 'Förskollärare' };

export function facts(programme: Programme, application: Application): [string, string][] {
  const unit = programme.units.find((candidate) => candidate.id === application.unitId);
  return [
    ['Satsning', programme.title],
    ['Namn', application.name],
    ['Enhet', unit?.name ?? application.unitId],
    ['Roll', roleNames[application.role]],
    ['Legitimerad', application.certified ? 'Ja' : 'Nej'],
    ['Skolformer eller ämnen', application.subjects],
  ];
}

export function footer(programme: Programme): string {
  return `${programme.organiser}. Du får det här brevet för att du har ansökt till ${programme.title}. Dina uppgifter behandlas enligt dataskyddsförordningen (GDPR) för att hantera din ansökan.`;
}

/**
 * For a mail that sends the person to their own page: only the private link's hash is kept, so
 * the mail cannot carry the link, but it can say where to ask for a new one.
 */
export function lostLinkBlocks(lostLinkUrl: string): Block[] {
  return ['Har du inte kvar länken kan du be om en ny på satsningens sida.', { link: lostLinkUrl, label: 'Be om en ny länk' }];
}

export function receiptMail(programme: Programme, application: Application, privateLink: string): MailContent {
  return composeMail(
    `Vi har tagit emot din ansökan: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      `Tack för din ansökan till ${programme.title}. Vi har tagit emot den ${formatSwedishDateTime(application.createdAt)}.`,
      { facts: facts(programme, application) },
      `Med länken nedan kan du se, ändra eller återkalla din ansökan fram till att ansökan stänger ${formatSwedishDateTime(programme.window.closesAt)}. Efter det kan du fortfarande se den. Länken är personlig: dela den inte med någon.`,
      { link: privateLink, label: 'Se din ansökan' },
      `Det är rektor eller förskolechef på din enhet som utser nyckelpersonerna. Beslut fattas senast ${formatSwedishDate(programme.decisionDeadline)}, och du får besked via e-post.`,
    ],
    footer(programme),
  );
}


export function linkAgainMail(programme: Programme, application: Application, privateLink: string, reason: LinkReason): MailContent {
  return composeMail(
    `Länk till din ansökan: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      reason === 'appliedAgain'
        ? `Någon, troligen du, försökte skicka en ny ansökan till ${programme.title} med den här e-postadressen. Du har redan en ansökan, och man kan bara ha en per satsning.`
        : `Någon, troligen du, bad om en ny länk till din ansökan till ${programme.title}.`,
      'Här är en ny länk till din ansökan. Tidigare länkar fungerar inte längre.',
      { link: privateLink, label: 'Se din ansökan' },
      'Om det inte var du behöver du inte göra något.',
    ],
    footer(programme),
  );
}

export function changedMail(programme: Programme, application: Application): MailContent {
  return composeMail(
    `Din ansökan är ändrad: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      `Din ansökan till ${programme.title} ändrades ${formatSwedishDateTime(application.updatedAt)}. Så här ser den ut nu:`,
      { facts: facts(programme, application) },
      'Om det inte var du som ändrade ansökan, kontakta utbildningsförvaltningen.',
    ],
    footer(programme),
  );
}

export function withdrawnMail(programme: Programme, application: Application, now: Date): MailContent {
  return composeMail(
    `Din ansökan är återkallad: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      `Din ansökan till ${programme.title} återkallades ${formatSwedishDateTime(application.withdrawnAt ?? application.updatedAt)}.`,
      now.getTime() < Date.parse(programme.window.closesAt)
        ? `Du kan ansöka igen så länge ansökan är öppen, till ${formatSwedishDateTime(programme.window.closesAt)}.`
        : 'Ansökningstiden har gått ut, så ansökan kan inte göras om. Tack för ditt intresse!',
      'Om det inte var du som återkallade ansökan, kontakta utbildningsförvaltningen.',
    ],
    footer(programme),
  );
}
