// Shared by every page: the API, dates in Europe/Stockholm, and accessible form errors.

/**
 * An element the page's HTML holds: its absence is a fault in the page, said at once.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element;
}

/**
 * A call to the API: `data` is the parsed JSON answer (its type the caller's `T`), `ok` whether
 * it succeeded, and `status` its HTTP status (0: no answer).
 * @template [T=any]
 * @param {string} method
 * @param {string} path
 * @param {{ body?: unknown, token?: string }} [options]
 * @returns {Promise<{ ok: boolean, status: number, data: T }>}
 */
export async function api(method, path, { body, token } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    // No answer at all (offline, a dropped connection): status 0, which errorMessage explains.
    return { status: 0, ok: false, data: /** @type {T} */ (undefined) };
  }
  let data;
  try {
    data = await response.json();
  } catch {
    data = undefined;
  }
  return { status: response.status, ok: response.ok, data };
}

const dateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'long' });

/** Where a programme's application window stands, for the staff's pages: not yet open, or open until when. */
export function windowText(programme) {
  const { opensAt, closesAt } = programme.window;
  return programme.status === 'upcoming'
    ? `Ansökan har inte öppnat än: den är öppen ${formatDateTime(opensAt)}–${formatDateTime(closesAt)}.`
    : `Ansökan är öppen till ${formatDateTime(closesAt)}.`;
}

/** "13 februari 2027 kl. 23.59": Språkrådet's way, as the e-mails write it. */
export const formatDateTime = (iso) => {
  const parts = dateTime.formatToParts(new Date(iso));
  const part = (type) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} kl. ${part('hour')}.${part('minute')}`;
};

export const formatDate = (value) =>
  /^\d{4}-\d\d-\d\d$/.test(value) ? dateOnly.format(new Date(`${value}T12:00:00Z`)) : dateOnly.format(new Date(value));

const offsetName = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', timeZoneName: 'longOffset' });
/** Stockholm's offset from UTC at an instant, in minutes ("GMT+02:00" → 120). */
function stockholmOffset(epochMs) {
  const name = offsetName.formatToParts(new Date(epochMs)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const [, sign, hours, minutes] = /([+-])(\d\d):(\d\d)/.exec(name) ?? [, '+', '00', '00'];
  return (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
}

/**
 * A date and time on Stockholm's clock (`YYYY-MM-DDTHH:mm`, as a datetime-local field gives it,
 * whatever the browser's own zone) as the API takes it: with the offset Stockholm has then.
 */
export function stockholmIso(local) {
  const wall = Date.parse(`${local}:00Z`);
  let offset = stockholmOffset(wall);
  offset = stockholmOffset(wall - offset * 60_000);
  const pad = (value) => String(Math.floor(Math.abs(value))).padStart(2, '0');
  return `${local}:00${offset < 0 ? '-' : '+'}${pad(offset / 60)}:${pad(offset % 60)}`;
}


/** Create an element; children are text or nodes (text is never parsed as HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined || value === null) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...nodesOf(children));
  return node;
}

/**
 * Replaces what `node` holds. Not `replaceChildren` with the children as they come: it writes a
 * left-out part (`cond ? part : null`) as the text "null".
 */
export function fill(node, ...children) {
  node.replaceChildren(...nodesOf(children));
  return node;
}

const nodesOf = (children) => children.flat()
  .filter((child) => child !== undefined && child !== null && child !== false)
  .map((child) => (child instanceof Node ? child : document.createTextNode(String(child))));

export function clearErrors(form, summary) {
  summary.hidden = true;
  summary.replaceChildren();
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  for (const node of form.querySelectorAll('[aria-invalid]')) {
    node.removeAttribute('aria-invalid');
    const described = (node.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error'));
    if (described.length > 0) node.setAttribute('aria-describedby', described.join(' '));
    else node.removeAttribute('aria-describedby');
  }
}

/**
 * Show errors as GOV.UK-style: a summary at the top that links to each field, and each message
 * beside its field (tied with aria-describedby). `fields` is { fieldName: message }.
 */
export function showErrors(form, summary, fields, title = 'Något behöver rättas') {
  clearErrors(form, summary);
  const list = el('ul');
  for (const [name, message] of Object.entries(fields)) {
    const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (input) {
      const id = `${input.id || name}-error`;
      const error = el('p', { class: 'field-error', id }, el('span', { class: 'visually-hidden' }, 'Fel: '), message);
      // A field's own box first (a text field in a group of fields), else its group (radios).
      const anchor = input.closest('.field') ?? input.closest('fieldset') ?? input;
      const label = anchor.querySelector('legend') ?? form.querySelector(`label[for="${input.id}"]`);
      const hint = anchor.querySelector(':scope > .hint');
      (hint ?? label ?? anchor).after(error);
      for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        field.setAttribute('aria-invalid', 'true');
        field.setAttribute('aria-describedby', [field.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
      }
      // The summary names the field: "Välj ja eller nej" alone does not say which question.
      const fieldName = label?.textContent?.trim().replace(/[?:]$/, '');
      list.append(el('li', {}, el('a', { href: `#${input.id}` }, fieldName ? `${fieldName}: ${message}` : message)));
    } else {
      list.append(el('li', {}, message));
    }
  }
  summary.append(el('h2', { id: 'error-summary-title' }, title), list);
  summary.hidden = false;
  summary.focus();
}

/**
 * Keep the keyboard on `element` after the page redrew what it was on (a heading, say, which is
 * not focusable by itself).
 */
export function moveFocusTo(element) {
  if (!element) return;
  if (!element.matches('a[href], button, input, select, textarea, [tabindex]')) element.setAttribute('tabindex', '-1');
  element.focus();
}

/** The message for a whole-request error from the API. */
export function errorMessage(response) {
  if (response.status === 0) return 'Vi fick inget svar från servern. Kontrollera att du är ansluten till internet och försök igen.';
  // Only the signed-in pages send a token the API can refuse with 401: it has expired.
  if (response.status === 401) return 'Din inloggning har gått ut. Ladda om sidan och logga in igen.';
  return response.data?.error?.message ?? 'Något gick fel. Försök igen om en stund.';
}

/**
 * Live character counters for textareas with maxlength.
 * @param {ParentNode} [root]
 */
export function attachCounters(root = document) {
  for (const area of root.querySelectorAll('textarea[maxlength]')) {
    if (!(area instanceof HTMLTextAreaElement)) continue;
    const counter = document.getElementById(`${area.id}-counter`);
    if (!counter) continue;
    const update = () => (counter.textContent = `${area.value.length} av ${area.maxLength} tecken`);
    area.addEventListener('input', update);
    update();
  }
}

/**
 * The programme chooser of the signed-in pages: fills the select, keeps the choice in the address
 * (?programme=…) and shows the chosen one. Returns false when there is nothing to choose.
 */
export async function chooseProgramme(programmes, { select, chooser, show }) {
  if (programmes.length === 0) return false;
  fill(select, ...programmes.map((programme) => el('option', { value: programme.id }, programme.title)));
  const wanted = new URLSearchParams(location.search).get('programme');
  if (wanted && programmes.some((programme) => programme.id === wanted)) select.value = wanted;
  chooser.hidden = false;
  select.addEventListener('change', () => {
    history.replaceState(null, '', `?programme=${encodeURIComponent(select.value)}`);
    show(select.value);
  });
  await show(select.value);
  return true;
}
