/**
 * `window.atom` is the desktop preload's API (src/preload/index.ts exposes an object typed
 * AtomApi); in browser mode it is absent and lib/api.ts falls back to the bridge client. The type
 * comes from the shared contract — the same type the preload object is checked against — so the
 * two cannot drift, and the renderer never sees the preload's Electron/Node types.
 */
interface Window {
  readonly atom?: import('../../shared/ipc').AtomApi;
}
