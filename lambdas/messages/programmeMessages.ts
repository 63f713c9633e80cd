/** A message staff wrote to a programme's people, framed as every mail is: who it is from, and why the recipient gets it. */
import type { Programme } from '#model/programme';
import type { Audience, ProgrammeMessage } from '#model/programmeMessage';
import { type Block, composeMail, type MailContent } from '#messages/layout';

/** Why each audience gets it, said in the footer. */
const because: Record<Audience, (title: string) => string> = {
  participants: (title) => `Du får det här meddelandet som deltagare i ${title}.`,
  applicants: (title) => `Du får det här meddelandet för att du har sökt till ${title}.`,
  heads: (title) => `Du får det här meddelandet som rektor eller förskolechef för en enhet i ${title}.`,
  watchers: (title) => `Du får det här meddelandet för att du har valt att bevaka ${title}. Avsluta bevakningen med länken i brevet.`,
};

/**
 * The message as its recipients read it: the writer's paragraphs as they wrote them, the
 * programme's page, and for watchers the link that ends their watch. Questions go to the
 * programme's contact, or else to whoever wrote it (replies to the sending address reach nobody).
 */
export function programmeMessageMail(
  programme: Programme,
  message: Pick<ProgrammeMessage, 'audience' | 'subject' | 'body' | 'by'>,
  links: { programme: string; unsubscribe?: string },
): MailContent {
  const paragraphs = message.body.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
  const blocks: Block[] = [
    ...paragraphs,
    `Frågor? Skriv till ${programme.contactEmail ?? message.by}. Svar till det här brevet kommer inte fram.`,
    { link: links.programme, label: `Om ${programme.title}` },
    ...(links.unsubscribe ? [{ link: links.unsubscribe, label: 'Avsluta bevakningen' }] : []),
  ];
  return composeMail(`${message.subject}: ${programme.title}`, blocks, `${programme.organiser}. ${because[message.audience](programme.title)}`);
}
