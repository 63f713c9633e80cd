// The head's page: each unit they lead, its applicants with their answers, and the decision.
// An administrator may open any unit with ?programme=…&unit=….
import { api, attachCounters, byId, el, errorMessage, fill, formatDate, formatDateTime, moveFocusTo, showErrors, windowText } from './common.js';
import { buildFields, readAnswers } from './application-form.js';
import { signInAgain, staffPage } from './auth.js';
import { labels } from './labels.js';

/** @typedef {import('../types/api').Me} Me */
/** @typedef {import('../types/api').UnitApplications} UnitApplications */

const session = await staffPage();
const params = new URLSearchParams(location.search);
const status = byId('status');
const container = byId('units');
byId('who').textContent = `Inloggad som ${session.email}.`;

const choices = [
  ['appoint', 'Utse till nyckelperson'],
  ['reserve', labels.decision.reserve],
  ['decline', 'Utse inte'],
];
const phaseTexts = {
  applying: (p) => `${windowText(p)} Du kan besluta när den har stängt.`,
  deciding: (p) =>
    p.decisionsPublished
      ? `Förvaltningen publicerade besluten ${formatDateTime(p.decisionsPublishedAt)}. Kontakta utbildningsförvaltningen om något behöver ändras.`
      : `Besluta senast ${formatDateTime(p.decisionDeadline)}.`,
  decided: (p) => `Sista dag för beslut var ${formatDateTime(p.decisionDeadline)}. Kontakta utbildningsförvaltningen om något behöver ändras.`,
};

/**
 * What an action said, shown beside it once the unit is read again (by the person's name, or the
 * unit's heading when the person is gone); the page's status region says it aloud as well.
 */
const notes = new Map();
function say(key, text) {
  status.textContent = text;
  notes.set(key, text);
}
function noteFor(key) {
  const text = notes.get(key);
  notes.delete(key);
  return text ? el('p', { class: 'notice success' }, text) : null;
}

async function load() {
  const targets = [];
  if (params.get('programme') && params.get('unit')) {
    targets.push({ programmeId: params.get('programme'), unitId: params.get('unit') });
  } else {
    const me = /** @type {import('../types/api').Answer<Me>} */ (await api('GET', '/api/me', { token: session.token }));
    if (me.status === 401) return signInAgain();
    if (!me.ok) return fill(container, el('p', { class: 'notice' }, errorMessage(me)));
    for (const programme of me.data.programmes) {
      for (const unit of programme.units) targets.push({ programmeId: programme.id, unitId: unit.id });
    }
  }
  if (targets.length === 0) {
    fill(container, el('p', { class: 'notice' },
      'Du står inte som rektor eller förskolechef för någon enhet i en satsning. Stämmer inte det? Kontakta utbildningsförvaltningen.'));
    return;
  }
  // The registration form's fields have fixed ids, so it is offered on a page with one unit.
  const sections = await Promise.all(targets.map((target) => renderUnit({ ...target, single: targets.length === 1 })));
  fill(container, ...sections);
}

async function renderUnit({ programmeId, unitId, single }) {
  const path = `/api/programmes/${encodeURIComponent(programmeId)}/units/${encodeURIComponent(unitId)}/applications`;
  const response = /** @type {import('../types/api').Answer<UnitApplications>} */ (await api('GET', path, { token: session.token }));
  if (!response.ok) return el('p', { class: 'notice' }, errorMessage(response));
  const { programme, unit, items, canDecide } = response.data;
  const headingId = `u-${programme.id}-${unit.id}`;
  // Heads of several units, or of a unit in several programmes, see which programme each card is.
  const section = el('section', { class: 'card', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, unit.name, el('span', { class: 'programme-name' }, programme.title)),
    noteFor(headingId),
    el('p', {}, phaseTexts[programme.phase](programme)),
    el('p', { class: 'seats', id: `${headingId}-seats` }, seatsText(unit)),
    items.length === 0 ? el('p', {}, 'Ingen från enheten har sökt.') : null,
    ...items.map((item) => renderApplicant(item, { canDecide, programme, headingId, refresh: () => refresh(section, { programmeId, unitId, single }) })));
  if (session.isAdmin && single && programme.phase !== 'applying') {
    section.append(registration(programme, unit, () => refresh(section, { programmeId, unitId, single })));
  }
  return section;
}

async function refresh(section, target) {
  section.replaceWith(await renderUnit(target));
}

function seatsText(unit) {
  return `${unit.used} av ${unit.seats} platser tillsatta – ${unit.left} kvar.`;
}

function decisionBadge(decision) {
  if (!decision) return el('span', { class: 'decision none' }, 'Inte beslutad');
  const text = decision.value === 'reserve' && decision.reservePosition
    ? `Reserv ${decision.reservePosition}`
    : labels.decision[decision.value];
  return el('span', { class: `decision ${decision.value}` }, text);
}

/** A participant's part, from the programme's first day: before it, the decision says it all. */
function participation(participant, programme) {
  if (participant.status === 'left') return `Har lämnat satsningen (${formatDate(participant.leftAt)})`;
  const since = participant.since > programme.period.start ? participant.since : programme.period.start;
  return `Deltar sedan ${formatDate(since)}${participant.registeredLate ? ', registrerad i efterhand' : ''}`
    + (participant.rejoinedAt ? `, tillbaka efter uppehåll sedan ${formatDate(participant.rejoinedAt)}` : '');
}

function renderApplicant(item, { canDecide, programme, headingId, refresh }) {
  const id = `a-${item.id}`;
  const withdrawn = item.status === 'withdrawn';
  const left = item.participant?.status === 'left';
  const badge = withdrawn || left
    ? el('span', { class: 'decision none' }, withdrawn ? 'Återkallad' : 'Har lämnat')
    : decisionBadge(item.decision);
  const article = el('article', { class: 'applicant', 'aria-labelledby': `${id}-name` },
    el('h3', { id: `${id}-name` }, item.name, ' ', badge),
    noteFor(item.id),
    el('dl', { class: 'facts' },
      el('dt', {}, 'E-post'), el('dd', {}, item.email),
      el('dt', {}, 'Roll'), el('dd', {}, `${labels.role[item.role]}${item.certified ? ', legitimerad' : ', inte legitimerad'}`),
      el('dt', {}, 'Skolformer eller ämnen'), el('dd', {}, item.subjects),
      el('dt', {}, 'Motivering'), el('dd', {}, item.motivation),
      el('dt', {}, item.registeredBy ? 'Registrerad' : 'Sökte'), el('dd', {}, formatDate(item.createdAt)),
      item.participant && (programme.started || item.participant.status === 'left') ? [el('dt', {}, 'Deltagande'), el('dd', {}, participation(item.participant, programme))] : null,
      item.decision?.note ? [el('dt', {}, 'Hälsning till den sökande'), el('dd', {}, item.decision.note)] : null));
  // From the start an appointed person leaves (below) rather than being un-appointed.
  const participating = programme.started && item.decision?.value === 'appoint';
  if (canDecide && !withdrawn && !participating) article.append(decisionForm(item, id, programme, refresh));
  if (session.isAdmin && item.participant?.status === 'active') article.append(leaving(item, id, { programme, refresh }));
  // One who left before the start gave the seat back, and is appointed again instead.
  if (session.isAdmin && left && item.decision?.value === 'appoint') article.append(rejoining(item, id, refresh));
  if (session.isAdmin) article.append(erasure(item, id, { headingId, refresh }));
  return article;
}

/**
 * A step that is asked once more before it is taken: `ask` opens the question, "Avbryt" puts
 * everything back. `act` does it and returns whether it went through.
 */
/**
 * @param {string} id
 * @param {{ ask: string, askLabel: string, question: (string | Node)[], confirm: string, confirmClass?: string, act: () => Promise<boolean> }} options
 */
function askedOnce(id, { ask: askText, askLabel, question: questionParts, confirm: confirmText, confirmClass, act }) {
  const ask = el('button', { type: 'button', class: 'secondary', 'aria-label': askLabel }, askText);
  const confirm = el('button', { type: 'button', class: confirmClass }, confirmText);
  const cancel = el('button', { type: 'button', class: 'secondary' }, 'Avbryt');
  const question = el('p', { id: `${id}-question` }, ...questionParts);
  const confirmation = el('div', { class: 'notice', role: 'group', 'aria-labelledby': `${id}-question`, hidden: true },
    question, el('div', { class: 'actions' }, confirm, cancel));
  ask.addEventListener('click', () => {
    confirmation.hidden = false;
    ask.hidden = true;
    moveFocusTo(question);
  });
  cancel.addEventListener('click', () => {
    confirmation.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    if (!(await act())) confirm.disabled = false;
  });
  return el('div', {}, el('div', { class: 'actions' }, ask), confirmation);
}

/** Posts `path`; says in the status how it went, and whether it went through. */
async function postAction(path, done, failed, noteKey) {
  const response = await api('POST', path, { token: session.token });
  if (response.status === 401) {
    signInAgain();
    return false;
  }
  if (response.ok) say(noteKey, done);
  else status.textContent = `${failed}: ${errorMessage(response)}`;
  return response.ok;
}

/**
 * An administrator records that a participant left. Before the programme starts, the seat goes
 * back (and to the first reserve); from its first day, the place stays used.
 */
function leaving(item, id, { programme, refresh }) {
  return askedOnce(`${id}-leave`, {
    ask: 'Har lämnat satsningen …',
    askLabel: `${item.name} har lämnat satsningen …`,
    question: [
      `Har ${item.name} lämnat satsningen? `,
      programme.started
        ? 'Satsningen har börjat, så platsen räknas som använd och går inte till någon annan. Det personen har gjort finns kvar, och kommer personen tillbaka kan du ange att hen deltar igen.'
        : 'Platsen går tillbaka till enheten, och finns det en reserv får den platsen. Är personen med i en lärgrupp tas hen bort ur gruppen.',
    ],
    confirm: 'Ja, har lämnat',
    act: () => participantAction(item, id, refresh, 'leave',
      `Sparat: ${item.name} har lämnat satsningen.`, `Det sparades inte att ${item.name} har lämnat`),
  });
}

/** A participant who left after the start comes back (or left by mistake): active again, on the seat they kept. */
function rejoining(item, id, refresh) {
  const button = el('button', { type: 'button', class: 'secondary', 'aria-label': `${item.name} deltar igen` }, 'Deltar igen');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const ok = await participantAction(item, id, refresh, 'rejoin',
      `Sparat: ${item.name} deltar i satsningen igen.`, `Det sparades inte att ${item.name} deltar igen`);
    if (!ok) button.disabled = false;
  });
  return el('div', { class: 'actions' }, button);
}

/** Posts the participant's `action` (leave, rejoin); then the unit is read again, the keyboard on the person. */
async function participantAction(item, id, refresh, action, done, failed) {
  const ok = await postAction(`/api/participants/${encodeURIComponent(item.id)}/${action}`, done, failed, item.id);
  if (ok) {
    await refresh();
    moveFocusTo(byId(`${id}-name`));
  }
  return ok;
}

/**
 * An administrator erases an application when the person asks (GDPR): asked once more, since it
 * cannot be undone. The unit's heading takes the keyboard afterwards, the person being gone.
 */
function erasure(item, id, { headingId, refresh }) {
  return askedOnce(`${id}-erase`, {
    ask: 'Radera ansökan …',
    askLabel: `Radera ansökan från ${item.name} …`,
    question: [
      `Radera ansökan från ${item.name} för gott? Svaren, beslutet, framstegen och platsen i en lärgrupp försvinner och kan inte återställas. `,
      'En utsedd persons plats går tillbaka till enheten.',
    ],
    confirm: 'Radera',
    confirmClass: 'danger',
    act: async () => {
      const ok = await postAction(`/api/applications/${encodeURIComponent(item.id)}/erase`,
        `Ansökan från ${item.name} är raderad.`, `Ansökan från ${item.name} raderades inte`, headingId);
      if (!ok) return false;
      await refresh();
      moveFocusTo(byId(headingId));
      return true;
    },
  });
}

/**
 * An administrator registers someone who did not apply in time: appointed at once to one of the
 * unit's seats, and mailed the link to their own page.
 */
function registration(programme, unit, refresh) {
  const summary = el('div', { class: 'error-summary', id: `register-${unit.id}-errors`, tabindex: '-1', role: 'alert', 'aria-labelledby': 'error-summary-title', hidden: true });
  const form = el('form', { novalidate: true, 'aria-label': `Registrera en deltagare på ${unit.name}` },
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Registrera deltagaren')));
  buildFields(form, { withPrivacyNotice: false, forSomeoneElse: true });
  attachCounters(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers = { ...readAnswers(form), unitId: unit.id };
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    const response = await api('POST', `/api/programmes/${encodeURIComponent(programme.id)}/participants`, { token: session.token, body: answers });
    button.disabled = false;
    if (response.status === 401) return signInAgain();
    if (response.data?.error?.fields) return showErrors(form, summary, response.data.error.fields);
    if (!response.ok) return showErrors(form, summary, {}, errorMessage(response));
    say(response.data.id, `Registrerad: ${answers.name} deltar för ${unit.name} och har fått ett mejl med länken till sin sida.`);
    await refresh();
    moveFocusTo(byId(`a-${response.data.id}-name`));
  });
  return el('details', { class: 'registration' },
    el('summary', {}, 'Registrera en deltagare i efterhand'),
    el('p', {}, `För den som inte sökte i tid men ska delta. Personen utses direkt till en av enhetens platser (${unit.left} kvar) och får ett mejl med länken till sin sida.`),
    summary, form);
}

/** Once the decisions are out, a changed decision is mailed to the person straight away, with the greeting. */
function decisionForm(item, id, programme, refresh) {
  const published = programme.decisionsPublished;
  const form = el('form', { novalidate: true, 'aria-label': `Beslut om ${item.name}` },
    el('fieldset', {},
      el('legend', {}, `Beslut om ${item.name}`),
      el('div', { class: 'choices' },
        ...choices.map(([value, label]) =>
          el('label', {}, el('input', { type: 'radio', name: 'decision', value, checked: item.decision?.value === value }), label)))),
    el('div', { class: 'field' },
      el('label', { for: `${id}-note` }, 'Hälsning till den sökande (valfritt)'),
      el('p', { class: 'hint', id: `${id}-note-hint` }, published
        ? 'Besluten är meddelade: ändrar du beslutet får personen genast ett mejl om det, med hälsningen.'
        : 'Skickas med beslutet när besluten meddelas.'),
      el('textarea', { id: `${id}-note`, name: 'note', maxlength: 1000, rows: 3, 'aria-describedby': `${id}-note-hint` }, item.decision?.note ?? '')),
    el('p', { class: 'field-error', id: `${id}-error`, hidden: true }),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Spara beslut')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = form.querySelector(`#${CSS.escape(id)}-error`);
    const decision = form.querySelector('input[name=decision]:checked')?.value;
    if (!decision) {
      error.textContent = 'Välj ett beslut.';
      error.hidden = false;
      form.querySelector('input[name=decision]').focus();
      return;
    }
    const note = form.elements.namedItem('note').value.trim();
    const response = await api('POST', `/api/applications/${encodeURIComponent(item.id)}/decision`, {
      token: session.token,
      body: { decision, ...(note ? { note } : {}) },
    });
    if (!response.ok) {
      error.textContent = errorMessage(response);
      error.hidden = false;
      error.focus?.();
      status.textContent = `Beslutet om ${item.name} sparades inte: ${errorMessage(response)}`;
      return;
    }
    const told = response.data.mailed ? ` ${item.name} får ett mejl om det ändrade beslutet.` : '';
    say(item.id, `Sparat: ${item.name} – ${labels.decision[decision]}.${told}`);
    await refresh();
    // Keep the keyboard where it was: on the person just decided, in the re-read list.
    moveFocusTo(byId(`${id}-name`));
  });
  return form;
}

await load();
