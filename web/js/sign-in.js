import { api, byId, el, errorMessage, fill, showErrors } from './common.js';
import { finishHostedSignIn, safeNext, signInConfig, startHostedSignIn, storeToken } from './auth.js';

const params = new URLSearchParams(location.search);
const status = byId('status');
const config = await signInConfig();

function landing(isAdmin) {
  return safeNext(params.get('next'), isAdmin ? '/admin.html' : '/beslut.html');
}

if (params.get('utloggad')) fill(status, el('p', { class: 'notice success' }, 'Du är utloggad.'));
if (params.get('utgangen')) fill(status, el('p', { class: 'notice' }, 'Din inloggning har gått ut. Logga in igen, så kommer du tillbaka till sidan du var på.'));

if (config.signIn === 'cognito') {
  if (params.get('code')) {
    try {
      const next = await finishHostedSignIn(config, params.get('code'), params.get('state'));
      location.replace(safeNext(next, '/beslut.html'));
    } catch (error) {
      fill(status, el('p', { class: 'notice' }, error instanceof Error ? error.message : String(error)));
    }
  }
  const hosted = byId('hosted');
  hosted.hidden = false;
  byId('hosted-start').addEventListener('click', () => startHostedSignIn(config, params.get('next')));
} else {
  const section = byId('local');
  const form = /** @type {HTMLFormElement} */ (byId('local-form'));
  const summary = byId('error-summary');
  section.hidden = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const email = /** @type {HTMLInputElement} */ (form.elements.namedItem('email')).value.trim();
    const admin = /** @type {RadioNodeList} */ (form.elements.namedItem('role')).value === 'admin';
    const response = await api('POST', config.tokenUrl, { body: { email, groups: admin ? ['admin'] : ['head'] } });
    if (response.status === 0) {
      showErrors(form, summary, {}, errorMessage(response));
      return;
    }
    if (!response.ok) {
      showErrors(form, summary, response.data?.error?.fields ?? { email: 'Inloggningen misslyckades. Försök igen.' });
      return;
    }
    storeToken(response.data.idToken);
    location.assign(landing(admin));
  });
}
