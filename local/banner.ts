/** What `npm start` prints: where everything is. The README's table lists the same (a test holds them equal). */
export function startBanner(siteUrl: string, dataDir: string): string {
  const rows: [string, string][] = [
    ['Webbplatsen', `${siteUrl}/`],
    ['API:t', `${siteUrl}/api/…  (GET /api/health)`],
    ['Inkorgen (alla mejl)', `${siteUrl}/_local/inbox  (som JSON: GET /_local/mail)`],
    ['Logga in', `${siteUrl}/logga-in.html  (t.ex. rektor.sylteskolan@example.se; för skript: POST /_local/token)`],
    ['Kör notiserna nu', `POST ${siteUrl}/_local/notify  { "at": "…" }`],
    ['Ställ klockan', `POST ${siteUrl}/_local/clock  { "at": "…" }`],
    ['Låt SES fela', `POST ${siteUrl}/_local/ses-faults`],
    ['Studs eller klagomål', `POST ${siteUrl}/_local/ses-feedback`],
    ['Data', `${dataDir}/  (radera mappen för att börja om med demodata)`],
  ];
  const width = Math.max(...rows.map(([what]) => what.length)) + 2;
  return ['satsning körs lokalt:', ...rows.map(([what, where]) => `  ${what.padEnd(width)}${where}`), 'Avsluta med Ctrl-C.'].join('\n');
}
