// Written by `npm run labels` from lambdas/text/sv.ts: change the words there, then run it.

/** Words for values (statuses, decisions, roles, kinds, phases), as the exports and e-mails spell them. */
export const labels = {
  "progress": {
    "not_started": "Ej påbörjat",
    "in_progress": "Pågår",
    "done": "Klart",
    "excused": "Befriad"
  },
  "decision": {
    "appoint": "Utsedd",
    "reserve": "Reserv",
    "decline": "Ej utsedd"
  },
  "applicationStatus": {
    "submitted": "Inskickad",
    "withdrawn": "Återkallad"
  },
  "participantStatus": {
    "active": "Deltar",
    "left": "Har lämnat"
  },
  "seat": {
    "unit": "Enhetens plats",
    "pool": "Gemensam plats"
  },
  "phase": {
    "plan": "Planera",
    "try": "Pröva",
    "evaluate": "Utvärdera",
    "implement": "Implementera"
  },
  "role": {
    "lärare": "Lärare",
    "förskollärare": "Förskollärare"
  },
  "unitKind": {
    "skola": "Skola",
    "förskola": "Förskola"
  },
  "milestoneKind": {
    "module": "Kursmodul",
    "seminar": "Seminarium",
    "learning_cycle": "Lärcykel (kollegialt lärande)"
  },
  "programmeStatus": {
    "open": "Öppen för ansökan",
    "upcoming": "Ansökan öppnar snart",
    "closed": "Ansökan stängd"
  },
  "audience": {
    "participants": "Deltagare",
    "applicants": "Sökande",
    "heads": "Rektorer och förskolechefer",
    "watchers": "Bevakare"
  },
  "applicantGroup": {
    "appointed": "Utsedda",
    "reserve": "Reserver",
    "notAppointed": "Ej utsedda",
    "undecided": "Utan beslut"
  },
  "messageStatus": {
    "queued": "Skickas",
    "sent": "Skickat"
  },
  "yes": "Ja",
  "no": "Nej"
};
