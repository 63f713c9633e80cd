// Messages to a programme's people. An administrator writes to its participants, its applicants by
// decision, its heads or its watchers; a head to the participants of their own units. The page
// shows how many it goes to and how it reads, asks once more, and queues it: the next notification
// run sends it, within a minute or two. Below, the messages sent, and what became of them.
import { api, attachCounters, byId, chooseProgramme, clearErrors, el, errorMessage, fill, formatDateTime, moveFocusTo, showErrors } from './common.js';
import { signInAgain, staffPage } from './auth.js';
import { labels } from './labels.js';

/** @typedef {import('../types/api').Me} Me */
/** @typedef {import('../types/api').MessagePreview} MessagePreview */
/** @typedef {import('../types/api').ProgrammeMessages} ProgrammeMessages */

const session = await staffPage();
const status = byId('status');
const form = /** @type {HTMLFormElement} */ (byId('message-form'));
const summary = byId('error-summary');
const previewSection = byId('preview');
const select = /** @type {HTMLSelectElement} */ (byId('programme'));

/** What the page and the README say of when the messages go. */
const whenMailsGo = 'Det skickas med nästa utskick, inom ett par minuter.';

/** The audiences an administrator may choose; a head writes to participants only. */
const audienceChoices = session.isAdmin ? Object.keys(labels.audience) : ['participants'];

/** @type {Me['programmes']} */
let programmes = [];
/** The programme shown: its id, and the units the form offers. */
let current = { id: '', units: /** @type {{ id: string, name: string }[]} */ ([]) };

attachCounters(form);
const me = /** @type {import('../types/api').Answer<Me>} */ (await api('GET', '/api/me', { token: session.token }));
if (me.status === 401) await signInAgain();
programmes = me.data?.programmes ?? [];
byId('loading').remove();
if (!(await chooseProgramme(programmes, { select, chooser: byId('choose'), show }))) {
  status.textContent = session.isAdmin ? 'Det finns inga satsningar ännu.' : 'Du är inte rektor eller förskolechef för någon enhet i en satsning.';
}

async function show(programmeId) {
  const programme = programmes.find((candidate) => candidate.id === programmeId);
  if (!programme) return;
  // A head chooses among the units they head; an administrator among all of the programme's.
  const units = session.isAdmin ? ((await api('GET', `/api/programmes/${encodeURIComponent(programmeId)}`)).data?.units ?? []) : programme.units;
  current = { id: programmeId, units };
  drawForm();
  await showSent();
}

function drawForm() {
  form.reset();
  clearErrors(form, summary);
  previewSection.hidden = true;
  fill(byId('audience-choices'), ...audienceChoices.map((audience, index) =>
    el('label', {}, el('input', { type: 'radio', name: 'audience', id: index === 0 ? 'audience' : `audience-${audience}`, value: audience, checked: index === 0 }),
      session.isAdmin ? labels.audience[audience] : 'Deltagarna på dina enheter')));
  fill(byId('group-choices'), ...Object.entries(labels.applicantGroup).map(([group, word], index) =>
    el('label', {}, el('input', { type: 'checkbox', name: 'applicantGroups', id: index === 0 ? 'applicantGroups' : `group-${group}`, value: group }), word)));
  fill(byId('unit-choices'), ...current.units.map((unit, index) =>
    el('label', {}, el('input', { type: 'checkbox', name: 'unitIds', id: index === 0 ? 'unitIds' : `unit-${unit.id}`, value: unit.id, checked: !session.isAdmin }), unit.name)));
  byId('units-hint').textContent = session.isAdmin ? 'Välj inga för att skriva till alla enheter.' : 'Välj inga för att skriva till alla dina enheter.';
  form.hidden = false;
  showFieldsFor(audienceChoices[0]);
  // The reset emptied the message: its counter says so.
  byId('body').dispatchEvent(new Event('input'));
}

/** Which applicants only for applicants; units for all but watchers, who belong to none. */
function showFieldsFor(audience) {
  byId('groups-field').hidden = audience !== 'applicants';
  byId('units-field').hidden = audience === 'watchers' || (!session.isAdmin && current.units.length < 2);
}

form.addEventListener('change', (event) => {
  const target = /** @type {HTMLInputElement} */ (event.target);
  if (target.name === 'audience') showFieldsFor(target.value);
});
// A preview is of the message as it was: a change asks for a new one.
form.addEventListener('input', () => {
  if (!previewSection.hidden) previewSection.hidden = true;
});

/** The draft as the form holds it, in the API's shape. */
function draft() {
  const data = new FormData(form);
  const audience = String(data.get('audience'));
  const applicantGroups = data.getAll('applicantGroups').map(String);
  const unitIds = data.getAll('unitIds').map(String);
  return {
    audience,
    ...(audience === 'applicants' && applicantGroups.length > 0 ? { applicantGroups } : {}),
    ...(audience !== 'watchers' && unitIds.length > 0 ? { unitIds } : {}),
    subject: String(data.get('subject') ?? ''),
    body: String(data.get('body') ?? ''),
  };
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form, summary);
  const message = draft();
  const response = await api('POST', `/api/programmes/${encodeURIComponent(current.id)}/messages/preview`, { token: session.token, body: message });
  if (response.status === 401) return signInAgain();
  if (response.status === 400 && response.data?.error?.fields) return showErrors(form, summary, response.data.error.fields);
  if (!response.ok || !response.data) return (status.textContent = errorMessage(response));
  showPreview(message, response.data);
});

/**
 * How many it goes to and how it reads, and the question once more.
 * @param {ReturnType<typeof draft>} message
 * @param {MessagePreview} preview
 */
function showPreview(message, preview) {
  const title = el('h2', { id: 'preview-title' }, 'Förhandsgranskning');
  const people = preview.recipients === 1 ? '1 person' : `${preview.recipients} personer`;
  // The id the message is queued under: sending it twice (a second click) queues it once.
  const id = crypto.randomUUID();
  const send = el('button', { type: 'button' }, `Skicka till ${people}`);
  const change = el('button', { type: 'button', class: 'secondary' }, 'Ändra');
  fill(previewSection,
    title,
    preview.recipients === 0
      ? el('p', { class: 'notice' }, 'Ingen får meddelandet: det finns ingen sådan mottagare i satsningen just nu. Välj andra mottagare.')
      : el('p', { class: 'seats' }, `Meddelandet går till ${people}.`),
    preview.suppressed > 0
      ? el('p', {}, `${preview.suppressed} av dem får det inte: ${preview.suppressed === 1 ? 'adressen är spärrad' : 'adresserna är spärrade'} efter en studs eller klagan.`)
      : null,
    el('p', {}, 'Så här ser brevet ut:'),
    el('div', { class: 'card mail-preview' }, el('p', {}, el('strong', {}, 'Ämne: '), preview.subject), el('p', { class: 'mail-text' }, preview.text)),
    el('div', { class: 'actions' }, preview.recipients > 0 ? send : null, change));
  previewSection.hidden = false;
  moveFocusTo(title);
  change.addEventListener('click', () => {
    previewSection.hidden = true;
    moveFocusTo(byId('subject'));
  });
  send.addEventListener('click', async () => {
    send.disabled = true;
    const response = await api('POST', `/api/programmes/${encodeURIComponent(current.id)}/messages`, { token: session.token, body: { ...message, id } });
    send.disabled = false;
    if (response.status === 401) return signInAgain();
    if (!response.ok) return (status.textContent = errorMessage(response));
    drawForm();
    status.textContent = `Meddelandet ”${message.subject}” är köat till ${people}. ${whenMailsGo}`;
    await showSent();
    moveFocusTo(byId('sent-title'));
  });
}

/** To whom, in words: the audience, which applicants, which units. */
function audienceText(message) {
  const groups = message.applicantGroups?.map((group) => labels.applicantGroup[group].toLowerCase()).join(', ');
  const units = message.unitIds?.map((unitId) => current.units.find((unit) => unit.id === unitId)?.name ?? unitId).join(', ');
  return [labels.audience[message.audience], groups ? `(${groups})` : null, units ? `på ${units}` : null].filter(Boolean).join(' ');
}

function outcomeText(message) {
  if (message.status !== 'sent') return `${labels.messageStatus.queued}: till ${message.recipients}. ${whenMailsGo}`;
  const missed = message.notDelivered ? ` ${message.notDelivered} kom inte fram (spärrad eller felaktig adress).` : '';
  return `${labels.messageStatus.sent} ${formatDateTime(message.sentAt)}: ${message.delivered} fick det.${missed}`;
}

async function showSent() {
  const response = /** @type {import('../types/api').Answer<ProgrammeMessages>} */ (
    await api('GET', `/api/programmes/${encodeURIComponent(current.id)}/messages`, { token: session.token }));
  const list = byId('sent-list');
  byId('sent').hidden = false;
  if (!response.ok || !response.data) return fill(list, el('p', { class: 'notice' }, errorMessage(response)));
  if (response.data.items.length === 0) {
    return fill(list, el('p', {}, session.isAdmin ? 'Inga meddelanden har skickats i satsningen.' : 'Du har inte skickat några meddelanden i satsningen.'));
  }
  fill(list, ...response.data.items.map((message) =>
    el('article', { class: 'applicant' },
      el('h3', {}, message.subject),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Till'), el('dd', {}, audienceText(message)),
        el('dt', {}, 'Skrivet'), el('dd', {}, `${formatDateTime(message.queuedAt)} av ${message.by}`),
        el('dt', {}, 'Status'), el('dd', {}, outcomeText(message))),
      el('details', {}, el('summary', {}, 'Läs meddelandet'), el('p', { class: 'mail-text' }, message.body)))));
}
