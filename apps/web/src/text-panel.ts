/** Type a sentence → label, the three scores and each word's contribution, from @neurite/text's shipped model. */
import type { SentimentResult } from '@neurite/text';

type TextModule = typeof import('@neurite/text');
let textModule: Promise<TextModule> | null = null;
export const loadTextPackage = (): Promise<TextModule> => (textModule ??= import('@neurite/text'));

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Green when a word pushes towards positive, red towards negative; stronger colour, stronger push. */
function wordChip(token: string, deltas: SentimentResult['scores'], contribution: number): string {
  const lean = deltas.positive - deltas.negative;
  const strength = Math.min(1, Math.abs(lean) * 4);
  const colour = lean >= 0 ? `rgb(60 154 95 / ${strength})` : `rgb(217 83 79 / ${strength})`;
  const sign = contribution >= 0 ? '+' : '−';
  return `<span class="word" style="background:${colour}" title="positive ${deltas.positive.toFixed(3)}, neutral ${deltas.neutral.toFixed(3)}, negative ${deltas.negative.toFixed(3)}">${escape(token)}<small>${sign}${Math.abs(contribution).toFixed(3)}</small></span>`;
}

function render(result: SentimentResult, ms: number): string {
  const bars = (['negative', 'neutral', 'positive'] as const)
    .map((l) => `<span>${l}</span><div class="bar ${l}" style="width:${(100 * result.scores[l]).toFixed(1)}%"></div><span>${(100 * result.scores[l]).toFixed(1)}%</span>`)
    .join('');
  const words = result.contributions?.length
    ? `<p class="muted">Each word's contribution to “${result.label}” (how much its score drops without the word); colour: towards positive (green) or negative (red).</p><div class="words" id="text-words">${result.contributions.map((c) => wordChip(c.token, c.deltas, c.contribution)).join('')}</div>`
    : '<p class="muted">No word of this text is in the model\'s vocabulary.</p>';
  return `<span class="label" id="text-label">${result.label}</span><span id="text-confidence">${(100 * result.confidence).toFixed(1)}%</span> <span class="muted">(${Math.round(ms)} ms)</span><div class="bars">${bars}</div>${words}`;
}

async function analyse(text: string): Promise<void> {
  const out = $<HTMLDivElement>('text-result');
  if (text.trim() === '') {
    out.dataset.state = 'idle';
    out.textContent = 'No sentence yet.';
    return;
  }
  out.dataset.state = 'running';
  try {
    const { analyzeSentiment } = await loadTextPackage();
    const started = performance.now();
    const result = await analyzeSentiment(text, { explain: true });
    out.innerHTML = render(result, performance.now() - started);
    out.dataset.state = 'done';
  } catch (error) {
    out.dataset.state = 'error';
    out.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  }
}

export function setUpTextPanel(): void {
  const input = $<HTMLTextAreaElement>('text-input');
  $<HTMLFormElement>('text-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void analyse(input.value);
  });
  // Also analyse while typing, after a short pause.
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void analyse(input.value), 400);
  });
}
