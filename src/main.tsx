import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { App } from './ui/App';
import { setUnresponsiveMs, studioClient } from './ui/workerClient';
import { restoreAutosave, useStudio } from './ui/store';

// Start the worker now, so that loading its code and warming up the layout engine happen while the user
// is still picking a file, not between the drop and the drawn graph.
studioClient();

// Reopen the work autosaved in this browser (model, config, view).
void restoreAutosave();

// Test hooks (e2e only, enabled by ?test-hooks in the URL): crash the worker, read the store.
const params = new URLSearchParams(location.search);
if (params.has('test-hooks')) {
  const ms = Number(params.get('unresponsive-ms'));
  if (ms > 0) setUnresponsiveMs(ms);
  (window as unknown as { __studioTest: unknown }).__studioTest = {
    crashWorker: (how: 'throw' | 'hang' = 'throw') => studioClient().testCrash(how),
    state: () => useStudio.getState(),
  };
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
