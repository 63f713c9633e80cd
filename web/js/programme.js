import { api, attachCounters, byId, clearErrors, el, errorMessage, fill, formatDate, formatDateTime, moveFocusTo, showErrors } from './common.js';
import { buildFields, checkAnswers, fillUnits, readAnswers } from './application-form.js';
import { labels } from './labels.js';

/** @typedef {import('../types/api').PublicProgramme} PublicProgramme */

const programmeId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
const container = byId('programme');
const response = /** @type {import('../types/api').Answer<PublicProgramme>} */ (await api('GET', `/api/programmes/${encodeURIComponent(programmeId)}`));

if (!response.ok) {
  document.title = 'Satsningen finns inte – Utbildningsförvaltningen';
  fill(container, el('h1', {}, 'Satsningen finns inte'), el('p', {}, errorMessage(response), ' ', el('a', { href: '/' }, 'Till alla satsningar')));
} else {
  const programme = response.data;
  document.title = `${programme.title} – Utbildningsförvaltningen`;
  fill(container,
    el('h1', {}, programme.title),
    el('p', {}, el('span', { class: `status ${programme.status}` }, labels.programmeStatus[programme.status])),
    ...programme.description.split(/\n+/).map((paragraph) => el('p', {}, paragraph)),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Anordnare'), el('dd', {}, programme.organiser),
      el('dt', {}, 'Utbildning'), el('dd', {}, `${programme.course.name}, ${programme.course.provider}`),
      el('dt', {}, 'Vem kan söka'), el('dd', {}, programme.eligibility),
      el('dt', {}, 'Ansökan öppnar'), el('dd', {}, formatDateTime(programme.window.opensAt)),
      el('dt', {}, 'Ansökan stänger'), el('dd', {}, formatDateTime(programme.window.closesAt)),
      el('dt', {}, 'Besked senast'), el('dd', {}, formatDate(programme.decisionDeadline)),
      el('dt', {}, 'Period'), el('dd', {}, `${formatDate(programme.period.start)} – ${formatDate(programme.period.end)}`),
      el('dt', {}, 'Platser'), el('dd', {}, `${programme.seats} platser på ${programme.units.length} enheter`)),
    programme.milestones.length > 0 && el('h2', {}, 'Delmoment'),
    programme.milestones.length > 0 &&
      el('ul', {}, programme.milestones.map((m) => el('li', {}, `${m.title}: ${formatDate(m.dueAt)}`))),
  );
  setUpWatching(programme);
  if (programme.status !== 'upcoming') setUpLostLink(programme);
  if (programme.status === 'open') setUpForm(programme);
  else if (programme.status === 'upcoming') container.append(el('p', { class: 'notice' }, `Ansökan öppnar ${formatDateTime(programme.window.opensAt)}.`));
  else container.append(el('p', { class: 'notice' }, 'Ansökningstiden har gått ut.'));
  // A mail's link to a section (#lost-link): it was hidden when the browser looked for it.
  const linked = location.hash.length > 1 ? document.getElementById(location.hash.slice(1)) : null;
  if (linked?.matches('section:not([hidden])')) moveFocusTo(linked.querySelector('h2'));
}

function setUpForm(programme) {
  const section = byId('apply');
  const form = /** @type {HTMLFormElement} */ (byId('application-form'));
  const summary = byId('error-summary');
  buildFields(form, { withPrivacyNotice: true });
  fillUnits(form.elements.namedItem('unitId'), programme.units);
  attachCounters(form);
  section.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers = readAnswers(form);
    const problems = checkAnswers(answers);
    if (Object.keys(problems).length > 0) return showErrors(form, summary, problems);
    const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
    button.disabled = true;
    const result = await api('POST', `/api/programmes/${encodeURIComponent(programme.id)}/applications`, { body: answers });
    button.disabled = false;
    if (result.status === 202) {
      sessionStorage.setItem('receipt', JSON.stringify({ email: answers.email, title: programme.title, programmeId: programme.id }));
      location.assign('/kvitto.html');
    } else if (result.data?.error?.fields) {
      showErrors(form, summary, result.data.error.fields);
    } else {
      showErrors(form, summary, {}, errorMessage(result));
    }
  });
}

function setUpWatching(programme) {
  /** @type {HTMLAnchorElement} */ (byId('calendar-link')).href = `/api/programmes/${encodeURIComponent(programme.id)}/calendar.ics`;
  byId('watch').hidden = programme.status === 'closed';
  emailForm('watch', `/api/programmes/${encodeURIComponent(programme.id)}/watchers`,
    (email) => `Tack! Om ${email} inte redan bevakar satsningen får adressen ett mejl med en länk för att bekräfta.`);
}

/** Someone who lost the private link asks for a new one; the answer never says whether the address applied. */
function setUpLostLink(programme) {
  byId('lost-link').hidden = false;
  emailForm('lost-link', `/api/programmes/${encodeURIComponent(programme.id)}/applications/link`,
    (email) => `Tack! Om ${email} har en ansökan till satsningen får adressen ett mejl med en ny länk inom några minuter. Har du bett om en länk nyss kan det dröja tio minuter innan nästa skickas.`);
}

/**
 * A form of one e-mail address (`<name>-form`, its summary `<name>-errors`, its status
 * `<name>-status`) posted to `path`, which answers 202 whatever the address; `done` says so.
 */
function emailForm(name, path, done) {
  const form = /** @type {HTMLFormElement} */ (byId(`${name}-form`));
  const summary = byId(`${name}-errors`);
  const status = byId(`${name}-status`);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = /** @type {HTMLInputElement} */ (form.elements.namedItem('email')).value.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      return showErrors(form, summary, { email: 'Ange en giltig e-postadress, till exempel namn@example.se.' });
    }
    const result = await api('POST', path, { body: { email } });
    if (result.status === 202) {
      clearErrors(form, summary);
      form.reset();
      fill(status, el('p', { class: 'notice success' }, done(email)));
    } else if (result.data?.error?.fields) {
      showErrors(form, summary, result.data.error.fields);
    } else {
      showErrors(form, summary, {}, errorMessage(result));
    }
  });
}
