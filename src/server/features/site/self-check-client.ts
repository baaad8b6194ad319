import { scorePhq9 } from '../../../domain/instruments/phq9.ts';
import { selfCheckResultHtml } from './self-check-view.ts';

// Scores the self-check in the browser with the same domain code the server uses, and shows the
// same result without sending the answers anywhere. Incomplete forms go to the server, which names
// each missing answer next to its question.
const form = document.querySelector<HTMLFormElement>('form#self-check');
const output = document.getElementById('self-check-result');

form?.addEventListener('submit', (event) => {
  const data = new FormData(form);
  const answers: Record<string, number> = {};
  for (const [name, value] of data) {
    if (/^(q[1-9]|difficulty)$/.test(name) && typeof value === 'string' && value !== '') {
      answers[name] = Number(value);
    }
  }
  const result = scorePhq9(answers);
  if (!result.ok || !output) return;
  event.preventDefault();
  output.innerHTML = selfCheckResultHtml(result, form.dataset.helpline || null);
  form.hidden = true;
  for (const intro of document.querySelectorAll<HTMLElement>('.self-check-intro')) intro.hidden = true;
  document.getElementById('crisis-first')?.focus() ?? document.getElementById('result')?.focus();
  window.scrollTo(0, 0);
});
