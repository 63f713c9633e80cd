/**
 * Swedish text shown to users by the API: error messages, field-validation messages, the exports'
 * headings and the calendar's events. Kept in one place so that wording is reviewed once. (E-mail
 * texts live in lambdas/mail/.)
 */
import type { $ZodRawIssue } from 'zod/v4/core';

/** Messages of the errors the HTTP layer itself answers with (every function can give each of them). */
export const httpErrorMessages = {
  NOT_FOUND: 'Sidan eller resursen finns inte.',
  METHOD_NOT_ALLOWED: 'Metoden stöds inte för den här adressen.',
  INVALID_JSON: 'Förfrågan kunde inte läsas: innehållet är inte giltig JSON.',
  PAYLOAD_TOO_LARGE: 'Förfrågan är för stor (högst 64 KiB).',
  UNSUPPORTED_MEDIA_TYPE: 'Innehållet måste skickas som JSON (Content-Type: application/json).',
  UNAUTHENTICATED: 'Du behöver logga in.',
  FORBIDDEN: 'Du har inte behörighet till det här.',
  TOO_MANY_REQUESTS: 'Det har kommit för många förfrågningar från din uppkoppling på kort tid. Vänta en minut och försök igen.',
  VALIDATION_FAILED: 'Några uppgifter behöver rättas.',
  INTERNAL_ERROR: 'Något gick fel hos oss. Försök igen om en stund.',
} as const;

export type HttpErrorCode = keyof typeof httpErrorMessages;

// Messages of the programme's rules (lambdas/core/errors.ts), one export per code and named as
// the code, so that a function's bundle holds only the messages of the rules it has.
export const PROGRAMME_NOT_FOUND = 'Satsningen finns inte.';
export const PROGRAMME_EXISTS = 'Det finns redan en satsning med den identiteten.';
export const PROGRAMME_CHANGED =
  'Satsningen har ändrats av någon annan under tiden. Läs in den igen och gör om ändringen.';
export const APPLICATION_NOT_FOUND = 'Ansökan finns inte, eller länken är fel.';
export const APPLICATION_WINDOW_NOT_OPEN = 'Ansökan har inte öppnat än.';
export const APPLICATION_WINDOW_CLOSED = 'Ansökningstiden har gått ut.';
export const EMAIL_IN_USE = 'Det finns redan en ansökan med den e-postadressen i satsningen.';
export const APPLICATION_WITHDRAWN = 'Ansökan är återkallad.';
export const UNIT_HAS_APPLICATIONS = 'En enhet som har ansökningar kan inte tas bort.';
export const UNIT_NOT_FOUND = 'Enheten finns inte i satsningen.';
export const PARTICIPANT_NOT_FOUND = 'Deltagaren finns inte.';
export const WINDOW_STILL_OPEN = 'Ansökan är fortfarande öppen. Beslut kan fattas när ansökningstiden har gått ut.';
export const DECISION_DEADLINE_PASSED =
  'Sista dag för beslut har passerat. Kontakta utbildningsförvaltningen om något behöver ändras.';
export const DECISION_PERIOD_NOT_OVER = 'Det här kan göras först efter sista dag för beslut.';
export const NO_SEATS_LEFT = 'Det finns inga platser kvar.';
export const CHANGE_TOO_LARGE =
  'Ändringen är för stor för att sparas på en gång. Dela upp den, till exempel genom att ändra platserna för färre enheter åt gången.';
export const SEATS_BELOW_APPOINTED = 'Antalet platser kan inte bli färre än de som redan är utsedda.';
export const CONCURRENT_CHANGE = 'Någon annan ändrade samtidigt. Försök igen.';
export const PROGRAMME_STARTED = 'Satsningen har redan börjat. Kontakta utbildningsförvaltningen om du vill lämna den.';
export const TOKEN_NOT_FOUND = 'Länken är ogiltig eller för gammal.';
export const MILESTONE_NOT_FOUND = 'Delmomentet finns inte i satsningen.';
export const PARTICIPANT_LEFT = 'Deltagaren har lämnat satsningen. Uppgifterna kan läsas men inte ändras.';
export const TAKING_PART =
  'Satsningen har börjat och personen är deltagare. Ange i stället att personen har lämnat satsningen, så finns det hen har gjort kvar.';
export const SEAT_GIVEN_BACK =
  'Platsen gick tillbaka till enheten när personen lämnade före starten. Utse personen igen bland enhetens sökande, om det finns en plats.';
export const GROUP_NOT_FOUND = 'Lärgruppen finns inte.';
export const GROUP_CHANGED = 'Lärgruppen har ändrats av någon annan under tiden. Läs in den igen och gör om ändringen.';
export const ALREADY_IN_GROUP = 'En deltagare kan bara vara med i en lärgrupp per satsning.';
export const SUPPRESSION_NOT_FOUND = 'Adressen är inte spärrad.';
export const PHASE_OUT_OF_ORDER =
  'Faserna följer på varandra: planera, pröva, utvärdera, implementera. En ny cykel börjar när den förra är implementerad.';

// Messages a form's own rules give a single field, one export each (as the codes' above), so that a
// function's bundle holds only those of its own forms.
// a programme
export const windowClosesAfterOpening = 'Ansökan måste stänga efter att den öppnar.';
export const deadlineAfterWindow = 'Sista dag för beslut kan inte vara före att ansökan stänger.';
export const periodEndsAfterStart = 'Satsningen måste sluta efter att den börjar.';
export const unitListedTwice = 'Enheten finns redan i listan (samma id).';
export const milestoneListedTwice = 'Delmomentet finns redan i listan (samma id).';
export const sendingHour = 'Ange en tid mellan 06:00 och 19:59, till exempel 08:00.';
export const reminderDayRepeated = 'Ange varje dag en gång.';
export const tooManyScheduled = (count: number, max: number) =>
  `Satsningen får ${count} planerade utskick (påminnelser och händelser), men högst ${max} går. Ta bort delmoment eller påminnelsedagar.`;
export const unitWithApplications = (unitName: string) => `${unitName} har ansökningar och kan inte tas bort.`;
// a unit list imported as CSV
export const csvEmpty = 'Filen är tom.';
export const csvNoRows = 'Filen har inga rader.';
export const csvColumnMissing = (headings: readonly string[]) => `Kolumnen saknas. Möjliga rubriker: ${headings.join(', ')}.`;
export const csvUnitRepeated = 'Enheten finns redan på en tidigare rad.';
// applying
export const privacyNoticeRequired = 'Du behöver läsa hur vi behandlar dina personuppgifter och kryssa i rutan för att kunna ansöka.';
export const unitNotInProgramme = 'Välj en enhet som ingår i satsningen.';
export const emailAlreadyApplied = 'Det finns redan en ansökan med den e-postadressen.';
/** An administrator registering someone who has applied: their application is the way in. */
export const registeredEmailApplied = 'Det finns redan en ansökan med den e-postadressen. Utse personen bland enhetens sökande i stället.';
// learning groups and their cycles
export const cycleNumber = 'Ange cykelns nummer, 1 eller högre.';
export const memberListedTwice = 'Deltagaren finns redan i listan.';
export const memberNotInProgramme = 'Deltagaren finns inte i satsningen.';
export const memberHasLeft = 'Deltagaren har lämnat satsningen.';
export const memberInAnotherGroup = 'Deltagaren är redan med i en annan lärgrupp.';
export const facilitatorNotMember = 'Samtalsledaren måste vara en av gruppens deltagare.';
export const phaseDateBeforePrevious = 'Datumet kan inte vara före föregående fas.';
// messages to a programme's people
export const applicantGroupsRequired = 'Välj vilka sökande som ska få meddelandet.';
export const applicantGroupsOnlyForApplicants = 'Bara sökande kan väljas efter beslut.';
export const unitsNotForWatchers = 'Bevakare hör inte till någon enhet. Skicka utan att välja enheter.';
// paged reads and exports
export const wholeNumberUpTo = (max: number) => `Ange ett heltal 1–${max}.`;
export const pageCursorInvalid = 'Ogiltig sidmarkör.';
export const exportCursorInvalid = 'Fortsättningen av exporten är ogiltig. Börja om från början.';

/** The note on the decision of a participant who left (a head and the administration read it). */
export const participantLeftNote = 'Har lämnat satsningen.';

/** The exports' column headings. */
export const exportHeadings = {
  applications: ['Ansökan', 'Inkom', 'Namn', 'E-post', 'Enhet', 'Roll', 'Legitimerad', 'Undervisar i', 'Motivering', 'Status', 'Beslut', 'Beslutat', 'Beslutat av', 'Rektorns anteckning'],
  participants: ['Deltagare', 'Namn', 'E-post', 'Enhet', 'Roll', 'Status', 'Deltar sedan', 'Lämnade', 'Plats', 'Lärgrupp', 'Klara delmoment', 'Försenade delmoment'],
  progress: ['Deltagare', 'Namn', 'Enhet', 'Delmoment', 'Sista dag', 'Status', 'Ändrad', 'Ändrad av', 'Försenat'],
};

/** The programme calendar's events (`.ics`). */
export const calendarSummaries = {
  windowOpens: (title: string) => `Ansökan öppnar: ${title}`,
  windowCloses: (title: string) => `Sista dag att ansöka: ${title}`,
  decisionDeadline: (title: string) => `Besked om nyckelpersoner: ${title}`,
  periodStarts: (title: string) => `${title} börjar`,
};

/** Field messages for the kinds of validation failure we meet; the default for each zod issue code. */
export const fieldMessages = {
  required: 'Fyll i fältet eller välj ett svar.',
  wrongType: 'Värdet har fel form.',
  yesOrNo: 'Välj ja eller nej.',
  number: 'Ange ett heltal.',
  empty: 'Fyll i fältet.',
  tooShort: (minimum: number | bigint) => `Skriv minst ${minimum} tecken.`,
  tooLong: (maximum: number | bigint) => `Skriv högst ${maximum} tecken.`,
  tooSmall: (minimum: number | bigint) => `Värdet måste vara minst ${minimum}.`,
  tooBig: (maximum: number | bigint) => `Värdet får vara högst ${maximum}.`,
  tooFew: (minimum: number | bigint) => `Ange minst ${minimum}.`,
  tooMany: (maximum: number | bigint) => `Ange högst ${maximum}.`,
  email: 'Ange en giltig e-postadress, till exempel namn@example.se.',
  emailMissing: 'Fyll i en e-postadress, till exempel namn@example.se.',
  dateTime: 'Ange datum och tid med tidszon, till exempel 2027-01-21T08:00:00+01:00.',
  date: 'Ange ett datum som ÅÅÅÅ-MM-DD.',
  slug: 'Använd bara små bokstäver a–z, siffror och bindestreck.',
  oneOf: (values: readonly unknown[]) => `Välj ett av: ${values.map(String).join(', ')}.`,
  mustBeTrue: 'Du behöver kryssa i rutan.',
  unknownField: 'Fältet är okänt.',
  invalid: 'Värdet är ogiltigt.',
} as const;

/** zod error map: Swedish messages for every issue zod can raise, unless the schema gave its own. */
export function swedishFieldMessage(issue: $ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'boolean') return fieldMessages.yesOrNo;
      if (issue.input === undefined || issue.input === null) return fieldMessages.required;
      if (issue.expected === 'number' || issue.expected === 'int') return fieldMessages.number;
      return fieldMessages.wrongType;
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? fieldMessages.empty : fieldMessages.tooShort(issue.minimum);
      }
      if (issue.origin === 'array' || issue.origin === 'set') return fieldMessages.tooFew(issue.minimum);
      return fieldMessages.tooSmall(issue.minimum);
    case 'too_big':
      if (issue.origin === 'string') return fieldMessages.tooLong(issue.maximum);
      if (issue.origin === 'array' || issue.origin === 'set') return fieldMessages.tooMany(issue.maximum);
      return fieldMessages.tooBig(issue.maximum);
    case 'invalid_format':
      if (issue.format === 'email') return fieldMessages.email;
      if (issue.format === 'datetime') return fieldMessages.dateTime;
      if (issue.format === 'date') return fieldMessages.date;
      return fieldMessages.invalid;
    case 'invalid_value':
      if (issue.values.length === 1 && issue.values[0] === true) return fieldMessages.mustBeTrue;
      return fieldMessages.oneOf(issue.values);
    case 'unrecognized_keys':
      return fieldMessages.unknownField;
    default:
      return fieldMessages.invalid;
  }
}

/**
 * Words for values, where the exports, the e-mails and the pages spell them out. The pages import
 * them from web/js/labels.js, which `npm run labels` writes from this (a test fails if it drifts).
 */
export const labels = {
  progress: { not_started: 'Ej påbörjat', in_progress: 'Pågår', done: 'Klart', excused: 'Befriad' },
  decision: { appoint: 'Utsedd', reserve: 'Reserv', decline: 'Ej utsedd' },
  applicationStatus: { submitted: 'Inskickad', withdrawn: 'Återkallad' },
  participantStatus: { active: 'Deltar', left: 'Har lämnat' },
  seat: { unit: 'Enhetens plats', pool: 'Gemensam plats' },
  phase: { plan: 'Planera', try: 'Pröva', evaluate: 'Utvärdera', implement: 'Implementera' },
  role: { lärare: 'Lärare', förskollärare: 'Förskollärare' },
  unitKind: { skola: 'Skola', förskola: 'Förskola' },
  milestoneKind: { module: 'Kursmodul', seminar: 'Seminarium', learning_cycle: 'Lärcykel (kollegialt lärande)' },
  programmeStatus: { open: 'Öppen för ansökan', upcoming: 'Ansökan öppnar snart', closed: 'Ansökan stängd' },
  audience: { participants: 'Deltagare', applicants: 'Sökande', heads: 'Rektorer och förskolechefer', watchers: 'Bevakare' },
  applicantGroup: { appointed: 'Utsedda', reserve: 'Reserver', notAppointed: 'Ej utsedda', undecided: 'Utan beslut' },
  messageStatus: { queued: 'Skickas', sent: 'Skickat' },
  yes: 'Ja',
  no: 'Nej',
} as const;
