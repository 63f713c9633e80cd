/** The local inbox page: every mail the local SES endpoint accepted, newest first. */
import { escapeHtml as escape } from '#messages/layout';
import { formatSwedishDateTime } from '#core/time';
import type { LocalMail } from './ses.ts';

/** Tall enough for the whole message, so that nothing (the private link) is cut off below. */
const frameHeight = (message: LocalMail) => 240 + 28 * (message.text ?? '').split('\n').length;

export function renderInbox(mail: LocalMail[]): string {
  const items = mail
    .map(
      (message, index) => `<article aria-labelledby="m${index}">
  <h2 id="m${index}">${escape(message.subject)}</h2>
  <dl>
    <dt>Till</dt><dd>${escape(message.to.join(', '))}</dd>
    <dt>Från</dt><dd>${escape(message.from)}</dd>
    <dt>Skickat</dt><dd><time datetime="${message.sentAt}">${escape(formatSwedishDateTime(message.sentAt))}</time></dd>
    ${Object.entries(message.headers)
      .map(([name, value]) => `<dt>${escape(name)}</dt><dd>${escape(value)}</dd>`)
      .join('')}
  </dl>
  ${message.html ? `<iframe title="Meddelandet: ${escape(message.subject)}" height="${frameHeight(message)}" sandbox srcdoc="${escape(message.html)}"></iframe>` : ''}
  ${message.text ? `<details${message.html ? '' : ' open'}><summary>Textversion</summary><pre>${escape(message.text)}</pre></details>` : ''}
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lokal inkorg – satsning</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
  article { border: 1px solid #767676; border-radius: 4px; padding: 1rem; margin: 1rem 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
  iframe { width: 100%; border: 1px solid #767676; }
  pre { white-space: pre-wrap; }
</style>
</head>
<body>
<main>
<h1>Lokal inkorg</h1>
<p>E-post som systemet har skickat genom den lokala SES-tjänsten (${mail.length} st). Samma innehåll finns som JSON på <a href="/_local/mail">/_local/mail</a>.</p>
${items || '<p>Inga meddelanden än.</p>'}
</main>
</body>
</html>`;
}
