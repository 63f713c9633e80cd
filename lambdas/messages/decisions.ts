/** E-mails about appointments that are not the published decisions themselves (Swedish). */
import type { Application } from '#model/application';
import type { Programme } from '#model/programme';
import { formatSwedishDate } from '#core/time';
import { composeMail, type MailContent } from '#messages/layout';
import { facts, footer, lostLinkBlocks } from '#messages/applications';

function unitName(programme: Programme, application: Application): string {
  return programme.units.find((unit) => unit.id === application.unitId)?.name ?? application.unitId;
}

export function promotedMail(programme: Programme, application: Application, lostLinkUrl: string): MailContent {
  return composeMail(
    `Du har fått en plats: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      `Du stod som reserv till ${programme.title}, och nu har en plats blivit ledig. Du är utsedd till nyckelperson för ${unitName(programme, application)}.`,
      `Satsningen börjar ${formatSwedishDate(programme.period.start)}. Kursen är ${programme.course.name} (${programme.course.provider}).`,
      'Om du inte kan delta, använd länken till din ansökan och återkalla den, så går platsen vidare till nästa reserv.',
      ...lostLinkBlocks(lostLinkUrl),
    ],
    footer(programme),
  );
}

export function registeredMail(programme: Programme, application: Application, privateLink: string): MailContent {
  return composeMail(
    `Du är registrerad som deltagare: ${programme.title}`,
    [
      `Hej ${application.name}!`,
      `Utbildningsförvaltningen har registrerat dig som deltagare i ${programme.title} för ${unitName(programme, application)}.`,
      { facts: facts(programme, application) },
      `Satsningen börjar ${formatSwedishDate(programme.period.start)}. Med länken nedan ser du dina uppgifter och följer dina delmoment. Länken är personlig: dela den inte med någon.`,
      { link: privateLink, label: 'Se din registrering' },
    ],
    footer(programme),
  );
}
