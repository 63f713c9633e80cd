import { tokenPage } from './watch-token.js';

tokenPage('/api/watchers/confirm', (data) => `Klart! Du bevakar nu ${data.title}. Vi mejlar när ansökan öppnar och innan den stänger.`);
