// The confirm and unsubscribe pages: the token from the link, posted only when the person clicks
// (link scanners in mail systems open links; a GET must not change anything).
import { api, byId, el, errorMessage, fill } from './common.js';

export function tokenPage(path, done) {
  const token = new URLSearchParams(location.search).get('token');
  const result = byId('result');
  const actions = byId('actions');
  if (!token) {
    fill(result, el('p', { class: 'notice' }, 'Länken saknar sin kod. Använd hela länken från e-postmeddelandet.'));
    return;
  }
  actions.hidden = false;
  byId('go').addEventListener('click', async () => {
    const response = await api('POST', path, { body: { token } });
    actions.hidden = response.ok;
    fill(result, el('p', { class: response.ok ? 'notice success' : 'notice' }, response.ok ? done(response.data) : errorMessage(response)));
  });
}
