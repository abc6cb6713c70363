/**
 * API versions: the unauthenticated `/services/data` list and the per-version resource root.
 */
import { DEFAULT_API_VERSION } from '../../../shared/app-identity';
import type { RestRoute } from '../types';

/** The newest version the emulator advertises (any two-digit vNN.0 is still served). */
export const LATEST_API_VERSION = DEFAULT_API_VERSION;
/** Salesforce retired 21.0–30.0 in Summer '25; 31.0 is the oldest it still lists. */
const OLDEST_LISTED_VERSION = 31;

/** 20.0 was Winter '11; each release adds one, three releases a year. */
export function releaseLabel(major: number): string {
  const index = major - 20;
  const season = ['Winter', 'Spring', 'Summer'][((index % 3) + 3) % 3];
  const year = 11 + Math.floor(index / 3);
  return `${season} '${String(year).padStart(2, '0')}`;
}

export function versionList(): Array<{ label: string; url: string; version: string }> {
  const latest = Number.parseInt(LATEST_API_VERSION, 10);
  const out = [];
  for (let major = OLDEST_LISTED_VERSION; major <= latest; major++) {
    out.push({ label: releaseLabel(major), url: `/services/data/v${major}.0`, version: `${major}.0` });
  }
  return out;
}

/** `/services/data/vNN.0`: the resources this org serves, plus the caller's identity URL. */
export const versionRootRoutes: RestRoute[] = [
  {
    method: 'GET',
    pattern: /^$/,
    handle(req, _params, ctx) {
      const base = `/services/data/v${req.apiVersion}`;
      const names = ['sobjects', 'query', 'queryAll', 'search', 'parameterizedSearch', 'recent', 'limits', 'composite', 'jobs'];
      const body: Record<string, string> = {};
      for (const name of names) body[name] = `${base}/${name}`;
      body.identity = `${ctx.baseUrl}/id/${req.user.orgId}/${req.user.userId}`;
      return { status: 200, body };
    },
  },
];
