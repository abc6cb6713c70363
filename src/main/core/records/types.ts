import type { CrmObject, ParsedRecordListQuery } from '../../../shared/ipc/records.contract';

export type { CrmObject };
/** A `records:list` payload after the contract's schema filled in the defaults. */
export type ParsedListQuery = ParsedRecordListQuery;
