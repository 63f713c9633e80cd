// Progress at a glance: for an administrator every unit and the programme, and a unit person by
// person on request; for a head their own units person by person (where either can set a
// participant's status). A chart first, the figures
// in tables under it, the learning groups' current cycle and phase, and the CSV exports.
import { api, attachCounters, byId, chooseProgramme, el, errorMessage, fill, formatDate, formatDateTime, showErrors } from './common.js';
import { signInAgain, staffPage } from './auth.js';
import { percent, progressChart } from './chart.js';
import { labels } from './labels.js';

/** @typedef {import('../types/api').Me} Me */
/** @typedef {import('../types/api').ProgrammeProgress} ProgrammeProgress */
/** @typedef {import('../types/api').UnitProgress} UnitProgress */

const session = await staffPage();
const status = byId('status');
const container = byId('progress');
const chooser = byId('choose');
const select = /** @type {HTMLSelectElement} */ (byId('programme'));

const number = (value) => el('td', { class: 'number' }, String(value));
const phaseOrder = ['plan', 'try', 'evaluate', 'implement'];
// Ids stay unique when the page is drawn again.
let formCount = 0;

const me = /** @type {import('../types/api').Answer<Me>} */ (await api('GET', '/api/me', { token: session.token }));
if (me.status === 401) await signInAgain();
const programmes = me.data?.programmes ?? [];
if (!(await chooseProgramme(programmes, { select, chooser, show }))) {
  fill(container, el('p', {}, session.isAdmin ? 'Det finns inga satsningar ännu.' : 'Du är inte rektor eller förskolechef för någon enhet i en satsning.'));
}

async function show(programmeId) {
  const programme = programmes.find((candidate) => candidate.id === programmeId);
  const base = `/api/programmes/${encodeURIComponent(programmeId)}`;
  if (session.isAdmin) {
    const response = /** @type {import('../types/api').Answer<ProgrammeProgress>} */ (await api('GET', `${base}/progress`, { token: session.token }));
    if (!response.ok) return fill(container, el('p', { class: 'notice' }, errorMessage(response)));
    const data = response.data;
    fill(container,
      el('h2', {}, data.programme.title),
      headline(data.totals, data.groups.length),
      progressChart(
        [{ label: 'Hela satsningen', figures: data.totals }, ...data.units.map((unit) => ({ label: unit.name, figures: unit }))],
        { title: `Andel klara delmoment per enhet i ${data.programme.title}`, description: chartDescription(data.units), width: container.clientWidth },
      ),
      unitTable(data.units, data.totals),
      unitChooser(base, data.units),
      milestoneTable(data.milestones),
      groupTable(data.groups),
      // An administrator sees every participant: a member not among them is no longer one.
      await groupForms(base, data.groups, (await api('GET', `${base}/participants`, { token: session.token })).data?.items ?? [], () => true),
      exports(base, undefined),
    );
    return;
  }
  // A head's programmes are those of /api/me, which the chooser offers.
  if (!programme) return;
  const [units, listed] = await Promise.all([
    Promise.all(programme.units.map((unit) => api('GET', `${base}/units/${encodeURIComponent(unit.id)}/progress`, { token: session.token }))),
    api('GET', `${base}/groups`, { token: session.token }),
  ]);
  const failed = [...units, listed].find((response) => !response.ok);
  if (failed) return fill(container, el('p', { class: 'notice' }, errorMessage(failed)));
  const data = units.map((response) => response.data);
  const groups = [...new Map(data.flatMap((unit) => unit.groups).map((group) => [group.id, group])).values()];
  // A head sees only their units' participants; the groups list says which other members are
  // participants at all (on another unit) and which are no longer (no status).
  const gone = new Set(listed.data.items.flatMap((group) => group.members.filter((member) => member.status === null).map((member) => member.id)));
  fill(container,
    el('h2', {}, programme.title),
    progressChart(data.map((unit) => ({ label: unit.unit.name, figures: unit.totals })), {
      title: `Andel klara delmoment på dina enheter i ${programme.title}`,
      description: chartDescription(data.map((unit) => ({ name: unit.unit.name, ...unit.totals }))),
      width: container.clientWidth,
    }),
    unitTable(data.map((unit) => ({ id: unit.unit.id, name: unit.unit.name, ...unit.totals }))),
    ...data.map((unit) => participantTable(unit)),
    groupTable(groups),
    await groupForms(base, groups, data.flatMap((unit) => unit.participants), (id) => gone.has(id)),
    exports(base, programme.units),
  );
}

function headline(totals, groupCount) {
  return el('p', { class: 'seats' },
    `${percent(totals.doneShare)} av delmomenten är klara. `,
    totals.overdue > 0 ? el('span', { class: 'late' }, `${totals.overdue} är försenade. `) : 'Inga är försenade. ',
    `${totals.participants} deltagare${totals.left > 0 ? ` (${totals.left} har lämnat)` : ''}, ${groupCount} ${groupCount === 1 ? 'lärgrupp' : 'lärgrupper'}.`);
}

function chartDescription(units) {
  return units.map((unit) => `${unit.name}: ${percent(unit.doneShare)} klart, ${unit.overdue} försenade`).join('. ');
}

function unitTable(units, totals) {
  const row = (name, figures, header = 'th') =>
    el('tr', {}, el(header, { scope: 'row' }, name), number(figures.participants), number(figures.done), number(figures.inProgress),
      number(figures.notStarted), number(figures.excused), number(figures.overdue), el('td', { class: 'number' }, percent(figures.doneShare)));
  return el('div', {},
    el('h3', { id: 'per-unit' }, 'Per enhet'),
    el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'per-unit', tabindex: 0 },
      el('table', { class: 'data' },
        el('caption', { class: 'visually-hidden' }, 'Delmoment per enhet: antal och andel klara'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Enhet'),
          ...['Deltagare', 'Klara', 'Pågår', 'Ej påbörjade', 'Befriade', 'Försenade', 'Andel klar'].map((name) => el('th', { scope: 'col', class: 'number' }, name)))),
        el('tbody', {}, ...units.map((unit) => row(unit.name, unit))),
        totals ? el('tfoot', {}, row('Hela satsningen', totals)) : null)),
    el('p', { class: 'hint' }, 'Andel klar räknas på de delmoment deltagarna ska göra: befriade räknas inte. Försenade har passerat sista dag utan att vara klara.'));
}

function milestoneTable(milestones) {
  if (milestones.length === 0) return el('p', {}, 'Satsningen har inga delmoment.');
  return el('div', {},
    el('h3', { id: 'per-milestone' }, 'Per delmoment'),
    el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'per-milestone', tabindex: 0 },
      el('table', { class: 'data' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Delmoment'), el('th', { scope: 'col' }, 'Sista dag'),
          ...['Klara', 'Försenade', 'Andel klar'].map((name) => el('th', { scope: 'col', class: 'number' }, name)))),
        el('tbody', {}, ...milestones.map((milestone) => el('tr', {},
          el('th', { scope: 'row' }, milestone.title), el('td', {}, formatDateTime(milestone.dueAt)),
          number(milestone.done), number(milestone.overdue), el('td', { class: 'number' }, percent(milestone.doneShare))))))));
}

function groupTable(groups) {
  return el('div', {},
    el('h3', { id: 'groups' }, 'Lärgrupper'),
    groups.length === 0
      ? el('p', {}, 'Inga lärgrupper ännu.')
      : el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': 'groups', tabindex: 0 },
          el('table', { class: 'data' },
            el('thead', {}, el('tr', {}, ...['Lärgrupp', 'Deltagare', 'Enheter', 'Samtalsledare', 'Nu'].map((name) => el('th', { scope: 'col' }, name)))),
            el('tbody', {}, ...groups.map((group) => el('tr', {},
              el('th', { scope: 'row' }, group.name),
              el('td', {}, String(group.members)),
              el('td', {}, group.units.map((unit) => unit.name).join(', ')),
              el('td', {}, group.facilitator?.name ?? '–'),
              el('td', {}, group.current ? `Cykel ${group.current.cycle}: ${labels.phase[group.current.phase]} (${formatDate(group.current.date)})` : 'Inte börjat')))))));
}

/** The phase a group notes next: the first of cycle 1, the next in its cycle, or a new cycle. */
function nextStep(current) {
  if (!current) return { cycle: 1, phase: 'plan' };
  if (current.phase === 'implement') return { cycle: current.cycle + 1, phase: 'plan' };
  return { cycle: current.cycle, phase: phaseOrder[phaseOrder.indexOf(current.phase) + 1] };
}

/**
 * A learning group's form: its name, its members (at least two) and their facilitator. `id` keeps
 * the ids unique on the page; `group`, when one is changed, fills it in (its active members ticked).
 */
/** @param {{ id: string, label: string, submit: string, candidates: any[], group?: any }} options */
function groupForm({ id, label, submit, candidates, group }) {
  const summary = el('div', { class: 'error-summary', id: `${id}-errors`, tabindex: -1, role: 'alert', hidden: true });
  const checked = new Set(group?.memberIds ?? []);
  const form = el('form', { novalidate: true, 'aria-label': label },
    summary,
    el('div', { class: 'field' }, el('label', { for: `${id}-name` }, 'Gruppens namn'), el('input', { type: 'text', id: `${id}-name`, name: 'name', maxlength: 120, value: group?.name })),
    el('fieldset', {}, el('legend', {}, 'Deltagare (minst två)'),
      el('input', { type: 'hidden', id: `${id}-members`, name: 'memberIds' }),
      ...candidates.map((participant) => el('label', {},
        el('input', { type: 'checkbox', value: participant.id, checked: checked.has(participant.id) && participant.status === 'active' }),
        participant.name, participant.status === 'left' ? ' (har lämnat)' : ''))),
    el('div', { class: 'field' }, el('label', { for: `${id}-facilitator` }, 'Samtalsledare'),
      el('select', { id: `${id}-facilitator`, name: 'facilitatorId' },
        ...candidates
          .filter((participant) => participant.status === 'active')
          .map((participant) => el('option', { value: participant.id, selected: participant.id === group?.facilitator?.id }, participant.name)))),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, submit)));
  return {
    form,
    values: () => ({
      name: form.elements.namedItem('name').value,
      facilitatorId: form.elements.namedItem('facilitatorId').value,
      memberIds: [...form.querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value),
    }),
    /** the API's field errors beside the fields: a member's error (`memberIds.2`) on the list */
    showErrors: (response) => {
      const fields = Object.fromEntries(Object.entries(response.data?.error?.fields ?? {}).map(([name, message]) => [name.startsWith('memberIds') ? 'memberIds' : name, message]));
      showErrors(form, summary, Object.keys(fields).length > 0 ? fields : { _: errorMessage(response) });
    },
  };
}

/**
 * Forms to start a learning group, and for each group to note its next phase and to change or
 * remove it. A head changes only groups whose members are all on their units (as the API allows).
 * `isGone(id)`: whether a member not among `participants` is no longer a participant (a decision
 * changed during the decision period) rather than one the reader does not see.
 */
async function groupForms(base, groups, participants, isGone) {
  const grouped = new Set(groups.flatMap((group) => group.memberIds ?? []));
  const known = new Map(participants.map((participant) => [participant.id, participant]));
  const free = participants.filter((participant) => participant.status === 'active' && !grouped.has(participant.id));
  const reload = () => show(select.value);
  const n = formCount++;
  const create = groupForm({ id: `group-${n}`, label: 'Ny lärgrupp', submit: 'Skapa lärgruppen', candidates: free });
  create.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await api('POST', `${base}/groups`, { token: session.token, body: create.values() });
    if (!response.ok) return create.showErrors(response);
    status.textContent = `Lärgruppen ${response.data.name} är skapad.`;
    return reload();
  });
  return el('div', {},
    free.length >= 2 ? el('details', {}, el('summary', {}, 'Starta en ny lärgrupp'), create.form) : null,
    ...groups.flatMap((group) => {
      // Someone no longer a participant is offered unticked, so that saving drops them. A member
      // on another unit, whom a head does not see, leaves the group to be changed by others.
      const members = group.memberIds.map((id) => known.get(id) ?? (isGone(id) ? { id, name: 'Inte längre deltagare', status: 'gone' } : undefined));
      const changeable = members.every(Boolean);
      return [phaseForm(base, group, n, reload), changeable ? changeForm(base, group, [...members, ...free], n, reload) : null];
    }),
  );
}

function phaseForm(base, group, n, reload) {
  const step = nextStep(group.current);
  const id = `phase-${n}-${group.id}`;
  const form = el('form', { novalidate: true, 'aria-label': `Anteckna fas för ${group.name}` },
    el('p', {}, `Nästa: cykel ${step.cycle}, ${labels.phase[step.phase].toLowerCase()}.`),
    el('div', { class: 'field' }, el('label', { for: `${id}-date` }, 'Datum'), el('input', { type: 'date', id: `${id}-date`, name: 'date' })),
    el('div', { class: 'field' }, el('label', { for: `${id}-note` }, 'Kort anteckning'), el('textarea', { id: `${id}-note`, name: 'note', maxlength: 500, rows: 3 }),
      el('p', { class: 'counter', id: `${id}-note-counter`, 'aria-live': 'polite' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit' }, 'Spara anteckningen')));
  attachCounters(form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { date: form.elements.namedItem('date').value, note: form.elements.namedItem('note').value };
    const response = await api('PUT', `${base}/groups/${encodeURIComponent(group.id)}/cycles/${step.cycle}/phases/${step.phase}`, { token: session.token, body });
    status.textContent = response.ok ? `Sparat: ${group.name}, cykel ${step.cycle}, ${labels.phase[step.phase].toLowerCase()}.` : errorMessage(response);
    if (response.ok) reload();
  });
  return el('details', {}, el('summary', {}, `Anteckna nästa fas för ${group.name}`), form);
}

/** Change a group's name, members and facilitator, or remove it (its phase notes go with it). */
function changeForm(base, group, candidates, n, reload) {
  const address = `${base}/groups/${encodeURIComponent(group.id)}`;
  const change = groupForm({ id: `change-${n}-${group.id}`, label: `Ändra ${group.name}`, submit: 'Spara ändringarna', candidates, group });
  change.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await api('PUT', address, { token: session.token, body: { ...change.values(), version: group.version } });
    if (!response.ok) return change.showErrors(response);
    status.textContent = `Lärgruppen ${response.data.name} är ändrad.`;
    return reload();
  });
  const remove = el('button', { type: 'button', class: 'secondary' }, 'Ta bort lärgruppen');
  remove.addEventListener('click', async () => {
    if (!confirm(`Ta bort lärgruppen ${group.name}? Anteckningarna om dess faser tas bort med den.`)) return;
    const response = await api('DELETE', address, { token: session.token });
    status.textContent = response.ok ? `Lärgruppen ${group.name} är borttagen.` : errorMessage(response);
    if (response.ok) reload();
  });
  return el('details', {}, el('summary', {}, `Ändra eller ta bort ${group.name}`), change.form, el('div', { class: 'actions' }, remove));
}

/**
 * An administrator opens one unit's participants (with `&unit=` in the address, so that the page
 * can be linked to and reloaded), the table a head sees of their own.
 */
function unitChooser(base, units) {
  const params = new URLSearchParams(location.search);
  const shown = el('div', { id: 'unit-participants' });
  const choice = el('select', { id: 'unit-choice' },
    el('option', { value: '' }, 'Välj en enhet'),
    ...units.map((unit) => el('option', { value: unit.id, selected: unit.id === params.get('unit') }, unit.name)));
  const showUnit = async () => {
    const unitId = choice.value;
    const address = new URLSearchParams(location.search);
    if (unitId) address.set('unit', unitId);
    else address.delete('unit');
    history.replaceState(null, '', `?${address}`);
    if (!unitId) return fill(shown);
    fill(shown, el('p', {}, 'Hämtar …'));
    const response = /** @type {import('../types/api').Answer<UnitProgress>} */ (await api('GET', `${base}/units/${encodeURIComponent(unitId)}/progress`, { token: session.token }));
    if (response.status === 401) return signInAgain();
    fill(shown, response.ok ? participantTable(response.data) : el('p', { class: 'notice' }, errorMessage(response)));
  };
  choice.addEventListener('change', showUnit);
  if (choice.value) showUnit();
  return el('div', {},
    el('div', { class: 'field' }, el('label', { for: 'unit-choice' }, 'Visa deltagarna på en enhet'), choice),
    shown);
}

/** A unit, person by person; each status can be changed right here. */
function participantTable(unit) {
  const id = `unit-${unit.unit.id}`;
  const milestones = unit.milestones;
  return el('div', {},
    el('h3', { id }, `Deltagare på ${unit.unit.name}`),
    unit.participants.length === 0
      ? el('p', {}, 'Enheten har inga deltagare ännu.')
      : el('div', { class: 'table-wrap', role: 'region', 'aria-labelledby': id, tabindex: 0 },
          el('table', { class: 'data' },
            el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Deltagare'), ...milestones.map((milestone) =>
              el('th', { scope: 'col' }, milestone.title, el('br'), el('span', { class: 'hint' }, `senast ${formatDate(milestone.dueAt)}`))))),
            el('tbody', {}, ...unit.participants.map((participant) => el('tr', {},
              el('th', { scope: 'row' }, participant.name, participant.status === 'left' ? el('span', { class: 'hint' }, ' (har lämnat)') : null),
              ...participant.milestones.map((row) => el('td', {}, statusCell(participant, row)))))))));
}

function statusCell(participant, row) {
  const late = row.overdue ? el('span', { class: 'late' }, ' Försenad') : null;
  if (participant.status === 'left') return el('span', {}, labels.progress[row.status], late);
  const control = el('select', { 'aria-label': `${row.title} för ${participant.name}` },
    ...Object.entries(labels.progress).map(([value, label]) => el('option', { value, selected: value === row.status }, label)));
  control.addEventListener('change', async () => {
    const response = await api('PUT', `/api/participants/${encodeURIComponent(participant.id)}/milestones/${encodeURIComponent(row.milestoneId)}`, {
      token: session.token,
      body: { status: control.value },
    });
    status.textContent = response.ok ? `Sparat: ${row.title} för ${participant.name} är nu ”${labels.progress[control.value]}”.` : errorMessage(response);
    if (!response.ok) control.value = row.status;
    else row.status = control.value;
  });
  return el('span', {}, control, late);
}

/** Download buttons: the parts of an export are fetched and joined into one file. */
function exports(base, units) {
  // The files' names, not the model's values (the participants' file is no audience of a message).
  const kinds = [
    { kind: 'participants', label: 'Deltagare' },
    { kind: 'progress', label: 'Framsteg per delmoment' },
    { kind: 'applications', label: 'Ansökningar' },
  ];
  return el('div', {},
    el('h3', {}, 'Ladda ner för Excel'),
    el('p', { class: 'hint' }, units && units.length > 0 ? 'Filerna innehåller dina enheter.' : 'Filerna innehåller alla enheter.'),
    el('div', { class: 'actions' }, ...kinds.map(({ kind, label }) => {
      const button = el('button', { type: 'button', class: 'secondary' }, `${label} (CSV)`);
      button.addEventListener('click', () => download(`${base}/exports/${kind}.csv`, button));
      return button;
    })));
}

async function download(url, button) {
  button.disabled = true;
  status.textContent = 'Förbereder filen …';
  const parts = [];
  let filename = 'export.csv';
  let next = url;
  while (next) {
    // No answer at all (offline) is a failure like any other: the button comes back.
    const response = await fetch(next, { headers: { authorization: `Bearer ${session.token}` } }).catch(() => undefined);
    if (!response?.ok) {
      status.textContent = 'Filen kunde inte hämtas. Försök igen om en stund.';
      button.disabled = false;
      return;
    }
    filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? filename;
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    // Later parts repeat the byte-order mark and the header row: keep them once.
    parts.push(parts.length === 0 ? text : text.slice(text.indexOf('\r\n') + 2));
    next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  const link = el('a', { href: URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' })), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  status.textContent = `Filen ${filename} är nedladdad.`;
  button.disabled = false;
}
