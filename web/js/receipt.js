import { el, fill } from './common.js';

const receipt = JSON.parse(sessionStorage.getItem('receipt') ?? 'null');
if (receipt) {
  fill(document.getElementById('receipt'),
    el('p', {}, `Vi har tagit emot din ansökan till ${receipt.title}.`),
    el('p', {}, 'En bekräftelse med en personlig länk till ansökan har skickats till ', el('strong', {}, receipt.email), '.'),
  );
}
