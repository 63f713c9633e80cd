import { api, byId, el, errorMessage, fill, formatDate, formatDateTime } from './common.js';
import { labels } from './labels.js';

/** @typedef {import('../types/api').ProgrammeList} ProgrammeList */

const container = byId('programmes');
const response = /** @type {import('../types/api').Answer<ProgrammeList>} */ (await api('GET', '/api/programmes'));
if (!response.ok) {
  fill(container, el('p', { class: 'notice' }, errorMessage(response)));
} else {
  // What can be applied for first; then what is under way, where participants find their page.
  const toApply = response.data.items.filter((programme) => programme.status !== 'closed');
  const running = response.data.items.filter((programme) => programme.status === 'closed');
  fill(container,
    el('section', { 'aria-labelledby': 'to-apply-title' },
      el('h2', { id: 'to-apply-title' }, 'Att söka'),
      toApply.length === 0 ? el('p', {}, 'Det finns inga satsningar att söka just nu.') : toApply.map(card)),
    running.length > 0 && el('section', { 'aria-labelledby': 'running-title' },
      el('h2', { id: 'running-title' }, 'Pågående och kommande'),
      el('p', {}, 'Har du sökt eller deltar du, och har tappat länken till din sida? Öppna satsningen och be om en ny länk där.'),
      running.map(card)),
  );
}

function card(programme) {
  return el('article', { class: 'card', 'aria-labelledby': `p-${programme.id}` },
    el('h3', { id: `p-${programme.id}` }, el('a', { href: `/satsning/${encodeURIComponent(programme.id)}` }, programme.title)),
    el('p', {}, el('span', { class: `status ${programme.status}` }, labels.programmeStatus[programme.status])),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Utbildning'), el('dd', {}, `${programme.course.name}, ${programme.course.provider}`),
      el('dt', {}, 'Ansökan'), el('dd', {}, `${formatDateTime(programme.window.opensAt)} – ${formatDateTime(programme.window.closesAt)}`),
      el('dt', {}, 'Period'), el('dd', {}, `${formatDate(programme.period.start)} – ${formatDate(programme.period.end)}`),
      el('dt', {}, 'Platser'), el('dd', {}, `${programme.seats} platser på ${programme.unitCount} enheter`)));
}
