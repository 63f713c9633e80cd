import { api, attachCounters, el, errorMessage, formatDate, formatDateTime, showErrors } from './common.js';
import { buildFields, checkAnswers, fillUnits, readAnswers, setAnswers } from './application-form.js';

// The secret is in the fragment: the browser never sends it in a request line or a Referer.
const applicationId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
const secret = location.hash.slice(1);
const path = `/api/applications/${encodeURIComponent(applicationId)}`;
const status = document.getElementById('status');
const details = document.getElementById('application');
const roleNames = { lärare: 'Lärare', förskollärare: 'Förskollärare' };

async function load() {
  const response = await api('GET', path, { token: secret });
  if (!response.ok) {
    details.replaceChildren(
      el('p', { class: 'notice' }, 'Vi hittar ingen ansökan med den här länken. Kontrollera att du har använt hela länken från e-postmeddelandet.'),
    );
    return;
  }
  render(response.data);
}

function render(application) {
  document.title = `Din ansökan: ${application.programme.title} – Utbildningsförvaltningen`;
  document.getElementById('title').textContent = `Din ansökan: ${application.programme.title}`;
  details.replaceChildren(
    decisionNotice(application),
    application.status === 'withdrawn'
      ? el('p', { class: 'notice' }, `Ansökan återkallades ${formatDateTime(application.withdrawnAt)}.`)
      : el('p', {}, application.canChange
          ? `Du kan ändra eller återkalla ansökan till ${formatDateTime(application.programme.window.closesAt)}.`
          : `Ansökan är stängd. Besked lämnas senast ${formatDate(application.programme.decisionDeadline)}.`),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Namn'), el('dd', {}, application.name),
      el('dt', {}, 'E-postadress'), el('dd', {}, application.email),
      el('dt', {}, 'Enhet'), el('dd', {}, application.unitName ?? application.unitId),
      el('dt', {}, 'Roll'), el('dd', {}, roleNames[application.role]),
      el('dt', {}, 'Legitimerad'), el('dd', {}, application.certified ? 'Ja' : 'Nej'),
      el('dt', {}, 'Skolformer eller ämnen'), el('dd', {}, application.subjects),
      el('dt', {}, 'Motivering'), el('dd', {}, application.motivation),
      el('dt', {}, 'Skickad'), el('dd', {}, formatDateTime(application.createdAt))),
  );
  document.getElementById('edit').hidden = !application.canChange;
  document.getElementById('withdraw').hidden = !application.canWithdraw;
  if (application.canChange) setUpEditing(application);
}

const decisionTexts = {
  appoint: (unit) => `Du är utsedd till nyckelperson för ${unit}.`,
  reserve: (unit) => `Du står som reserv för ${unit}. Blir en plats ledig får du den i tur och ordning, och då får du e-post.`,
  decline: () => 'Du blev inte utsedd den här gången. Tack för ditt intresse!',
};

/** The decision, once decisions are published; nothing before that. */
function decisionNotice(application) {
  if (!application.decision || application.status === 'withdrawn') return null;
  const { value, note } = application.decision;
  return el('div', { class: `notice${value === 'appoint' ? ' success' : ''}` },
    el('h2', {}, 'Beslut'),
    el('p', {}, decisionTexts[value](application.unitName ?? application.unitId)),
    note ? el('p', {}, el('strong', {}, 'Hälsning från rektor eller förskolechef: '), note) : null);
}

let programmeUnits;
async function setUpEditing(application) {
  const form = document.getElementById('application-form');
  if (!form.dataset.ready) {
    buildFields(form, { withConsent: false });
    attachCounters(form);
    form.dataset.ready = 'yes';
    form.addEventListener('submit', save);
    programmeUnits = (await api('GET', `/api/programmes/${encodeURIComponent(application.programme.id)}`)).data?.units ?? [];
  }
  fillUnits(form.elements.namedItem('unitId'), programmeUnits, application.unitId);
  setAnswers(form, application);
}

async function save(event) {
  event.preventDefault();
  const form = event.target;
  const summary = document.getElementById('error-summary');
  const answers = readAnswers(form);
  const problems = checkAnswers(answers);
  if (Object.keys(problems).length > 0) return showErrors(form, summary, problems);
  const response = await api('PATCH', path, { token: secret, body: answers });
  if (response.ok) {
    summary.hidden = true;
    render(response.data);
    status.replaceChildren(el('p', { class: 'notice success' }, 'Dina ändringar är sparade. Vi har skickat en bekräftelse via e-post.'));
  } else if (response.data?.error?.fields) {
    showErrors(form, summary, response.data.error.fields);
  } else {
    showErrors(form, summary, {}, errorMessage(response));
  }
}

const confirmBox = document.getElementById('withdraw-confirm');
document.getElementById('withdraw-start').addEventListener('click', () => {
  confirmBox.hidden = false;
  document.getElementById('withdraw-no').focus();
});
document.getElementById('withdraw-no').addEventListener('click', () => {
  confirmBox.hidden = true;
  document.getElementById('withdraw-start').focus();
});
document.getElementById('withdraw-yes').addEventListener('click', async () => {
  const response = await api('DELETE', path, { token: secret });
  confirmBox.hidden = true;
  if (response.ok) {
    render(response.data);
    status.replaceChildren(el('p', { class: 'notice success' }, 'Din ansökan är återkallad. Vi har skickat en bekräftelse via e-post.'));
  } else {
    status.replaceChildren(el('p', { class: 'notice' }, errorMessage(response)));
  }
});

await load();
