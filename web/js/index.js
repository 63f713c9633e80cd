import { api, el, errorMessage, fill, formatDate, formatDateTime, statusText } from './common.js';

const container = document.getElementById('programmes');
const response = await api('GET', '/api/programmes');
if (!response.ok) {
  fill(container, el('p', { class: 'notice' }, errorMessage(response)));
} else if (response.data.items.length === 0) {
  fill(container, el('p', {}, 'Det finns inga satsningar att söka just nu.'));
} else {
  fill(container,
    ...response.data.items.map((programme) =>
      el('article', { class: 'card', 'aria-labelledby': `p-${programme.id}` },
        el('h2', { id: `p-${programme.id}` }, el('a', { href: `/satsning/${encodeURIComponent(programme.id)}` }, programme.title)),
        el('p', {}, el('span', { class: `status ${programme.status}` }, statusText[programme.status])),
        el('dl', { class: 'facts' },
          el('dt', {}, 'Utbildning'), el('dd', {}, `${programme.course.name}, ${programme.course.provider}`),
          el('dt', {}, 'Ansökan'), el('dd', {}, `${formatDateTime(programme.window.opensAt)} – ${formatDateTime(programme.window.closesAt)}`),
          el('dt', {}, 'Period'), el('dd', {}, `${formatDate(programme.period.start)} – ${formatDate(programme.period.end)}`),
          el('dt', {}, 'Platser'), el('dd', {}, `${programme.seats} platser på ${programme.unitCount} enheter`)))),
  );
}
