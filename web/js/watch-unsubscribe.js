import { tokenPage } from './watch-token.js';

tokenPage('/api/watchers/unsubscribe', (data) => `Klart! Du får inga fler mejl om ${data.title}.`);
