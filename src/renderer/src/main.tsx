import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/app';
import './styles.css';

// zod's JIT probes `new Function`, which the CSP (rightly) forbids; the probe alone would be
// reported as a CSP violation. The interpreter is plenty fast for our forms.
z.config({ jitless: true });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
