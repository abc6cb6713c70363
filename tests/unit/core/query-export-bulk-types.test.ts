/**
 * A Bulk API 2.0 export answers CSV, every value text. Written to XLSX or JSON, the FROM object's
 * number, currency, percent and checkbox fields are read back as numbers and booleans from its
 * schema (the console's, kept per org), so a sheet sums Amount; CSV stays as Bulk wrote it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/main/core/logger';
import { bulkValue, bulkValueKinds, createExportService, type ExportService } from '../../../src/main/core/query/export/export-service';
import type { OrgQueryApi } from '../../../src/main/core/query/org-api';
import type { QueryEstimate, QuerySchema } from '../../../src/shared/ipc/query.contract';
import { schemaField } from '../../fixtures/schema-field';

const field = schemaField;

const SCHEMA: QuerySchema = {
  objects: [{ name: 'Opportunity', label: 'Opportunity', cached: true }],
  object: {
    name: 'Opportunity',
    label: 'Opportunity',
    fields: [
      field('Id', 'id'),
      field('Name', 'string'),
      field('Amount', 'currency'),
      field('Probability', 'percent'),
      field('TotalOpportunityQuantity', 'double'),
      field('IsWon', 'boolean'),
      field('NextStep', 'string'),
    ],
    childRelationships: [],
    cachedFields: [],
  },
  source: 'cache',
};

const SOQL = 'SELECT Id, Name, Amount, Probability, TotalOpportunityQuantity, IsWon, NextStep, Account.Name FROM Opportunity';

/** As Bulk API 2.0 sends them: text, '' for null. */
const BULK_RECORDS: Array<Record<string, string>> = [
  {
    Id: '006A',
    Name: '0042',
    Amount: '1500000.0',
    Probability: '75',
    TotalOpportunityQuantity: '2.5',
    IsWon: 'true',
    NextStep: '12',
    'Account.Name': '99',
  },
  { Id: '006B', Name: 'Big deal', Amount: '', Probability: '0', TotalOpportunityQuantity: '', IsWon: 'false', NextStep: '', 'Account.Name': '' },
];

const ESTIMATE: QueryEstimate = { rows: 2, calls: 1, basis: 'count', estimateCalls: 1, needsConfirmation: false, bulkExport: true };

function fakeBulkApi(): OrgQueryApi {
  return {
    calls: 0,
    query: () => Promise.reject(new Error('REST is not used here')),
    more: () => Promise.reject(new Error('REST is not used here')),
    explain: () => Promise.reject(new Error('not used')),
    bulkStart: async () => '750000000000001AAA',
    bulkInfo: async () => ({ state: 'JobComplete', numberRecordsProcessed: 2, errorMessage: null }),
    bulkPage: async () => ({ records: BULK_RECORDS, locator: null }),
    bulkAbort: async () => undefined,
  };
}

let dataDir: string;
let service: ExportService;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atom-bulk-types-'));
  service = createExportService({
    dataDir,
    log: silentLogger,
    cacheRows: () => {
      throw new Error('the cache is not used here');
    },
    orgApi: async () => fakeBulkApi(),
    estimate: async () => ESTIMATE,
  });
});
afterEach(async () => {
  await service.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function exported(format: 'csv' | 'json' | 'xlsx', schema?: (object: string) => Promise<QuerySchema>): Promise<string> {
  const started = await service.start({ soql: SOQL, target: 'org', queryAll: false, format, confirmed: false, schema });
  expect(started.method).toBe('bulk');
  expect(await service.settled(started.exportId)).toMatchObject({ state: 'done', rows: 2 });
  return service.finished(started.exportId).file;
}

describe('a Bulk export’s values', () => {
  it('XLSX: number, currency, percent and checkbox fields as numbers and booleans; text and parent fields as text', async () => {
    const schema = vi.fn(async () => SCHEMA);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await exported('xlsx', schema));
    expect(schema).toHaveBeenCalledWith('Opportunity');
    const sheet = workbook.getWorksheet('Results')!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Id', 'Name', 'Amount', 'Probability', 'TotalOpportunityQuantity', 'IsWon', 'NextStep', 'Account.Name']);
    expect(values(2)).toEqual(['006A', '0042', 1500000, 75, 2.5, true, '12', '99']);
    // An empty value is an empty cell.
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.getRow(3).getCell(4).value).toBe(0);
    expect(sheet.getRow(3).getCell(6).value).toBe(false);
  });

  it('JSON: the same types', async () => {
    const rows = JSON.parse(readFileSync(await exported('json', async () => SCHEMA), 'utf8')) as unknown[];
    expect(rows).toEqual([
      { Id: '006A', Name: '0042', Amount: 1500000, Probability: 75, TotalOpportunityQuantity: 2.5, IsWon: true, NextStep: '12', 'Account.Name': '99' },
      { Id: '006B', Name: 'Big deal', Amount: null, Probability: 0, TotalOpportunityQuantity: null, IsWon: false, NextStep: null, 'Account.Name': null },
    ]);
  });

  it('CSV stays as Bulk wrote it, without reading the schema', async () => {
    const schema = vi.fn(async () => SCHEMA);
    const text = readFileSync(await exported('csv', schema), 'utf8');
    expect(text.split('\r\n')[1]).toBe('006A,0042,1500000.0,75,2.5,true,12,99');
    expect(schema).not.toHaveBeenCalled();
  });

  it('without a schema (unreadable offline), every value stays text', async () => {
    const rows = JSON.parse(readFileSync(await exported('json', () => Promise.reject(new Error('offline'))), 'utf8')) as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({ Amount: '1500000.0', Probability: '75', IsWon: 'true' });
  });

  it('reads back only what is plainly a number or a checkbox', () => {
    const kinds = bulkValueKinds(SCHEMA.object);
    expect(kinds.get('amount')).toBe('number');
    expect(kinds.get('iswon')).toBe('boolean');
    expect(kinds.has('name')).toBe(false);
    expect(bulkValue('', 'number')).toBeNull();
    expect(bulkValue('-12.50', 'number')).toBe(-12.5);
    expect(bulkValue('1.5E3', 'number')).toBe(1500);
    // FORMAT(Amount) answers under the field's name: formatted text stays text.
    expect(bulkValue('$1,500.00', 'number')).toBe('$1,500.00');
    // More digits than a double holds exactly: kept as written rather than rounded.
    expect(bulkValue('1234567890123456.78', 'number')).toBe('1234567890123456.78');
    expect(bulkValue('TRUE', 'boolean')).toBe('TRUE');
    expect(bulkValue('42', undefined)).toBe('42');
  });
});
