import { byId, el, fill } from './common.js';

const receipt = JSON.parse(sessionStorage.getItem('receipt') ?? 'null');
if (receipt) {
  fill(byId('receipt'),
    el('p', {}, 'Vi har skickat ett mejl till ', el('strong', {}, receipt.email), ` om din ansökan till ${receipt.title}.`),
  );
}
