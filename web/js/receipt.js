import { el, fill } from './common.js';

const receipt = JSON.parse(sessionStorage.getItem('receipt') ?? 'null');
if (receipt) {
  fill(document.getElementById('receipt'),
    el('p', {}, 'Vi har skickat ett mejl till ', el('strong', {}, receipt.email), ` om din ansökan till ${receipt.title}.`),
  );
}
