import { z } from 'zod';

// zod's JIT probes `new Function`, which the CSP (rightly) forbids; the probe alone is
// reported as a CSP violation even though zod swallows the error. The interpreter is plenty
// fast for our forms.
//
// This lives in its own module, imported first by every entry, because ES modules run their
// imports before their own body: set in main.tsx's body, the flag came after any schema
// parsed while the app's modules were loading, and the probe had already run.
z.config({ jitless: true });
