/** Drop or pick an image → label, confidence and saliency heat map from @neurite/image's shipped model. */
import { drawRgba } from './canvas.js';

type ImageModule = typeof import('@neurite/image');
let imageModule: Promise<ImageModule> | null = null;
/** The package (and its embedded weights) is fetched on first use, so the page shows at once. */
export const loadImagePackage = (): Promise<ImageModule> => (imageModule ??= import('@neurite/image'));

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function showResult(el: HTMLElement, result: { label: string; confidence: number; scores: Record<string, number> }, ms: number): void {
  const bars = Object.entries(result.scores)
    .map(([label, p]) => `<span>${label}</span><div class="bar" style="width:${(100 * p).toFixed(1)}%"></div><span>${(100 * p).toFixed(1)}%</span>`)
    .join('');
  el.innerHTML = `<span class="label" id="image-label">${result.label}</span><span id="image-confidence">${(100 * result.confidence).toFixed(1)}%</span> confident <span class="muted">(${Math.round(ms)} ms)</span><div class="bars">${bars}</div>`;
}

async function classifyFile(file: File): Promise<void> {
  const out = $<HTMLDivElement>('image-result');
  out.dataset.state = 'running';
  out.textContent = `Classifying ${file.name}…`;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { classifyImage } = await loadImagePackage();
    const started = performance.now();
    const result = await classifyImage(bytes, { explain: true });
    const ms = performance.now() - started;

    // The preview, squashed to a square like the model's input.
    const preview = $<HTMLCanvasElement>('image-preview');
    const bitmap = await createImageBitmap(new Blob([bytes]));
    const ctx = preview.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0, preview.width, preview.height);
    // The heat map, with the image faintly on top for orientation.
    const heat = $<HTMLCanvasElement>('image-saliency');
    if (result.saliency) drawRgba(heat, result.saliency.data, result.saliency.width, result.saliency.height);
    heat.getContext('2d')!.globalAlpha = 0.3;
    heat.getContext('2d')!.drawImage(bitmap, 0, 0, heat.width, heat.height);
    heat.getContext('2d')!.globalAlpha = 1;

    showResult(out, result, ms);
    out.dataset.state = 'done';
  } catch (error) {
    // Clear the previous image's views so they are not mistaken for this one's.
    for (const id of ['image-preview', 'image-saliency']) {
      const c = $<HTMLCanvasElement>(id);
      c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    }
    out.dataset.state = 'error';
    out.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  }
}

export function setUpImagePanel(): void {
  const input = $<HTMLInputElement>('image-input');
  const zone = $<HTMLLabelElement>('drop-zone');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) void classifyFile(file);
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    const file = e.dataTransfer?.files[0];
    if (file) void classifyFile(file);
  });
}
