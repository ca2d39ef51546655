import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/styles.css';
import { App } from './ui/App';
import { studioClient } from './ui/workerClient';

// Start the worker now, so that loading its code and warming up the layout engine happen while the user
// is still picking a file, not between the drop and the drawn graph.
studioClient();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
