// The application's fields, shared by the form on the programme page and the private page.
import { el, fill } from './common.js';
import { labels } from './labels.js';

/** Fill the unit select with the programme's units, grouped by kind. */
export function fillUnits(select, units, selected) {
  fill(select, el('option', { value: '' }, 'Välj enhet'));
  for (const [kind, label] of [['skola', 'Skolor'], ['förskola', 'Förskolor']]) {
    const group = el('optgroup', { label });
    for (const unit of units.filter((u) => u.kind === kind)) {
      group.append(el('option', { value: unit.id, selected: unit.id === selected }, unit.name));
    }
    if (group.children.length > 0) select.append(group);
  }
}

/** The form's answers as the API takes them. */
export function readAnswers(form) {
  const data = new FormData(form);
  const answers = {
    name: String(data.get('name') ?? '').trim(),
    email: String(data.get('email') ?? '').trim(),
    unitId: String(data.get('unitId') ?? ''),
    role: String(data.get('role') ?? ''),
    certified: data.get('certified') === 'ja' ? true : data.get('certified') === 'nej' ? false : undefined,
    subjects: String(data.get('subjects') ?? '').trim(),
    motivation: String(data.get('motivation') ?? '').trim(),
  };
  if (form.elements.namedItem('privacyNoticeRead')) answers.privacyNoticeRead = data.get('privacyNoticeRead') === 'ja';
  return answers;
}

/** The browser's own check, in the same words the server uses; the server has the last word. */
export function checkAnswers(answers) {
  const fields = {};
  if (!answers.name) fields.name = 'Skriv ditt namn.';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(answers.email)) fields.email = 'Ange en giltig e-postadress, till exempel namn@example.se.';
  if (!answers.unitId) fields.unitId = 'Välj den enhet där du arbetar.';
  if (!answers.role) fields.role = 'Välj din roll.';
  if (answers.certified === undefined) fields.certified = 'Välj ja eller nej.';
  if (!answers.subjects) fields.subjects = 'Skriv vilka skolformer eller ämnen du undervisar i.';
  if (!answers.motivation) fields.motivation = 'Skriv varför du vill bli nyckelperson.';
  if (answers.motivation.length > 4000) fields.motivation = 'Skriv högst 4000 tecken.';
  if ('privacyNoticeRead' in answers && !answers.privacyNoticeRead) {
    fields.privacyNoticeRead = 'Du behöver läsa hur vi behandlar dina personuppgifter och kryssa i rutan för att kunna ansöka.';
  }
  return fields;
}

export function setAnswers(form, application) {
  form.elements.namedItem('name').value = application.name;
  form.elements.namedItem('email').value = application.email;
  form.elements.namedItem('subjects').value = application.subjects;
  form.elements.namedItem('motivation').value = application.motivation;
  for (const radio of form.querySelectorAll('input[name=role]')) radio.checked = radio.value === application.role;
  for (const radio of form.querySelectorAll('input[name=certified]')) radio.checked = radio.value === (application.certified ? 'ja' : 'nej');
}

/** What the fields say to the applicant, and to an administrator registering someone else. */
const voices = {
  self: {
    emailHint: 'Hit skickar vi bekräftelsen och länken till din ansökan. Använd helst din jobbadress.',
    certified: 'Har du lärar- eller förskollärarlegitimation?',
    motivation: 'Varför vill du bli nyckelperson?',
    motivationHint: 'Berätta kort om dig själv och vad du vill utveckla på din enhet. Högst 4000 tecken.',
  },
  other: {
    emailHint: 'Hit skickar vi beskedet och länken till personens egen sida. Använd helst jobbadressen.',
    certified: 'Har personen lärar- eller förskollärarlegitimation?',
    motivation: 'Varför ska personen delta?',
    motivationHint: 'Till exempel det rektorn eller förskolechefen har skrivit. Enhetens rektor eller förskolechef ser det. Högst 4000 tecken.',
  },
};

/**
 * The form's fields, built once here for the programme page, the private page and the late
 * registration. Someone else's (`forSomeoneElse`) are asked about in the third person, and the
 * unit is the page's.
 */
export function buildFields(form, { withPrivacyNotice, forSomeoneElse = false }) {
  const voice = forSomeoneElse ? voices.other : voices.self;
  const text = (id, label, hint, attributes = {}) =>
    el('div', { class: 'field' },
      el('label', { for: id }, label),
      hint && el('p', { class: 'hint', id: `${id}-hint` }, hint),
      el('input', { id, name: id, type: 'text', 'aria-describedby': hint ? `${id}-hint` : undefined, ...attributes }));
  const radios = (name, legend, options) =>
    el('fieldset', { id: `${name}-group` },
      el('legend', {}, legend),
      options.map(([value, label], index) =>
        el('label', {}, el('input', { type: 'radio', name, value, id: index === 0 ? name : `${name}-${index}` }), label)));
  const fields = [
    text('name', 'Namn', undefined, { autocomplete: 'name', maxlength: 200, required: true }),
    text('email', 'E-postadress', voice.emailHint, {
      type: 'email', autocomplete: 'email', maxlength: 254, required: true, spellcheck: 'false',
    }),
    forSomeoneElse
      ? null
      : el('div', { class: 'field' },
        el('label', { for: 'unitId' }, 'Enhet där du arbetar'),
        el('select', { id: 'unitId', name: 'unitId', required: true })),
    radios('role', 'Roll', Object.entries(labels.role)),
    radios('certified', voice.certified, [['ja', 'Ja'], ['nej', 'Nej']]),
    text('subjects', 'Skolformer eller ämnen', 'Till exempel ”Matematik åk 4–6” eller ”Förskola 1–3 år”.', { maxlength: 500, required: true }),
    el('div', { class: 'field' },
      el('label', { for: 'motivation' }, voice.motivation),
      el('p', { class: 'hint', id: 'motivation-hint' }, voice.motivationHint),
      el('textarea', { id: 'motivation', name: 'motivation', maxlength: 4000, required: true, 'aria-describedby': 'motivation-hint motivation-counter' }),
      el('p', { class: 'counter', id: 'motivation-counter', 'aria-live': 'polite' })),
  ];
  if (withPrivacyNotice) {
    fields.push(el('fieldset', { id: 'privacyNoticeRead-group' },
      el('legend', {}, 'Personuppgifter'),
      el('p', { class: 'hint' },
        'Vi behandlar dina uppgifter för att hantera din ansökan och satsningen, som en del av kommunens uppdrag. ',
        'Rektor eller förskolechef på din enhet och utbildningsförvaltningen ser ansökan. Ansökan och allt som hör till den raderas 30 dagar efter satsningens sista dag. ',
        el('a', { href: '/personuppgifter.html', target: '_blank', rel: 'noopener' }, 'Så behandlar vi dina personuppgifter (öppnas i en ny flik)'), '.'),
      el('label', {}, el('input', { type: 'checkbox', name: 'privacyNoticeRead', id: 'privacyNoticeRead', value: 'ja' }),
        'Jag har läst hur mina personuppgifter behandlas')));
  }
  form.prepend(...fields.filter(Boolean));
}
