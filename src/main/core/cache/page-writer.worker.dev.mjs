// The page writer's worker when the core runs from its TypeScript sources (browser mode, tests,
// benchmarks under tsx): a worker does not inherit the parent's loader hooks, so it registers tsx
// itself and then loads the worker's source. The built app runs page-writer.worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./page-writer.worker.ts');
