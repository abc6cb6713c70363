/**
 * Where a redirect may take a request on the metered path: only to the origin the request was
 * pinned to. jsforce on its own follows any 3xx and re-sends the original headers (Authorization
 * included) to whatever host the Location names; here a hop within the origin is a request of its
 * own, and one that would leave it is refused before anything is sent.
 */
import { AppError } from '../../../shared/errors';
import { REDIRECT_REFUSED_MESSAGE } from './errors';

export const MAX_REDIRECTS = 10;

/** What a hop needs to be re-sent: jsforce's HttpRequest and fetch's init share this shape. */
export interface Hop<B> {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: B;
}

/** The Location of a redirect answer resolved against the hop's URL; null when it is not one or names none. */
export function redirectTarget(status: number, location: string | null | undefined, from: string, statuses: ReadonlySet<number>): URL | null {
  if (!statuses.has(status) || !location) return null;
  try {
    return new URL(location, from);
  } catch {
    return null;
  }
}

/** The error a refused redirect gives (nothing was sent to the other site). */
export function redirectRefused(): AppError {
  return new AppError('SALESFORCE', REDIRECT_REFUSED_MESSAGE);
}

/**
 * The next hop of a redirect within `origin`, as browsers do it: 307/308 keep the method and body,
 * the others become a GET without a body. Throws when the target leaves the origin, or after
 * MAX_REDIRECTS hops.
 */
export function nextHop<B>(hop: Hop<B>, status: number, target: URL, origin: string, hopsSoFar: number): Hop<B> {
  if (target.origin !== origin) throw redirectRefused();
  if (hopsSoFar >= MAX_REDIRECTS) throw new AppError('SALESFORCE', 'Salesforce kept redirecting the request, so the app stopped it. Try again in a moment.');
  if (status === 307 || status === 308) return { ...hop, url: target.toString() };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(hop.headers ?? {})) {
    if (!/^content-(?:type|length)$/i.test(name)) headers[name] = value;
  }
  return { method: 'GET', url: target.toString(), headers };
}
