// The administration's overview: per unit, applications and decisions, seats, and the heads who
// have not decided yet. After the deadline, a unit's unused seats can go to the programme-wide list.
import { api, byId, chooseProgramme, el, errorMessage, fill, formatDate, formatDateTime, moveFocusTo, windowText } from './common.js';
import { signInAgain, staffPage } from './auth.js';

/** @typedef {import('../types/api').Me} Me */
/** @typedef {import('../types/api').Overview} Overview */

const session = await staffPage();
const status = byId('status');
const container = byId('overview');
const chooser = byId('choose');
const select = /** @type {HTMLSelectElement} */ (byId('programme'));

/** What the page and the README say of when the decision mails go. */
const whenMailsGo = 'De sökande får besked med e-post inom ett par minuter, med nästa utskick.';

const phaseTexts = {
  applying: (p) => windowText(p),
  deciding: (p) =>
    p.decisionsPublished
      ? `Satsningen börjar ${formatDate(p.period.start)}.`
      : `Rektorer och förskolechefer beslutar. Sista dag: ${formatDateTime(p.decisionDeadline)}.`,
  decided: (p) => `Sista dag för beslut var ${formatDateTime(p.decisionDeadline)}.`,
};

const reasons = { bounce: 'Studsade', complaint: 'Mottagaren klagade' };

// Why, in SES's words (a bounce's subtype, a complaint's feedback type), said in Swedish; a word
// SES adds later is shown as it is.
const suppressionDetails = {
  General: 'adressen finns inte eller tar inte emot e-post',
  NoEmail: 'adressen finns inte',
  Suppressed: 'adressen står på e-posttjänstens gemensamma spärrlista',
  OnAccountSuppressionList: 'e-posttjänsten har spärrat adressen efter en tidigare studs eller klagan',
  MailboxFull: 'brevlådan är full',
  MessageTooLarge: 'brevet var för stort',
  ContentRejected: 'mottagarens e-postserver avvisade innehållet',
  AttachmentRejected: 'mottagarens e-postserver avvisade en bilaga',
  Undetermined: 'orsaken är okänd',
  abuse: 'brevet markerades som skräppost',
  'auth-failure': 'mottagarens e-postserver kunde inte bekräfta avsändaren',
  fraud: 'brevet anmäldes som bedrägeri',
  'not-spam': 'brevet markerades som inte skräppost',
  virus: 'mottagarens e-postserver hittade virus',
  other: 'ingen orsak angavs',
};
const suppressionDetail = (detail) => (Object.hasOwn(suppressionDetails, detail) ? suppressionDetails[detail] : detail);

if (!session.isAdmin) {
  fill(container, el('p', { class: 'notice' }, 'Översikten är till för utbildningsförvaltningens administratörer. ', el('a', { href: '/beslut.html' }, 'Gå till dina enheter.')));
} else {
  const me = /** @type {import('../types/api').Answer<Me>} */ (await api('GET', '/api/me', { token: session.token }));
  if (me.status === 401) await signInAgain();
  const programmes = me.data?.programmes ?? [];
  if (!(await chooseProgramme(programmes, { select, chooser, show }))) {
    fill(container, el('p', {}, 'Det finns inga satsningar ännu.'));
  }
  await showSuppressions();
}

async function showSuppressions() {
  const section = byId('suppressions');
  const list = byId('suppression-list');
  const response = await api('GET', '/api/suppressions?limit=100', { token: session.token });
  section.hidden = false;
  if (!response.ok) return fill(list, el('p', { class: 'notice' }, errorMessage(response)));
  if (response.data.items.length === 0) return fill(list, el('p', {}, 'Inga adresser är spärrade.'));
  fill(list, el('ul', { class: 'plain' }, ...response.data.items.map((item) => {
    const button = el('button', { type: 'button', class: 'secondary' }, 'Häv spärren');
    button.setAttribute('aria-label', `Häv spärren för ${item.email}`);
    button.addEventListener('click', async () => {
      const lifted = await api('DELETE', `/api/suppressions/${encodeURIComponent(item.emailHash)}`, { token: session.token });
      status.textContent = lifted.ok ? `Spärren för ${item.email} är hävd.` : errorMessage(lifted);
      await showSuppressions();
      // The button went with the address: keep the keyboard in the section, at its heading.
      moveFocusTo(byId('suppressions-title'));
    });
    return el('li', { class: 'applicant' }, el('strong', {}, item.email), el('br'),
      `${reasons[item.reason]} ${formatDateTime(item.at)}: ${suppressionDetail(item.detail)}. `, button);
  })));
}

async function show(programmeId) {
  const response = /** @type {import('../types/api').Answer<Overview>} */ (await api('GET', `/api/programmes/${encodeURIComponent(programmeId)}/overview`, { token: session.token }));
  if (!response.ok) return fill(container, el('p', { class: 'notice' }, errorMessage(response)));
  const { programme, units, totals, headsNotDecided } = response.data;
  const number = (value) => el('td', { class: 'number' }, String(value));
  const columns = ['Ansökningar', 'Utsedda', 'Reserver', 'Avböjda', 'Ej beslutade', 'Platser', 'Kvar'];
  fill(container,
    el('h2', {}, programme.title),
    el('p', {}, phaseTexts[programme.phase](programme), ' ',
      el('a', { href: `/redigera.html?programme=${encodeURIComponent(programme.id)}` }, 'Ändra satsningen'), ' ',
      el('a', { href: `/redigera.html?copy=${encodeURIComponent(programme.id)}` }, 'Ny omgång'), ' ',
      el('a', { href: `/meddelanden.html?programme=${encodeURIComponent(programme.id)}` }, 'Skriv till satsningens personer')),
    programme.copiedFrom
      ? el('p', {}, 'Nästa omgång av ', el('a', { href: `/admin.html?programme=${encodeURIComponent(programme.copiedFrom)}` }, programme.copiedFrom), '.')
      : null,
    el('p', { class: 'seats' }, `${programme.seats.used} av ${programme.seats.seats} platser tillsatta i satsningen.`
      + (programme.pool.seats > 0 ? ` Gemensam reservlista: ${programme.pool.used} av ${programme.pool.seats} släppta platser tillsatta.` : '')),
    programme.phase === 'deciding' && !programme.decisionsPublished ? publishButton(programme, units, totals) : null,
    programme.decisionsPublished
      ? el('p', { class: 'notice success' }, `Besluten publicerades ${formatDateTime(programme.decisionsPublishedAt)}. `, whenMailsGo)
      : null,
    el('p', { class: 'hint' }, `Ansökningarna, deltagarna och deras framsteg raderas den ${formatDateTime(programme.erasureAt)}, 30 dagar efter satsningens sista dag. `,
      'Spara det förvaltningen behöver innan dess, med nedladdningarna under ',
      el('a', { href: `/framsteg.html?programme=${encodeURIComponent(programme.id)}` }, 'Framsteg'), '.'),
    // Once published, the decisions are what they are: no list of who has still to decide.
    programme.decisionsPublished ? null : el('h3', {}, 'Har inte beslutat än'),
    programme.decisionsPublished
      ? null
      : headsNotDecided.length === 0
        ? el('p', {}, 'Alla rektorer och förskolechefer har beslutat om alla sina sökande.')
        : el('ul', {}, ...headsNotDecided.map((row) =>
            el('li', {}, `${row.head.name} (${row.unitName}): ${row.undecided} sökande utan beslut – `,
              el('a', { href: `mailto:${row.head.email}` }, row.head.email)))),
    el('h3', { id: 'per-unit' }, 'Per enhet'),
    el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'per-unit', tabindex: 0 },
      el('table', { class: 'data' },
        el('caption', { class: 'visually-hidden' }, `Beslut per enhet i ${programme.title}`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Enhet'), ...columns.map((name) => el('th', { scope: 'col', class: 'number' }, name)),
          programme.phase === 'decided' ? el('th', { scope: 'col' }, 'Lediga platser') : null)),
        el('tbody', {}, ...units.map((unit) =>
          el('tr', {},
            el('th', { scope: 'row' }, el('a', { href: `/beslut.html?programme=${encodeURIComponent(programme.id)}&unit=${encodeURIComponent(unit.id)}` }, unit.name)),
            number(unit.applications), number(unit.appointed), number(unit.reserve), number(unit.declined), number(unit.undecided), number(unit.seats), number(unit.left),
            programme.phase === 'decided' ? el('td', {}, unit.left > 0 ? releaseButton(programme, unit) : '–') : null))),
        el('tfoot', {}, el('tr', {}, el('th', { scope: 'row' }, 'Totalt'),
          number(totals.applications), number(totals.appointed), number(totals.reserve), number(totals.declined), number(totals.undecided),
          number(programme.seats.seats), number(programme.seats.left),
          programme.phase === 'decided' ? el('td', {}) : null)))),
  );
}

function releaseButton(programme, unit) {
  const button = el('button', { type: 'button', class: 'secondary' }, `Släpp ${unit.left} till reservlistan`);
  button.setAttribute('aria-label', `Släpp ${unit.left} lediga platser från ${unit.name} till den gemensamma reservlistan`);
  button.addEventListener('click', async () => {
    const response = await api('POST', `/api/programmes/${encodeURIComponent(programme.id)}/units/${encodeURIComponent(unit.id)}/release-seats`, { token: session.token });
    status.textContent = response.ok
      ? `${response.data.released} platser från ${unit.name} släpptes. ${response.data.promoted.length} reserver fick plats.`
      : errorMessage(response);
    await show(programme.id);
  });
  return button;
}

/**
 * Publishing asks once more, naming what it will do: how many applicants on which units have no
 * decision, and that they will be told they were not appointed.
 */
function publishButton(programme, units, totals) {
  const button = el('button', { type: 'button', class: 'secondary' }, 'Publicera besluten nu …');
  const box = el('div', {}, el('div', { class: 'actions' }, button,
    el('p', { class: 'hint' }, `Annars publiceras de ${formatDateTime(programme.decisionDeadline)}. Efter publiceringen kan rektorer och förskolechefer inte ändra sina beslut.`)));
  button.addEventListener('click', () => {
    const undecided = units.filter((unit) => unit.undecided > 0);
    const question = el('h3', { id: 'publish-question', tabindex: -1 }, 'Publicera besluten nu?');
    const publish = el('button', { type: 'button' }, 'Ja, publicera besluten');
    const cancel = el('button', { type: 'button', class: 'secondary' }, 'Avbryt');
    fill(box, el('div', { class: 'card', role: 'group', 'aria-labelledby': 'publish-question' },
      question,
      totals.undecided === 0
        ? el('p', {}, 'Alla sökande har ett beslut.')
        : [
            el('p', {}, `${totals.undecided} sökande på ${undecided.length} ${undecided.length === 1 ? 'enhet' : 'enheter'} har inget beslut. De får besked om att de inte blev utsedda den här gången:`),
            el('ul', {}, ...undecided.map((unit) => el('li', {}, `${unit.name}: ${unit.undecided} utan beslut`))),
          ],
      el('p', {}, `${whenMailsGo} Rektorer och förskolechefer kan sedan inte ändra sina beslut.`),
      el('div', { class: 'actions' }, publish, cancel)));
    moveFocusTo(question);
    cancel.addEventListener('click', () => show(programme.id));
    publish.addEventListener('click', async () => {
      const response = await api('POST', `/api/programmes/${encodeURIComponent(programme.id)}/publish-decisions`, { token: session.token });
      status.textContent = response.ok ? `Besluten är publicerade. ${whenMailsGo}` : errorMessage(response);
      await show(programme.id);
    });
  });
  return box;
}
