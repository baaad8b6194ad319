// Sends the callback form through the JSON API and shows the answer in place; without this script
// the same form posts to /callback and the server shows the result.
const form = document.getElementById('callback-form');
const FIELDS = ['name', 'phone', 'email', 'bestTime', 'preferredContact', 'message', 'consent', 'selfCheck'];

function clearErrors() {
  for (const old of form.querySelectorAll('.field-error, .error-summary')) old.remove();
  for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  for (const box of form.querySelectorAll('.has-error')) box.classList.remove('has-error');
}

function showErrors(errors) {
  clearErrors();
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const title = document.createElement('h2');
  title.textContent = 'Please check the form';
  const list = document.createElement('ul');
  summary.append(title, list);
  const shown = new Set();
  for (const error of errors) {
    const name = String(error.field || '')
      .replace(/^body\./, '')
      .split('.')[0];
    if (shown.has(name)) continue;
    shown.add(name);
    const item = document.createElement('li');
    const box = FIELDS.includes(name) ? document.getElementById(`field-${name}`) : null;
    if (box) {
      const link = document.createElement('a');
      link.href = `#field-${name}`;
      link.textContent = error.message;
      item.append(link);
      const message = document.createElement('p');
      message.className = 'field-error';
      message.id = `err-${name}`;
      message.textContent = error.message;
      const label = box.querySelector('label[for], legend');
      label.after(message);
      box.classList.add('has-error');
      const control = box.querySelector('input:not([type=hidden]), textarea') || box;
      control.setAttribute('aria-invalid', 'true');
      const hint = box.querySelector('.hint');
      control.setAttribute('aria-describedby', [hint?.id, message.id].filter(Boolean).join(' '));
    } else {
      item.textContent = error.message;
    }
    list.append(item);
  }
  form.prepend(summary);
  summary.focus();
}

function check(data) {
  const errors = [];
  if (!data.name.trim()) errors.push({ field: 'name', message: 'Enter your name.' });
  const digits = data.phone.replace(/\D/g, '').length;
  if (!/^[+()\d\s.-]*$/.test(data.phone) || digits < 10 || digits > 15)
    errors.push({
      field: 'phone',
      message: 'Enter a phone number with its area code, for example 212 555 0100.',
    });
  if (data.preferredContact === 'email' && !data.email.trim())
    errors.push({ field: 'email', message: 'Enter your email address, or choose phone or text.' });
  if (!data.consent)
    errors.push({ field: 'consent', message: 'Tick the box to agree that we may contact you.' });
  return errors;
}

function sent(urgent) {
  const section = document.createElement('section');
  section.setAttribute('aria-labelledby', 'sent-title');
  const heading = document.createElement('h2');
  heading.id = 'sent-title';
  heading.tabIndex = -1;
  heading.textContent = 'Thank you, we got your request';
  const text = document.createElement('p');
  text.textContent = urgent
    ? 'Our clinical team will call you as soon as they can. If you feel unsafe, please call or text 988 now, or call 911 in an emergency.'
    : 'A person from our clinic will contact you, usually within one working day, at the time you chose.';
  section.append(heading, text);
  form.replaceWith(section);
  heading.focus();
}

if (form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = new FormData(form);
    const value = (name) => String(fields.get(name) ?? '');
    const data = {
      name: value('name'),
      phone: value('phone'),
      email: value('email'),
      bestTime: value('bestTime') || 'any',
      preferredContact: value('preferredContact') || 'phone',
      message: value('message'),
      consent: fields.get('consent') === 'yes',
      formToken: value('formToken'),
      website: value('website'),
    };
    const errors = check(data);
    if (errors.length) return showErrors(errors);
    if (fields.get('sendSelfCheck') === 'yes' && value('selfCheck'))
      data.selfCheck = value('selfCheck').split(',').map(Number);
    if (!data.email) delete data.email;
    if (!data.message) delete data.message;
    if (!data.website) delete data.website;
    const status = document.getElementById('form-status');
    status.textContent = 'Sending…';
    try {
      const response = await fetch('/api/v1/callback-requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
      status.textContent = '';
      if (response.status === 201) return sent((data.selfCheck?.[8] ?? 0) > 0);
      const problem = await response.json().catch(() => ({}));
      showErrors(
        problem.errors?.length
          ? problem.errors
          : [{ field: 'form', message: problem.detail || 'Something went wrong. Please call us instead.' }],
      );
    } catch {
      // Offline or blocked: let the browser post the form the plain way.
      form.submit();
    }
  });
}
