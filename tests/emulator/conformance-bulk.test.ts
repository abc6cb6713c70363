/**
 * Bulk API 2.0 ingest and query jobs, driven through jsforce's `bulk2` and through raw HTTP where
 * the exact wire shape matters (status codes, CSV bodies, Sforce-Locator headers).
 */
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/emulator/server/rest/csv';
import { dataPath, rawRequest, uniqueNames, useEmulatorSession, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;
let token: string;

const POLL = { pollInterval: 50, pollTimeout: 10_000 };

useEmulatorSession((session) => ({ emu, conn, token } = session));

const unique = uniqueNames();

async function createIngestJob(body: Record<string, unknown>, version = '62.0') {
  const response = await rawRequest(emu, 'POST', dataPath('/jobs/ingest', version), { token, body });
  expect(response.status).toBe(200);
  return response.json<Record<string, any>>();
}

/** PUT with a streamed body: fetch sends it chunked, with no Content-Length. */
async function uploadChunked(jobId: string, chunks: string[]) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  const response = await fetch(`${emu.url}${dataPath(`/jobs/ingest/${jobId}/batches`)}`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function closeJob(jobId: string) {
  const response = await rawRequest(emu, 'PATCH', dataPath(`/jobs/ingest/${jobId}`), { token, body: { state: 'UploadComplete' } });
  expect(response.status).toBe(200);
  return response.json<Record<string, any>>();
}

describe('ingest jobs through jsforce', () => {
  it('inserts records, with #N/A nulls and per-record failures', async () => {
    const names = [unique('Bulk'), unique('Bulk')];
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [
        { Name: names[0], NumberOfEmployees: 12, Description: null },
        { Name: null, NumberOfEmployees: 3 },
        { Name: names[1], NumberOfEmployees: 7 },
      ],
      ...POLL,
    });
    expect(results.successfulResults).toHaveLength(2);
    expect(results.successfulResults[0]).toMatchObject({
      sf__Id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/),
      sf__Created: 'true',
      Name: names[0],
      NumberOfEmployees: '12',
    });
    expect(results.failedResults).toEqual([
      {
        sf__Id: '',
        sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --',
        Name: '#N/A',
        NumberOfEmployees: '3',
        Description: '',
      },
    ]);
    expect(results.unprocessedRecords).toEqual([]);
    const stored = await conn.sobject('Account').retrieve(results.successfulResults[1].sf__Id, {
      fields: ['Name', 'NumberOfEmployees'],
    });
    expect([stored.Name, stored.NumberOfEmployees]).toEqual([names[1], 7]);
  });

  it('keeps quotes, delimiters and line breaks from a CSV string intact', async () => {
    const name = unique('Quoted');
    const csv = `Name,Description\n"${name}","He said ""hi"", then\nleft"\n`;
    const results = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: csv, ...POLL });
    expect(results.failedResults).toEqual([]);
    const stored = await conn.sobject('Account').retrieve(results.successfulResults[0].sf__Id, { fields: ['Description'] });
    expect(stored.Description).toBe('He said "hi", then\nleft');
  });

  it('updates, upserts by External_Id__c, deletes and hard-deletes', async () => {
    const keys = [unique('BK'), unique('BK')];
    const inserted = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'insert',
      input: [{ Name: 'Before', External_Id__c: keys[0] }],
      ...POLL,
    });
    const id = inserted.successfulResults[0].sf__Id;

    const updated = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'update',
      input: [
        { Id: id, Name: 'After update' },
        { Id: '001000000000000AAZ', Name: 'ghost' },
      ],
      ...POLL,
    });
    expect(updated.successfulResults).toEqual([{ sf__Id: id, sf__Created: 'false', Id: id, Name: 'After update' }]);
    expect(updated.failedResults).toHaveLength(1);
    expect(updated.failedResults[0].sf__Id).toBe('001000000000000AAZ');
    expect(updated.failedResults[0].sf__Error).toMatch(/^[A-Z_]+:.+:.* --$/);

    const upserted = await conn.bulk2.loadAndWaitForResults({
      object: 'Account',
      operation: 'upsert',
      externalIdFieldName: 'External_Id__c',
      input: [
        { External_Id__c: keys[0], Name: 'Upserted existing' },
        { External_Id__c: keys[1], Name: 'Upserted new' },
      ],
      ...POLL,
    });
    expect(upserted.successfulResults.map((r) => [(r as unknown as Record<string, string>).External_Id__c, r.sf__Created])).toEqual([
      [keys[0], 'false'],
      [keys[1], 'true'],
    ]);
    expect(upserted.successfulResults[0].sf__Id).toBe(id);
    const newId = upserted.successfulResults[1].sf__Id;

    const deleted = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'delete', input: [{ Id: id }], ...POLL });
    expect(deleted.successfulResults).toEqual([{ sf__Id: id, sf__Created: 'false', Id: id }]);
    const hard = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'hardDelete', input: [{ Id: newId }], ...POLL });
    expect(hard.successfulResults).toHaveLength(1);

    const soft = await conn.query(`SELECT Id, IsDeleted FROM Account WHERE Id IN ('${id}', '${newId}')`).scanAll(true);
    expect(soft.records.map((r: any) => [r.Id, r.IsDeleted])).toEqual([[id, true]]);
  });

  it('sets lookups through a relationship column by external ID', async () => {
    const key = unique('PARENT');
    await conn.sobject('Account').create({ Name: 'Parent by ext id', External_Id__c: key });
    const results = await conn.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: 'insert',
      input: `LastName,Account.External_Id__c\nChild,${key}\nOrphan,NO-SUCH-KEY\n`,
      ...POLL,
    });
    expect(results.successfulResults).toHaveLength(1);
    const child = await conn.sobject('Contact').retrieve(results.successfulResults[0].sf__Id, { fields: ['AccountId'] });
    const parent = await conn.query<{ Id: string }>(`SELECT Id FROM Account WHERE External_Id__c = '${key}'`);
    expect(child.AccountId).toBe(parent.records[0].Id);
    expect(results.failedResults[0].sf__Error).toMatch(/^INVALID_FIELD:Foreign key external ID: NO-SUCH-KEY not found/);
  });

  it('fails the whole job on an unknown column, and jsforce reports the message', async () => {
    await expect(conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: 'Name,Nope__c\nx,y\n', ...POLL })).rejects.toThrow(
      'Ingest job failed to complete due to: InvalidBatch : Field name not found : Nope__c',
    );
  });
});

describe('ingest jobs over raw HTTP', () => {
  it('follows the documented job lifecycle and shapes', async () => {
    const job = await createIngestJob({ object: 'Account', operation: 'insert', lineEnding: 'LF' });
    expect(job).toMatchObject({
      id: expect.stringMatching(/^750[A-Za-z0-9]{15}$/),
      operation: 'insert',
      object: 'Account',
      createdById: emu.demoUserId,
      state: 'Open',
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 62,
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
    });
    expect(job.contentUrl).toBe(`services/data/v62.0/jobs/ingest/${job.id}/batches`);

    const name = unique('Chunked');
    const upload = await uploadChunked(job.id, ['Name,Desc', 'ription\n"', name, '","a,b"\n']);
    expect(upload.status).toBe(201);
    expect(upload.text).toBe('');
    const second = await uploadChunked(job.id, ['Name\nx\n']);
    expect(second.status).toBe(400);
    expect(JSON.parse(second.text)[0].message).toMatch(/^Found multiple contents for job/);

    const closed = await closeJob(job.id);
    expect(closed.state).toBe('UploadComplete');
    const info = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${job.id}`), { token });
    expect(info.json()).toMatchObject({
      state: 'JobComplete',
      jobType: 'V2Ingest',
      numberRecordsProcessed: 1,
      numberRecordsFailed: 0,
      retries: 0,
    });

    const success = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${job.id}/successfulResults`), { token });
    expect(success.status).toBe(200);
    expect(success.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(success.text);
    expect(rows[0]).toEqual(['sf__Id', 'sf__Created', 'Name', 'Description']);
    expect(rows[1].slice(1)).toEqual(['true', name, 'a,b']);
    const failed = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${job.id}/failedResults`), { token });
    expect(failed.text).toBe('"sf__Id","sf__Error","Name","Description"\n');
    const unprocessed = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${job.id}/unprocessedrecords`), { token });
    expect(unprocessed.text).toBe('"Name","Description"\n');

    const list = await rawRequest(emu, 'GET', dataPath('/jobs/ingest'), { token });
    expect(list.json()).toMatchObject({ done: true, nextRecordsUrl: null });
    expect(list.json().records.map((r: any) => r.id)).toContain(job.id);

    const deleted = await rawRequest(emu, 'DELETE', dataPath(`/jobs/ingest/${job.id}`), { token });
    expect(deleted.status).toBe(204);
    const gone = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${job.id}`), { token });
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(gone.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('honours columnDelimiter and fails data whose line endings do not match', async () => {
    const pipe = await createIngestJob({ object: 'Account', operation: 'insert', columnDelimiter: 'PIPE', lineEnding: 'CRLF' });
    const name = unique('Pipe');
    expect((await uploadChunked(pipe.id, [`Name|Description\r\n${name}|"x|y"\r\n`])).status).toBe(201);
    await closeJob(pipe.id);
    const results = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${pipe.id}/successfulResults`), { token });
    expect(results.text.split('\r\n')[0]).toBe('"sf__Id"|"sf__Created"|"Name"|"Description"');
    expect(parseCsv(results.text, { delimiter: '|' })[1].slice(2)).toEqual([name, 'x|y']);

    const lf = await createIngestJob({ object: 'Account', operation: 'insert' });
    await uploadChunked(lf.id, ['Name\r\nCRLF data\r\n']);
    await closeJob(lf.id);
    const info = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${lf.id}`), { token });
    expect(info.json()).toMatchObject({
      state: 'Failed',
      errorMessage: 'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF',
    });
    const unprocessed = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${lf.id}/unprocessedrecords`), { token });
    expect(unprocessed.status).toBe(200);
  });

  it('aborts an open job and reports its data as unprocessed', async () => {
    const job = await createIngestJob({ object: 'Account', operation: 'insert' });
    await uploadChunked(job.id, ['Name\nNever inserted\n']);
    const aborted = await rawRequest(emu, 'PATCH', dataPath(`/jobs/ingest/${job.id}`), { token, body: { state: 'Aborted' } });
    expect(aborted.json().state).toBe('Aborted');
    const unprocessed = await rawRequest(emu, 'GET', dataPath(`/jobs/ingest/${job.id}/unprocessedrecords`), { token });
    expect(parseCsv(unprocessed.text)).toEqual([['Name'], ['Never inserted']]);
    const again = await rawRequest(emu, 'PATCH', dataPath(`/jobs/ingest/${job.id}`), { token, body: { state: 'UploadComplete' } });
    expect(again.status).toBe(409);
    expect(again.json()[0].errorCode).toBe('INVALIDJOBSTATE');
  });

  it('rejects bad job definitions with [{errorCode, message}]', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ object: 'Nope__c', operation: 'insert' }, 'INVALIDENTITY'],
      [{ object: 'Account', operation: 'merge' }, 'JSON_PARSER_ERROR'],
      [{ object: 'Account', operation: 'upsert' }, 'INVALIDJOB'],
      [{ object: 'Account', operation: 'insert', columnDelimiter: 'COLON' }, 'JSON_PARSER_ERROR'],
    ];
    for (const [body, code] of cases) {
      const response = await rawRequest(emu, 'POST', dataPath('/jobs/ingest'), { token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.json()[0]).toMatchObject({ errorCode: code, message: expect.any(String) });
    }
    const unauthorized = await rawRequest(emu, 'GET', dataPath('/jobs/ingest'), { token: 'bogus' });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.text).toContain('INVALID_SESSION_ID');
  });
});

describe('query jobs', () => {
  it('streams records through jsforce, relationship fields flattened', async () => {
    const expected = await conn.query<{ Id: string; LastName: string; Account: { Name: string } | null }>(
      'SELECT Id, LastName, Account.Name FROM Contact ORDER BY Id',
    );
    const stream = await conn.bulk2.query('SELECT Id, LastName, Account.Name FROM Contact ORDER BY Id', POLL);
    const records = (await stream.toArray()) as Array<Record<string, string>>;
    expect(records).toHaveLength(expected.totalSize);
    expect(Object.keys(records[0])).toEqual(['Id', 'LastName', 'Account.Name']);
    expect(records.map((r) => [r.Id, r.LastName, r['Account.Name']])).toEqual(expected.records.map((r) => [r.Id, r.LastName, r.Account?.Name ?? '']));
  });

  it('includes deleted rows for queryAll (scanAll)', async () => {
    const created = await conn.sobject('Account').create({ Name: unique('QueryAll') });
    await conn.sobject('Account').destroy(created.id as string);
    const soql = `SELECT Id, IsDeleted FROM Account WHERE Id = '${created.id}'`;
    expect(await (await conn.bulk2.query(soql, POLL)).toArray()).toEqual([]);
    const all = await (await conn.bulk2.query(soql, { ...POLL, scanAll: true })).toArray();
    expect(all).toEqual([{ Id: created.id, IsDeleted: 'true' }]);
  });

  it('pages with maxRecords: Sforce-Locator on every page, null on the last', async () => {
    const total = (await conn.query('SELECT COUNT() FROM Account')).totalSize;
    const created = await rawRequest(emu, 'POST', dataPath('/jobs/query'), {
      token,
      body: { operation: 'query', query: 'SELECT Id, Name FROM Account' },
    });
    expect(created.status).toBe(200);
    const job = created.json();
    expect(job).toMatchObject({ operation: 'query', object: 'Account', state: 'UploadComplete', jobType: 'V2Query', apiVersion: 62 });
    const info = await rawRequest(emu, 'GET', dataPath(`/jobs/query/${job.id}`), { token });
    expect(info.json().state).toBe('JobComplete');

    const pageSize = Math.ceil(total / 3);
    const ids: string[] = [];
    const locators: string[] = [];
    let locator: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const query = `maxRecords=${pageSize}${locator ? `&locator=${locator}` : ''}`;
      const response = await rawRequest(emu, 'GET', dataPath(`/jobs/query/${job.id}/results?${query}`), { token });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = parseCsv(response.text);
      expect(rows[0]).toEqual(['Id', 'Name']);
      expect(response.headers.get('sforce-numberofrecords')).toBe(String(rows.length - 1));
      ids.push(...rows.slice(1).map((r) => r[0]));
      locator = response.headers.get('sforce-locator');
      expect(locator).not.toBeNull();
      locators.push(locator as string);
      if (locator === 'null') break;
    }
    expect(locators.at(-1)).toBe('null');
    expect(locators.length).toBe(Math.ceil(total / pageSize));
    expect(new Set(ids).size).toBe(total);

    const otherVersion = await rawRequest(emu, 'GET', dataPath(`/jobs/query/${job.id}/results`, '61.0'), { token });
    expect(otherVersion.status).toBe(409);
    const deleted = await rawRequest(emu, 'DELETE', dataPath(`/jobs/query/${job.id}`), { token });
    expect(deleted.status).toBe(204);
  });

  it('rejects what Bulk API 2.0 rejects when the job is created', async () => {
    for (const soql of ['SELECT COUNT(Id) FROM Account', 'SELECT Nope__c FROM Account', 'SELECT Id FROM']) {
      const response = await rawRequest(emu, 'POST', dataPath('/jobs/query'), { token, body: { operation: 'query', query: soql } });
      expect(response.status, soql).toBe(400);
      expect(response.json()[0]).toMatchObject({ errorCode: expect.any(String), message: expect.any(String) });
    }
    await expect(conn.bulk2.query('SELECT Nope__c FROM Account', POLL)).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
  });

  it('aborts before the first read, then refuses results with JOB_NOT_COMPLETE', async () => {
    const created = await rawRequest(emu, 'POST', dataPath('/jobs/query'), {
      token,
      body: { operation: 'query', query: 'SELECT Id FROM Account' },
    });
    const id = created.json().id;
    const aborted = await rawRequest(emu, 'PATCH', dataPath(`/jobs/query/${id}`), { token, body: { state: 'Aborted' } });
    expect(aborted.json().state).toBe('Aborted');
    const results = await rawRequest(emu, 'GET', dataPath(`/jobs/query/${id}/results`), { token });
    expect(results.status).toBe(412);
    expect(results.json()[0]).toMatchObject({ errorCode: 'JOB_NOT_COMPLETE' });
  });
});
