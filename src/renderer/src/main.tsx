import './lib/zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { applyRememberedAppearance } from './lib/appearance';
import './styles.css';

// Before the first paint: the theme and density last chosen on this computer (the core's settings follow).
applyRememberedAppearance();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
