/** The demo page: kernels first (WebAssembly compiled asynchronously), then the three panels. */
import { init } from '@neurite/kernels';
import { loadImagePackage, setUpImagePanel } from './image-panel.js';
import { loadTextPackage, setUpTextPanel } from './text-panel.js';
import { setUpTrainingPanel } from './training/panel.js';

const status = document.getElementById('status')!;
try {
  // Browsers refuse to compile large WebAssembly modules synchronously on the main thread.
  await init();
  setUpImagePanel();
  setUpTextPanel();
  setUpTrainingPanel();
  status.textContent = 'Loading the models…';
  await Promise.all([loadImagePackage(), loadTextPackage()]);
  status.textContent = 'Ready — kernels and models loaded in this tab.';
  status.dataset.state = 'ready';
} catch (error) {
  status.dataset.state = 'error';
  status.textContent = `Could not start: ${(error as Error).message}`;
}
