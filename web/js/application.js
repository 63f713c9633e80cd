import { api, attachCounters, byId, el, errorMessage, fill, formatDate, formatDateTime, showErrors } from './common.js';
import { buildFields, checkAnswers, fillUnits, readAnswers, setAnswers } from './application-form.js';
import { labels } from './labels.js';

/** @typedef {import('../types/api').OwnApplication} OwnApplication */
/** @typedef {import('../types/api').OwnProgress} OwnProgress */
/** @typedef {import('../types/api').PublicProgramme} PublicProgramme */

// The secret is in the fragment: the browser never sends it in a request line or a Referer.
const applicationId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
const secret = location.hash.slice(1);
const path = `/api/applications/${encodeURIComponent(applicationId)}`;
const status = byId('status');
const details = byId('application');

async function load() {
  const response = /** @type {import('../types/api').Answer<OwnApplication>} */ (await api('GET', path, { token: secret }));
  if (!response.ok) {
    fill(details,
      el('p', { class: 'notice' }, 'Vi hittar ingen ansökan med den här länken. Kontrollera att du har använt hela länken från e-postmeddelandet. Har du fått en ny länk fungerar bara den.'),
      el('p', {}, 'Har du tappat länken? Öppna satsningen under ', el('a', { href: '/' }, 'Satsningar'), ' och be om en ny länk där.'),
    );
    return;
  }
  render(response.data);
}

function render(application) {
  document.title = `Din ansökan: ${application.programme.title} – Utbildningsförvaltningen`;
  byId('title').textContent = `Din ansökan: ${application.programme.title}`;
  fill(details,
    decisionNotice(application),
    application.status === 'withdrawn'
      ? el('p', { class: 'notice' }, `Ansökan återkallades ${formatDateTime(application.withdrawnAt)}.`)
      : el('p', {}, nextStepText(application)),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Namn'), el('dd', {}, application.name),
      el('dt', {}, 'E-postadress'), el('dd', {}, application.email),
      el('dt', {}, 'Enhet'), el('dd', {}, application.unitName ?? application.unitId),
      el('dt', {}, 'Roll'), el('dd', {}, labels.role[application.role]),
      el('dt', {}, 'Legitimerad'), el('dd', {}, application.certified ? 'Ja' : 'Nej'),
      el('dt', {}, 'Skolformer eller ämnen'), el('dd', {}, application.subjects),
      el('dt', {}, 'Motivering'), el('dd', {}, application.motivation),
      el('dt', {}, 'Skickad'), el('dd', {}, formatDateTime(application.createdAt))),
    el('p', { class: 'hint' }, `Ansökan och allt som hör till den raderas ${formatDate(application.programme.erasureAt)}, 30 dagar efter satsningens sista dag.`),
  );
  byId('edit').hidden = !application.canChange;
  byId('withdraw').hidden = !application.canWithdraw;
  if (application.canChange) setUpEditing(application);
  if (application.decision?.value === 'appoint' && application.status === 'submitted') showMilestones();
}


/** The participant's learning group: who is in it, who leads the talks, and where the group has come. */
function showGroup(group) {
  const section = byId('group');
  section.hidden = !group;
  if (!group) return;
  fill(byId('group-details'),
    el('p', {}, 'Du är med i lärgruppen ', el('strong', {}, group.name), '.'),
    el('p', {}, group.current
      ? `Gruppen är i cykel ${group.current.cycle}: ${labels.phase[group.current.phase].toLowerCase()} (sedan ${formatDate(group.current.date)}).`
      : 'Gruppen har inte börjat sin första cykel än.'),
    el('p', { class: 'hint' }, 'Varje cykel har fyra faser: planera, pröva i undervisningen, utvärdera och implementera.'),
    el('h3', {}, 'I gruppen'),
    el('ul', {}, group.members.map((member) => el('li', {},
      member.you ? `Du (${member.name})` : member.name, `, ${member.unitName}`, member.facilitator ? ' – samtalsledare' : ''))));
}

/** A participant's milestones: each one's status, which they set themselves (an excuse is the head's). */
async function showMilestones() {
  const response = /** @type {import('../types/api').Answer<OwnProgress>} */ (await api('GET', `${path}/progress`, { token: secret }));
  const section = byId('milestones');
  if (!response.ok) return;
  const { milestones, readOnly, group } = response.data;
  showGroup(group);
  if (milestones.length === 0) return;
  section.hidden = false;
  fill(byId('milestone-list'),
    readOnly ? el('p', { class: 'notice' }, 'Du har lämnat satsningen. Dina delmoment kan läsas men inte ändras.') : null,
    ...milestones.map((row, index) => {
      const id = `milestone-${index}`;
      const late = row.overdue ? el('p', { class: 'late' }, 'Sista dagen har passerat.') : null;
      const facts = el('p', { class: 'hint', id: `${id}-hint` }, `Sista dag ${formatDateTime(row.dueAt)}.`,
        row.at ? ` Ändrad ${formatDateTime(row.at)}${row.by === 'deltagaren' ? ' av dig' : ' av din rektor eller förskolechef'}.` : '');
      if (readOnly || row.status === 'excused') {
        return el('div', { class: 'field' }, el('h3', {}, row.title), facts, el('p', {}, labels.progress[row.status]), late);
      }
      const control = el('select', { id, name: row.milestoneId, 'aria-describedby': `${id}-hint` },
        ...['not_started', 'in_progress', 'done'].map((value) => el('option', { value, selected: value === row.status }, labels.progress[value])));
      control.addEventListener('change', async () => {
        const saved = await api('PUT', `${path}/milestones/${encodeURIComponent(row.milestoneId)}`, { token: secret, body: { status: control.value } });
        fill(status, el('p', { class: saved.ok ? 'notice success' : 'notice' },
          saved.ok ? `Sparat: ${row.title} är ”${labels.progress[control.value]}”.` : errorMessage(saved)));
        if (saved.ok) showMilestones();
        else control.value = row.status;
      });
      return el('div', { class: 'field' }, el('label', { for: id }, row.title), facts, control, late);
    }),
  );
}

/** What comes next for the application: changes while the window is open, then the decision, then the programme. */
function nextStepText({ canChange, decision, programme }) {
  if (canChange) return `Du kan ändra eller återkalla ansökan till ${formatDateTime(programme.window.closesAt)}.`;
  if (!decision) return `Ansökan är stängd. Besked lämnas senast ${formatDate(programme.decisionDeadline)}.`;
  return decision.value === 'appoint' ? `Satsningen pågår ${formatDate(programme.period.start)} – ${formatDate(programme.period.end)}.` : 'Ansökan är stängd.';
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
  const form = /** @type {HTMLFormElement} */ (byId('application-form'));
  if (!form.dataset.ready) {
    buildFields(form, { withPrivacyNotice: false });
    attachCounters(form);
    form.dataset.ready = 'yes';
    form.addEventListener('submit', save);
    programmeUnits = (/** @type {import('../types/api').Answer<PublicProgramme>} */ (await api('GET', `/api/programmes/${encodeURIComponent(application.programme.id)}`))).data?.units ?? [];
  }
  fillUnits(form.elements.namedItem('unitId'), programmeUnits, application.unitId);
  setAnswers(form, application);
  // The counters count what the answers filled in, not the empty form they were attached to.
  for (const area of form.querySelectorAll('textarea')) area.dispatchEvent(new Event('input'));
}

async function save(event) {
  event.preventDefault();
  const form = event.target;
  const summary = byId('error-summary');
  const answers = readAnswers(form);
  const problems = checkAnswers(answers);
  if (Object.keys(problems).length > 0) return showErrors(form, summary, problems);
  const response = await api('PATCH', path, { token: secret, body: answers });
  if (response.ok) {
    summary.hidden = true;
    render(response.data);
    fill(status, el('p', { class: 'notice success' }, 'Dina ändringar är sparade. Vi har skickat en bekräftelse via e-post.'));
  } else if (response.data?.error?.fields) {
    showErrors(form, summary, response.data.error.fields);
  } else {
    showErrors(form, summary, {}, errorMessage(response));
  }
}

const confirmBox = byId('withdraw-confirm');
byId('withdraw-start').addEventListener('click', () => {
  confirmBox.hidden = false;
  byId('withdraw-no').focus();
});
byId('withdraw-no').addEventListener('click', () => {
  confirmBox.hidden = true;
  byId('withdraw-start').focus();
});
byId('withdraw-yes').addEventListener('click', async () => {
  const response = await api('DELETE', path, { token: secret });
  confirmBox.hidden = true;
  if (response.ok) {
    render(response.data);
    fill(status, el('p', { class: 'notice success' }, 'Din ansökan är återkallad. Vi har skickat en bekräftelse via e-post.'));
  } else {
    fill(status, el('p', { class: 'notice' }, errorMessage(response)));
  }
});

await load();
