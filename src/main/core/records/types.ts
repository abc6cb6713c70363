import type { z } from 'zod';
import type { CrmObject, RecordListQuery } from '../../../shared/ipc/records.contract';

export type { CrmObject };
/** A `records:list` payload after the contract's schema filled in the defaults. */
export type ParsedListQuery = z.output<typeof RecordListQuery>;
