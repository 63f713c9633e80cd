/** The frame every e-mail shares: escaped text in a plain, readable HTML layout. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph of the mail: plain text, or a link with its visible label. */
export type Block = string | { link: string; label: string } | { facts: [string, string][] };

const footerLinkMarker = '<!--footer-link-->';

/** A link under a mail's footer, in its text and its HTML: for what every mail links to (the privacy notice). */
export function withFooterLink(content: MailContent, label: string, url: string): MailContent {
  return {
    ...content,
    text: `${content.text}\n${label}: ${url}`,
    html: content.html.replace(footerLinkMarker, `\n<p style="font-size:14px;color:#4a4a4a"><a href="${escapeHtml(url)}" style="color:#0b5394">${escapeHtml(label)}</a></p>`),
  };
}

export function composeMail(subject: string, blocks: Block[], footer: string): MailContent {
  const text = [
    ...blocks.map((block) =>
      typeof block === 'string'
        ? block
        : 'link' in block
          ? `${block.label}:\n${block.link}`
          : block.facts.map(([name, value]) => `${name}: ${value}`).join('\n'),
    ),
    '--',
    footer,
  ].join('\n\n');
  const body = blocks
    .map((block) =>
      typeof block === 'string'
        ? `<p>${escapeHtml(block).replace(/\n/g, '<br>')}</p>`
        : 'link' in block
          ? `<p><a href="${escapeHtml(block.link)}" style="color:#0b5394">${escapeHtml(block.label)}</a></p>`
          : `<table role="presentation" style="border-collapse:collapse">${block.facts
              .map(
                ([name, value]) =>
                  `<tr><th scope="row" style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(name)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`,
              )
              .join('')}</table>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff">
<div style="max-width:600px;margin:0 auto">
${body}
<hr style="border:0;border-top:1px solid #767676;margin:24px 0">
<p style="font-size:14px;color:#4a4a4a">${escapeHtml(footer)}</p>${footerLinkMarker}
</div>
</body></html>`;
  return { subject, text, html };
}
