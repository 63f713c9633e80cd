// The head's page: each unit they lead, its applicants with their answers, and the decision.
// An administrator may open any unit with ?programme=…&unit=….
import { api, el, errorMessage, fill, formatDate, formatDateTime, moveFocusTo } from './common.js';
import { requireSession, signInAgain, signOut } from './auth.js';

const session = await requireSession();
const params = new URLSearchParams(location.search);
const status = document.getElementById('status');
const container = document.getElementById('units');
document.getElementById('sign-out').addEventListener('click', signOut);
document.getElementById('admin-link').hidden = !session.isAdmin;
document.getElementById('who').textContent = `Inloggad som ${session.email}.`;

const roleNames = { lärare: 'Lärare', förskollärare: 'Förskollärare' };
const decisionNames = { appoint: 'Utsedd', reserve: 'Reserv', decline: 'Inte utsedd' };
const choices = [
  ['appoint', 'Utse till nyckelperson'],
  ['reserve', 'Reserv'],
  ['decline', 'Utse inte'],
];
const phaseTexts = {
  applying: (p) => `Ansökan är öppen till ${formatDateTime(p.window.closesAt)}. Du kan besluta när den har stängt.`,
  deciding: (p) => `Besluta senast ${formatDateTime(p.decisionDeadline)}.`,
  decided: (p) => `Sista dag för beslut var ${formatDateTime(p.decisionDeadline)}. Kontakta utbildningsförvaltningen om något behöver ändras.`,
};

async function load() {
  const targets = [];
  if (params.get('programme') && params.get('unit')) {
    targets.push({ programmeId: params.get('programme'), unitId: params.get('unit') });
  } else {
    const me = await api('GET', '/api/me', { token: session.token });
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
  const sections = await Promise.all(targets.map(renderUnit));
  fill(container, ...sections);
}

async function renderUnit({ programmeId, unitId }) {
  const path = `/api/programmes/${encodeURIComponent(programmeId)}/units/${encodeURIComponent(unitId)}/applications`;
  const response = await api('GET', path, { token: session.token });
  if (!response.ok) return el('p', { class: 'notice' }, errorMessage(response));
  const { programme, unit, items, canDecide } = response.data;
  const headingId = `u-${programme.id}-${unit.id}`;
  const section = el('section', { class: 'card', 'aria-labelledby': headingId },
    el('h2', { id: headingId }, `${unit.name}`),
    el('p', {}, programme.title),
    el('p', {}, phaseTexts[programme.phase](programme)),
    el('p', { class: 'seats', id: `${headingId}-seats` }, seatsText(unit)),
    items.length === 0 ? el('p', {}, 'Ingen från enheten har sökt.') : null,
    ...items.map((item) => renderApplicant(item, { canDecide, headingId, refresh: () => refresh(section, { programmeId, unitId }) })));
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
    : decisionNames[decision.value];
  return el('span', { class: `decision ${decision.value}` }, text);
}

function renderApplicant(item, { canDecide, headingId, refresh }) {
  const id = `a-${item.id}`;
  const withdrawn = item.status === 'withdrawn';
  const article = el('article', { class: 'applicant', 'aria-labelledby': `${id}-name` },
    el('h3', { id: `${id}-name` }, item.name, ' ', withdrawn ? el('span', { class: 'decision none' }, 'Återkallad') : decisionBadge(item.decision)),
    el('dl', { class: 'facts' },
      el('dt', {}, 'E-post'), el('dd', {}, item.email),
      el('dt', {}, 'Roll'), el('dd', {}, `${roleNames[item.role]}${item.certified ? ', legitimerad' : ', inte legitimerad'}`),
      el('dt', {}, 'Skolformer eller ämnen'), el('dd', {}, item.subjects),
      el('dt', {}, 'Motivering'), el('dd', {}, item.motivation),
      el('dt', {}, 'Sökte'), el('dd', {}, formatDate(item.createdAt)),
      item.decision?.note ? [el('dt', {}, 'Hälsning till den sökande'), el('dd', {}, item.decision.note)] : null));
  if (canDecide && !withdrawn) article.append(decisionForm(item, id, refresh));
  if (session.isAdmin) article.append(erasure(item, id, { headingId, refresh }));
  return article;
}

/**
 * An administrator erases an application when the person asks (GDPR): asked once more, since it
 * cannot be undone. The unit's heading takes the keyboard afterwards, the person being gone.
 */
function erasure(item, id, { headingId, refresh }) {
  const ask = el('button', { type: 'button', class: 'secondary' }, 'Radera ansökan …');
  ask.setAttribute('aria-label', `Radera ansökan från ${item.name} …`);
  const erase = el('button', { type: 'button', class: 'danger' }, 'Radera');
  const cancel = el('button', { type: 'button', class: 'secondary' }, 'Avbryt');
  const question = el('p', { id: `${id}-erase-question` },
    `Radera ansökan från ${item.name} för gott? Svaren, beslutet, framstegen och platsen i en lärgrupp försvinner och kan inte återställas. `,
    'En utsedd persons plats går tillbaka till enheten.');
  const confirmation = el('div', { class: 'notice', role: 'group', 'aria-labelledby': `${id}-erase-question`, hidden: true },
    question, el('div', { class: 'actions' }, erase, cancel));
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
  erase.addEventListener('click', async () => {
    const response = await api('POST', `/api/applications/${encodeURIComponent(item.id)}/erase`, { token: session.token });
    if (response.status === 401) return signInAgain();
    status.textContent = response.ok ? `Ansökan från ${item.name} är raderad.` : `Ansökan från ${item.name} raderades inte: ${errorMessage(response)}`;
    if (!response.ok) return;
    await refresh();
    moveFocusTo(document.getElementById(headingId));
  });
  return el('div', {}, el('div', { class: 'actions' }, ask), confirmation);
}

function decisionForm(item, id, refresh) {
  const form = el('form', { novalidate: true, 'aria-label': `Beslut om ${item.name}` },
    el('fieldset', {},
      el('legend', {}, `Beslut om ${item.name}`),
      el('div', { class: 'choices' },
        ...choices.map(([value, label]) =>
          el('label', {}, el('input', { type: 'radio', name: 'decision', value, checked: item.decision?.value === value }), label)))),
    el('div', { class: 'field' },
      el('label', { for: `${id}-note` }, 'Hälsning till den sökande (valfritt)'),
      el('p', { class: 'hint', id: `${id}-note-hint` }, 'Skickas med beslutet när besluten meddelas.'),
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
    status.textContent = `Sparat: ${item.name} – ${decisionNames[decision]}.`;
    await refresh();
    // Keep the keyboard where it was: on the person just decided, in the re-read list.
    moveFocusTo(document.getElementById(`${id}-name`));
  });
  return form;
}

await load();
