// The sign-in page: off to the sign-in (Cognito's hosted UI in AWS, the gateway's stand-in
// locally) with PKCE, and back here with a code, traded for the ID token.
import { byId, el, fill } from './common.js';
import { currentSession, finishHostedSignIn, safeNext, signInConfig, startHostedSignIn } from './auth.js';

const params = new URLSearchParams(location.search);
const status = byId('status');

if (params.get('utloggad')) fill(status, el('p', { class: 'notice success' }, 'Du är utloggad.'));
if (params.get('utgangen')) fill(status, el('p', { class: 'notice' }, 'Din inloggning har gått ut. Logga in igen, så kommer du tillbaka till sidan du var på.'));
if (params.get('error')) fill(status, el('p', { class: 'notice' }, 'Inloggningen avbröts. Försök igen.'));

/** @param {unknown} error */
const tell = (error) => fill(status, el('p', { class: 'notice' }, error instanceof Error ? error.message : String(error)));

const config = await signInConfig().catch(tell);
let finished = false;
if (config && params.get('code')) {
  try {
    const next = await finishHostedSignIn(config, params.get('code'), params.get('state'));
    // Administrators start at the overview, heads at their units, unless they were on their way somewhere.
    location.replace(safeNext(next, currentSession()?.isAdmin ? '/admin.html' : '/beslut.html'));
    finished = true;
  } catch (error) {
    tell(error);
  }
}
if (config && !finished) {
  // `?reserv=1`: the break-glass administrator's Cognito password, where staff otherwise sign in
  // with the municipality's accounts only (README, "Sign-in with the municipality's accounts").
  const breakGlass = params.get('reserv') === '1' && config.breakGlassClientId;
  const client = breakGlass ? { ...config, clientId: config.breakGlassClientId, identityProvider: undefined } : config;
  if (breakGlass) byId('hosted-start').textContent = 'Logga in med reservkontot';
  byId('hosted').hidden = false;
  byId('hosted-start').addEventListener('click', () => startHostedSignIn(client, params.get('next')));
}
