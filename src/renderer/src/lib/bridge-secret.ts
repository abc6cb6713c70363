/**
 * The bridge secret arrives once in the launch URL's fragment (`#secret=…`), which browsers never
 * send to a server. We move it to sessionStorage (this tab only, survives reloads) and strip it
 * from the address bar so it does not linger in history or get copied with the URL.
 */
export const SECRET_STORAGE_KEY = 'atom.bridgeSecret';

interface LocationLike {
  hash: string;
  pathname: string;
  search: string;
}
interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string): void;
}
interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function takeBridgeSecret(location: LocationLike, history: HistoryLike, storage: StorageLike): string | null {
  const match = /^#secret=([A-Za-z0-9_-]{16,128})$/.exec(location.hash);
  if (match) {
    storage.setItem(SECRET_STORAGE_KEY, match[1]);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return match[1];
  }
  return storage.getItem(SECRET_STORAGE_KEY);
}
