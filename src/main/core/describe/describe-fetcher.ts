/**
 * Describe requests through the active org's session (jsforce). jsforce hands a 304's empty body
 * back as '' rather than an error, so an empty answer to a conditional request means "not modified".
 */
import type { SalesforceSession } from '../salesforce/gateway';
import { mapSalesforceError } from '../salesforce/errors';
import type { DescribeFetcher } from './describe-cache';

export function sessionDescribeFetcher(session: () => Promise<SalesforceSession>): DescribeFetcher {
  return async (object, ifModifiedSince) => {
    const s = await session();
    let body: unknown;
    try {
      body = await s.send<unknown>('GET', `/sobjects/${object}/describe`, {
        feature: 'describe',
        ...(ifModifiedSince ? { headers: { 'If-Modified-Since': ifModifiedSince } } : {}),
      });
    } catch (err) {
      throw mapSalesforceError(err) ?? err;
    }
    if (ifModifiedSince && (body === '' || body === undefined || body === null)) return { status: 'not-modified' };
    return { status: 'modified', describe: body };
  };
}
