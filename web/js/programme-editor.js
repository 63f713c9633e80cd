// The administration's programme form: publish a new programme, or change one. The server checks
// everything; its messages show beside the fields, which are named by the API's paths
// (`units.2.head.email`), so that an error's path finds its field.
import { api, attachCounters, byId, clearErrors, el, errorMessage, fill, moveFocusTo, showErrors, stockholmIso } from './common.js';
import { signInAgain, staffPage } from './auth.js';
import { labels } from './labels.js';

const session = await staffPage();
const form = /** @type {HTMLFormElement} */ (byId('programme-form'));
const summary = byId('error-summary');
const status = byId('status');
const heading = byId('heading');
const saveButton = /** @type {HTMLButtonElement} */ (byId('save'));
const loading = byId('loading');


/** The programme as read, when changing one: its version goes back with the change. */
let current;

const idOf = (name) => name.replaceAll('.', '-');

/** @param {string} name @param {string} label @param {{ hint?: string, value?: unknown, [attribute: string]: unknown }} [options] */
function field(name, label, { hint, value, ...attributes } = {}) {
  const id = idOf(name);
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    hint && el('p', { class: 'hint', id: `${id}-hint` }, hint),
    el('input', { type: 'text', id, name, value: value ?? '', 'aria-describedby': hint ? `${id}-hint` : undefined, ...attributes }));
}

function textArea(name, label, max, hint, value) {
  const id = idOf(name);
  const area = el('textarea', { id, name, maxlength: max, 'aria-describedby': `${id}-hint ${id}-counter` });
  area.value = value ?? '';
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    el('p', { class: 'hint', id: `${id}-hint` }, hint),
    area,
    el('p', { class: 'counter', id: `${id}-counter`, 'aria-live': 'polite' }));
}

function choice(name, label, options, value) {
  const id = idOf(name);
  return el('div', { class: 'field' },
    el('label', { for: id }, label),
    el('select', { id, name }, ...options.map(([key, text]) => el('option', { value: key, selected: key === value }, text))));
}

/** A stored instant (`2027-01-21T00:00:00+01:00`, always with Stockholm's offset) for a datetime-local field. */
const wallClock = (iso) => (iso ? iso.slice(0, 16) : '');

const lists = {
  units: {
    legend: 'Enheter',
    hint: 'Skolor och förskolor som deltar, med platser och den rektor eller förskolechef som utser nyckelpersonerna. Rektorn loggar in med sin e-postadress.',
    item: 'Enhet',
    add: 'Lägg till en enhet',
    blank: { kind: 'skola' },
    fields: (base, unit) => [
      el('input', { type: 'hidden', name: `${base}.id`, value: unit.id ?? '' }),
      field(`${base}.name`, 'Namn', { value: unit.name, maxlength: 120 }),
      choice(`${base}.kind`, 'Typ', Object.entries(labels.unitKind), unit.kind),
      field(`${base}.seats`, 'Platser', { type: 'number', min: 1, max: 1000, inputmode: 'numeric', value: unit.seats, class: 'short' }),
      field(`${base}.head.name`, 'Rektor eller förskolechef', { value: unit.head?.name, maxlength: 120 }),
      field(`${base}.head.email`, 'Rektorns eller förskolechefens e-postadress', { type: 'email', value: unit.head?.email, maxlength: 254, spellcheck: 'false' }),
    ],
    read: (base) => ({
      id: text(`${base}.id`) || slug(text(`${base}.name`)),
      name: text(`${base}.name`),
      kind: text(`${base}.kind`),
      seats: number(`${base}.seats`),
      head: { name: text(`${base}.head.name`), email: text(`${base}.head.email`) },
    }),
    // A unit's id follows from its name: a message about the id is one about the name.
    named: 'name',
    extra: () => unitListReader(),
  },
  milestones: {
    legend: 'Delmoment',
    hint: 'Kursmoduler, seminarier och lärcykler med sista dag. Deltagarna påminns före sista dagen, och rektorn får veta efteråt vem som inte är klar (se Påminnelser).',
    item: 'Delmoment',
    add: 'Lägg till ett delmoment',
    blank: { kind: 'module' },
    fields: (base, milestone) => [
      el('input', { type: 'hidden', name: `${base}.id`, value: milestone.id ?? '' }),
      field(`${base}.title`, 'Rubrik', { value: milestone.title, maxlength: 200 }),
      choice(`${base}.kind`, 'Slag', Object.entries(labels.milestoneKind), milestone.kind),
      field(`${base}.dueAt`, 'Sista dag och tid', { type: 'datetime-local', value: wallClock(milestone.dueAt) }),
    ],
    read: (base) => ({
      id: text(`${base}.id`) || slug(text(`${base}.title`)),
      title: text(`${base}.title`),
      kind: text(`${base}.kind`),
      dueAt: instant(`${base}.dueAt`),
    }),
    named: 'title',
  },
};

const value = (name) => /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name))?.value ?? '';
const text = (name) => value(name).trim();
const number = (name) => (value(name) === '' ? undefined : Number(value(name)));
const instant = (name) => (value(name) ? stockholmIso(value(name)) : undefined);
/** Days written "7, 1" (or with spaces); what is not a number goes to the server as it is, to be named. */
const days = (name) => text(name).split(/[\s,;]+/).filter(Boolean).map((day) => (/^\d+$/.test(day) ? Number(day) : day));

/** A new programme's reminders, as the server's defaults: 7 and 1 days before closing, and so on. */
const defaultReminders = { closesSoonDays: [7, 1], decisionDueDays: [3, 1], milestoneDueDays: [7], milestoneOverdueDays: 1, sendAt: '08:00' };

/** A reminder setting as its field shows it: a list of days as "7, 1". */
const shownSetting = (setting) => (Array.isArray(setting) ? setting.join(', ') : setting);

function reminderFields(reminders) {
  const dayList = (key, label, hint) =>
    field(`notifications.${key}`, label, { hint, value: shownSetting(reminders[key]), inputmode: 'numeric', autocomplete: 'off', class: 'short' });
  return [
    el('h2', {}, 'Påminnelser'),
    el('p', { class: 'hint' }, 'Utskicken går ut klockan nedan, svensk tid. Lämnar du en rad med dagar tom skickas ingen sådan påminnelse.'),
    dayList('closesSoonDays', 'Påminnelse till dem som bevakar satsningen', 'Dagar innan ansökan stänger, med komma emellan, till exempel 7, 1. Högst fem dagar.'),
    dayList('decisionDueDays', 'Påminnelse till rektorer och förskolechefer som inte har beslutat', 'Dagar före sista dag för beslut, till exempel 3, 1. Högst fem dagar.'),
    dayList('milestoneDueDays', 'Påminnelse till deltagare som inte är klara med ett delmoment', 'Dagar före delmomentets sista dag, till exempel 7. Högst två dagar.'),
    field('notifications.milestoneOverdueDays', 'Besked till rektorn om vem som inte är klar', {
      type: 'number', min: 1, max: 30, inputmode: 'numeric', class: 'short', value: reminders.milestoneOverdueDays,
      hint: 'Dagar efter delmomentets sista dag, 1–30.',
    }),
    field('notifications.sendAt', 'Påminnelserna skickas klockan', { type: 'time', value: reminders.sendAt, class: 'short', hint: 'Mellan 06:00 och 19:59.' }),
  ];
}

/**
 * An id from a name, as the server makes one from a unit list: a–z, digits and hyphens
 * ("Förskolan Solrosen" → "forskolan-solrosen").
 */
function slug(name) {
  return name.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o').replace(/é/g, 'e').normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}

/** The rows of a list as they stand in the form. */
function rowsOf(list) {
  return [...form.querySelectorAll(`[data-list="${list}"]`)].map((row) => lists[list].read(/** @type {HTMLElement} */ (row).dataset.base));
}

/** Rows taken out of a list, until the form is saved: each can be put back where it was. */
const removed = { units: [], milestones: [] };

function renderList(list, items) {
  const spec = lists[list];
  const container = form.querySelector(`#${list}-rows`);
  fill(container, ...items.map((item, index) => {
    const base = `${list}.${index}`;
    const title = `${spec.item} ${index + 1}`;
    const remove = el('button', { type: 'button', class: 'secondary' }, 'Ta bort');
    remove.setAttribute('aria-label', `Ta bort ${title.toLowerCase()}`);
    remove.addEventListener('click', () => {
      const rows = rowsOf(list);
      const [taken] = rows.splice(index, 1);
      if (taken[spec.named]) removed[list].push({ item: taken, index });
      renderList(list, rows);
      renderRemoved(list);
      // The button went with its row: the keyboard goes to the list's heading.
      moveFocusTo(form.querySelector(`#${list} > legend`));
    });
    return el('fieldset', { class: 'row', 'data-list': list, 'data-base': base, id: idOf(base) },
      el('legend', {}, title),
      ...spec.fields(base, item),
      el('div', { class: 'actions' }, remove));
  }));
}

/** What was taken out of `list` and goes when the form is saved, each with a way back. */
function renderRemoved(list) {
  const spec = lists[list];
  const container = form.querySelector(`#${list}-removed`);
  fill(container, removed[list].length === 0 ? null : el('ul', {}, ...removed[list].map((entry) => {
    const name = entry.item[spec.named];
    const undo = el('button', { type: 'button', class: 'secondary', 'aria-label': `Ångra borttagningen av ${name}` }, 'Ångra');
    undo.addEventListener('click', () => {
      const rows = rowsOf(list);
      const at = Math.min(entry.index, rows.length);
      rows.splice(at, 0, entry.item);
      removed[list] = removed[list].filter((other) => other !== entry);
      renderList(list, rows);
      renderRemoved(list);
      /** @type {HTMLInputElement} */ (form.querySelector(`#${idOf(`${list}.${at}`)} input:not([type=hidden])`)).focus();
    });
    return el('li', {}, `${name} tas bort när du sparar. `, undo);
  })));
}

function listSection(list) {
  const spec = lists[list];
  const add = el('button', { type: 'button', class: 'secondary' }, spec.add);
  add.addEventListener('click', () => {
    const rows = rowsOf(list);
    renderList(list, [...rows, { ...spec.blank }]);
    /** @type {HTMLInputElement} */ (form.querySelector(`#${idOf(`${list}.${rows.length}`)} input:not([type=hidden])`)).focus();
  });
  const section = el('fieldset', { id: list, name: list },
    el('legend', {}, el('h2', {}, spec.legend)),
    el('p', { class: 'hint' }, spec.hint),
    spec.extra?.(),
    el('div', { id: `${list}-rows` }),
    el('div', { id: `${list}-removed`, class: 'removed' }),
    add);
  return section;
}

/** The list's columns, as a message about a row names them. */
const listColumns = { id: 'Enhet', name: 'Enhet', kind: 'Typ', headName: 'Rektor', headEmail: 'E-post', seats: 'Platser' };

/** A file's text: UTF-8, or else Windows-1252, which Excel on a Swedish Windows saves CSV in. */
async function textOf(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * The municipality's unit list, read by the server (a dry run of the import: nothing is stored)
 * into the form's units: a unit with the same name replaces the one in the form, the others are
 * added. Saving the form stores them, as any other change.
 */
function unitListReader() {
  const area = el('textarea', { id: 'unit-list', spellcheck: 'false', 'aria-describedby': 'unit-list-hint' });
  const file = el('input', { type: 'file', id: 'unit-file', accept: '.csv,.txt,text/csv,text/plain', 'aria-describedby': 'unit-list-hint' });
  const result = el('div', { id: 'unit-list-result', role: 'status' });
  const read = el('button', { type: 'button', class: 'secondary' }, 'Läs in listan');
  file.addEventListener('change', async () => {
    if (file.files[0]) area.value = await textOf(file.files[0]);
  });
  read.addEventListener('click', async () => {
    if (!area.value.trim()) return fill(result, el('p', { class: 'field-error' }, 'Välj en fil eller klistra in listan först.'));
    const programmeId = current?.id ?? (text('id') || 'ny');
    const response = await api('POST', `/api/programmes/${encodeURIComponent(programmeId)}/units/import`, {
      token: session.token,
      body: { csv: area.value, dryRun: true },
    });
    if (response.status === 401) return signInAgain();
    if (!response.ok) return fill(result, el('p', { class: 'field-error' }, response.data?.error?.fields?.csv ?? errorMessage(response)));
    const { rows, valid } = response.data;
    if (!valid) {
      return fill(result,
        el('p', { class: 'field-error' }, 'Listan har fel, så inget är ändrat i formuläret. Rätta listan och läs in den igen:'),
        el('ul', {}, ...rows.filter((row) => Object.keys(row.errors).length > 0).map((row) =>
          el('li', {}, `Rad ${row.line}: `, Object.entries(row.errors).map(([column, message]) => `${listColumns[column] ? `${listColumns[column]}: ` : ''}${message}`).join(' ')))));
    }
    const units = new Map(rowsOf('units').filter((unit) => unit.name || unit.head.email).map((unit) => [unit.id, unit]));
    for (const row of rows) units.set(row.unit.id, row.unit);
    renderList('units', [...units.values()]);
    fill(result, el('p', { class: 'notice success' },
      `${rows.length} ${rows.length === 1 ? 'enhet' : 'enheter'} från listan står nu i formuläret. De sparas när du ${current ? 'sparar ändringarna' : 'publicerar satsningen'}.`));
  });
  return el('details', { class: 'unit-list' },
    el('summary', {}, 'Fyll i enheterna från en lista (CSV)'),
    el('p', { class: 'hint', id: 'unit-list-hint' },
      'Kolumnerna Enhet, Typ (skola eller förskola), Rektor, E-post och Platser, med rubrikerna på första raden och semikolon mellan kolumnerna, ',
      'som när kommunens enhetslista sparas från Excel som CSV. En enhet med samma namn som en i formuläret ersätter den, de andra läggs till.'),
    el('div', { class: 'field' }, el('label', { for: 'unit-file' }, 'Välj en fil'), file),
    el('div', { class: 'field' }, el('label', { for: 'unit-list' }, 'eller klistra in listan'), area),
    el('div', { class: 'actions' }, read),
    result);
}

/** `programme`: the one to change; a next round's copy (`isNew`) or nothing: a new one. */
function build(programme, isNew = !programme) {
  const p = programme ?? { organiser: 'Utbildningsförvaltningen', units: [{ kind: 'skola' }], milestones: [] };
  const idField = isNew && field('id', 'Kortnamn i adressen', {
    hint: 'Blir en del av satsningens adress, till exempel /satsning/nyckelpersoner-2027. Små bokstäver a–z, siffror och bindestreck.',
    maxlength: 64, spellcheck: 'false', autocomplete: 'off', value: p.id,
  });
  form.prepend(
    el('h2', {}, 'Om satsningen'),
    field('title', 'Satsningens namn', { value: p.title, maxlength: 200 }),
    idField,
    textArea('description', 'Beskrivning', 5000, 'Vad satsningen är och vad den ska leda till. Visas på satsningens sida. Högst 5000 tecken.', p.description),
    field('organiser', 'Arrangör', { value: p.organiser, maxlength: 200 }),
    field('course.name', 'Kursens namn', { value: p.course?.name, maxlength: 200 }),
    field('course.provider', 'Kursgivare', { value: p.course?.provider, maxlength: 200, hint: 'Till exempel ett universitet eller en högskola.' }),
    textArea('eligibility', 'Vem kan söka', 1000, 'Till exempel ”Legitimerade lärare och förskollärare”. Högst 1000 tecken.', p.eligibility),
    field('contactEmail', 'Kontaktperson på förvaltningen (e-post)', {
      type: 'email', value: p.contactEmail, maxlength: 254, autocomplete: 'off', spellcheck: 'false',
      hint: 'Dagen före sista dagen för beslut får kontaktpersonen veta vilka enheter som inte har beslutat. Lämna tomt om ingen ska få det.',
    }),
    el('h2', {}, 'Datum'),
    el('p', { class: 'hint' }, 'Alla tider är svensk tid.'),
    field('window.opensAt', 'Ansökan öppnar', { type: 'datetime-local', value: wallClock(p.window?.opensAt) }),
    field('window.closesAt', 'Ansökan stänger', { type: 'datetime-local', value: wallClock(p.window?.closesAt) }),
    field('decisionDeadline', 'Sista dag för rektorernas beslut', { type: 'datetime-local', value: wallClock(p.decisionDeadline), hint: 'De sökande får besked då, om inte förvaltningen publicerar besluten tidigare.' }),
    field('period.start', 'Satsningen börjar', { type: 'date', value: p.period?.start }),
    field('period.end', 'Satsningen slutar', { type: 'date', value: p.period?.end, hint: 'Ansökningar, deltagare och deras framsteg raderas 30 dagar efter sista dagen.' }),
    el('h2', {}, 'Platser'),
    field('seats', 'Platser i hela satsningen', { type: 'number', min: 1, max: 100000, inputmode: 'numeric', value: p.seats, class: 'short', hint: 'Högst så många kan utses, oavsett hur många platser enheterna har.' }),
    listSection('units'),
    listSection('milestones'),
    ...reminderFields(p.notifications ?? defaultReminders),
  );
  renderList('units', p.units);
  renderList('milestones', p.milestones);
  attachCounters(form);
  if (isNew && !copiedFrom) {
    // The short name follows the title until someone writes their own.
    const title = /** @type {HTMLInputElement} */ (form.elements.namedItem('title'));
    const id = /** @type {HTMLInputElement} */ (form.elements.namedItem('id'));
    title.addEventListener('input', () => { if (!id.dataset.edited) id.value = slug(title.value); });
    id.addEventListener('input', () => { id.dataset.edited = 'true'; });
  }
}

function bodyOfForm() {
  return {
    ...(current ? { version: current.version } : { id: text('id'), ...(copiedFrom ? { copiedFrom } : {}) }),
    title: text('title'),
    description: text('description'),
    organiser: text('organiser'),
    course: { name: text('course.name'), provider: text('course.provider') },
    eligibility: text('eligibility'),
    contactEmail: text('contactEmail') || undefined,
    window: { opensAt: instant('window.opensAt'), closesAt: instant('window.closesAt') },
    decisionDeadline: instant('decisionDeadline'),
    period: { start: value('period.start') || undefined, end: value('period.end') || undefined },
    seats: number('seats'),
    units: rowsOf('units'),
    milestones: rowsOf('milestones'),
    notifications: {
      closesSoonDays: days('notifications.closesSoonDays'),
      decisionDueDays: days('notifications.decisionDueDays'),
      milestoneDueDays: days('notifications.milestoneDueDays'),
      milestoneOverdueDays: number('notifications.milestoneOverdueDays'),
      sendAt: value('notifications.sendAt') || undefined,
    },
  };
}

/**
 * The server's messages by field; one about a row's id is shown on the row's name, one about a
 * day in a list of days on the list.
 */
function fieldsOf(errors) {
  const shown = {};
  for (const [path, message] of Object.entries(errors)) {
    const named = /^(units|milestones)\.(\d+)\.id$/.exec(path);
    const day = /^(notifications\.\w+)\.\d+$/.exec(path);
    const key = named ? `${named[1]}.${named[2]}.${lists[named[1]].named}` : day ? day[1] : path;
    shown[key] ??= message;
  }
  return shown;
}

/** The programme a next round is copied from, sent along when it is published. */
let copiedFrom;

/** What a copy is, and how to move its dates another number of weeks (the page is read again). */
function nextRoundIntro(programmeId, weeks) {
  return el('div', { class: 'notice' },
    el('p', {}, `En kopia med alla datum flyttade ${weeks} veckor framåt: samma veckodag och klockslag. Enheterna, delmomenten och påminnelserna är med, men inga ansökningar, deltagare, lärgrupper eller bevakare. Granska, ändra det som behövs och publicera.`),
    el('form', { method: 'get', action: '/redigera.html', class: 'inline' },
      el('input', { type: 'hidden', name: 'copy', value: programmeId }),
      el('div', { class: 'field' },
        el('label', { for: 'weeks' }, 'Flytta datumen så här många veckor'),
        el('input', { id: 'weeks', name: 'weeks', type: 'number', min: 1, max: 260, inputmode: 'numeric', class: 'short', value: weeks })),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'secondary' }, 'Flytta datumen'))));
}

function showProgramme(programme) {
  current = programme;
  heading.textContent = programme ? `Ändra ${programme.title}` : 'Ny satsning';
  document.title = `${programme ? 'Ändra satsningen' : 'Ny satsning'} – Utbildningsförvaltningen`;
  saveButton.textContent = programme ? 'Spara ändringarna' : 'Publicera satsningen';
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form, summary);
  status.textContent = '';
  saveButton.disabled = true;
  const body = bodyOfForm();
  const response = current
    ? await api('PUT', `/api/programmes/${encodeURIComponent(current.id)}`, { token: session.token, body })
    : await api('POST', '/api/programmes', { token: session.token, body });
  saveButton.disabled = false;
  if (response.status === 401) return signInAgain();
  if (!response.ok) {
    const fields = response.data?.error?.fields;
    if (fields) return showErrors(form, summary, fieldsOf(fields));
    return showErrors(form, summary, { form: errorMessage(response) }, 'Satsningen kunde inte sparas');
  }
  const published = !current;
  showProgramme(response.data);
  if (published) {
    history.replaceState(null, '', `?programme=${encodeURIComponent(response.data.id)}`);
    /** @type {HTMLInputElement} */ (form.elements.namedItem('id')).closest('.field')?.remove();
  }
  // Rows keep their ids from now on, even if a name changes; the reminders show as stored.
  for (const list of ['units', 'milestones']) {
    removed[list] = [];
    renderList(list, response.data[list]);
    renderRemoved(list);
  }
  for (const [key, setting] of Object.entries(response.data.notifications)) {
    /** @type {HTMLInputElement} */ (form.elements.namedItem(`notifications.${key}`)).value = shownSetting(setting);
  }
  fill(status, el('p', { class: 'notice success' },
    published ? 'Satsningen är publicerad. ' : 'Ändringarna är sparade. ',
    el('a', { href: `/satsning/${encodeURIComponent(response.data.id)}` }, 'Se satsningens sida'), '.'));
  moveFocusTo(heading);
});

if (!session.isAdmin) {
  fill(loading, 'Sidan är till för utbildningsförvaltningens administratörer. ', el('a', { href: '/beslut.html' }, 'Gå till dina enheter.'));
} else {
  const query = new URLSearchParams(location.search);
  const wanted = query.get('programme');
  const copyOf = query.get('copy');
  const response = copyOf
    ? await api('GET', `/api/programmes/${encodeURIComponent(copyOf)}/next-round?${new URLSearchParams({ weeks: query.get('weeks') ?? '52' })}`, { token: session.token })
    : wanted ? await api('GET', `/api/programmes/${encodeURIComponent(wanted)}/admin`, { token: session.token }) : undefined;
  if (response?.status === 401) await signInAgain();
  if (response && !response.ok) {
    fill(loading, errorMessage(response));
  } else if (copyOf && response) {
    copiedFrom = response.data.copiedFrom;
    showProgramme(undefined);
    heading.textContent = `Ny omgång: ${response.data.title}`;
    form.before(nextRoundIntro(copyOf, Number(query.get('weeks') ?? 52)));
    build(response.data, true);
    loading.remove();
    form.hidden = false;
  } else {
    showProgramme(response?.data);
    build(response?.data);
    loading.remove();
    form.hidden = false;
  }
}
