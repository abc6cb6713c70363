/**
 * The two ways the cache says no. A query Salesforce would refuse too (it does not parse, names a
 * value of the wrong type, uses an operator on a field that cannot take it) is INVALID_INPUT, as
 * the org would answer it. A valid query the local copy cannot answer (an object or field it does
 * not keep, TYPEOF, FORMAT()…) is a CacheRefusal: `cacheQueryProblem` hands its sentence to the
 * console, which offers to run the query on the org instead.
 */
import { AppError } from '../../../../shared/errors';

export class CacheRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheRefusal';
  }
}

/** A valid query the local copy cannot answer. */
export function refuse(message: string): never {
  throw new CacheRefusal(message);
}

/** A query Salesforce would refuse as well. */
export function invalid(message: string): never {
  throw new AppError('INVALID_INPUT', message);
}
