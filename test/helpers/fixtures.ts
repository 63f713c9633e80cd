/** Request bodies for tests: a programme and an application, overridable field by field. */
export function programmeBody(overrides: Record<string, unknown> = {}) {
  return {
    id: 'nyckelpersoner-2027',
    title: 'Nyckelpersoner för skolutveckling',
    description: 'Utbildning av nyckelpersoner i skola och förskola.',
    organiser: 'Utbildningsförvaltningen',
    course: { name: 'Att leda och leva skolförbättring', provider: 'Karlstads universitet' },
    eligibility: 'Legitimerade lärare och förskollärare',
    // Closes at 03:00 summer time on the night clocks go forward (2027-03-28, 02:00 → 03:00).
    window: { opensAt: '2027-01-21T00:00:00+01:00', closesAt: '2027-03-28T03:00:00+02:00' },
    decisionDeadline: '2027-04-12T16:00:00+02:00',
    period: { start: '2027-04-19', end: '2028-12-31' },
    seats: 150,
    units: [
      { id: 'sylteskolan', name: 'Sylteskolan', kind: 'skola', seats: 8, head: { name: 'Maria Lind', email: 'rektor.sylteskolan@example.se' } },
      { id: 'forskolan-solrosen', name: 'Förskolan Solrosen', kind: 'förskola', seats: 4, head: { name: 'Camilla Öberg', email: 'forskolechef.solrosen@example.se' } },
    ],
    milestones: [{ id: 'modul-1', title: 'Modul 1', kind: 'module', dueAt: '2027-05-31T14:00:00Z' }],
    ...overrides,
  };
}

export function applicationBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Anna Andersson',
    email: 'anna.andersson@example.se',
    unitId: 'sylteskolan',
    role: 'lärare',
    certified: true,
    subjects: 'Matematik åk 4–6',
    motivation: 'Jag vill utveckla undervisningen tillsammans med mina kollegor.',
    privacyNoticeRead: true,
    ...overrides,
  };
}

/** The private link's id and secret, from the newest mail to `to`. */
export function privateLinkIn(mail: { to: string[]; text: string }[], to: string) {
  const message = mail.find((candidate) => candidate.to.includes(to));
  const match = message && /\/ansokan\/([\w-]+)#([\w-]+)/.exec(message.text);
  if (!match) throw new Error(`no private link mailed to ${to}`);
  return { id: match[1]!, secret: match[2]! };
}
