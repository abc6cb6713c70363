/**
 * Composite, Composite Batch, sObject Tree and sObject Collections, driven through the real
 * jsforce client (arrays go to sObject Collections from v42) and through raw HTTP where the exact
 * wire shape matters.
 */
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { dataPath, rawRequest, uniqueNames, useEmulatorSession, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;
let token: string;

useEmulatorSession((session) => ({ emu, conn, token } = session));

const unique = uniqueNames();

async function countAccountsNamed(name: string): Promise<number> {
  const result = await conn.query(`SELECT COUNT() FROM Account WHERE Name = '${name}'`);
  return result.totalSize;
}

type SaveResult = { id?: string; success: boolean; errors: Array<Record<string, unknown>>; created?: boolean };

describe('sObject Collections through jsforce', () => {
  it('creates records in request order, with per-item errors that use statusCode', async () => {
    const names = [unique('Coll'), unique('Coll')];
    const results = (await conn.sobject('Account').create([{ Name: names[0] }, { Name: '' }, { Name: names[1] }])) as SaveResult[];
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual({ id: expect.stringMatching(/^001[A-Za-z0-9]{15}$/), success: true, errors: [] });
    expect(results[1].success).toBe(false);
    expect(results[1].id).toBeUndefined();
    expect(results[1].errors).toEqual([{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }]);
    expect(results[2].success).toBe(true);
    const stored = await conn.sobject('Account').retrieve(results[2].id as string);
    expect(stored.Name).toBe(names[1]);
  });

  it('rolls everything back under allOrNone and marks the untouched records', async () => {
    const name = unique('AllOrNone');
    const results = (await conn.sobject('Account').create([{ Name: name }, { Name: '' }, { Name: name }], { allOrNone: true })) as SaveResult[];
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results[0].errors[0]).toEqual({
      statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
      fields: [],
    });
    expect(results[1].errors[0].statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(results[2].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(await countAccountsNamed(name)).toBe(0);
  });

  it('updates with the lowercase id jsforce sends, and with Id', async () => {
    const created = (await conn.sobject('Account').create([{ Name: unique('Upd') }, { Name: unique('Upd') }])) as SaveResult[];
    const ids = created.map((r) => r.id as string);
    const results = (await conn.sobject('Account').update([
      { Id: ids[0], Name: 'Renamed by jsforce' },
      { Id: ids[1], NumberOfEmployees: 42 },
    ])) as SaveResult[];
    expect(results).toEqual([
      { id: ids[0], success: true, errors: [] },
      { id: ids[1], success: true, errors: [] },
    ]);
    const raw = await rawRequest(emu, 'PATCH', dataPath('/composite/sobjects'), {
      token,
      body: { records: [{ attributes: { type: 'Account' }, Id: ids[1], Name: 'Renamed raw' }] },
    });
    expect(raw.status).toBe(200);
    expect(raw.json()).toEqual([{ id: ids[1], success: true, errors: [] }]);
    const rows = await conn.sobject('Account').retrieve(ids, { fields: ['Name', 'NumberOfEmployees'] });
    expect(rows.map((r: any) => [r.Name, r.NumberOfEmployees])).toEqual([
      ['Renamed by jsforce', null],
      ['Renamed raw', 42],
    ]);
  });

  it('reports a missing id and an id of the wrong type per item', async () => {
    const contact = (await conn.sobject('Contact').create([{ LastName: unique('Wrong') }])) as SaveResult[];
    const raw = await rawRequest(emu, 'PATCH', dataPath('/composite/sobjects'), {
      token,
      body: {
        records: [
          { attributes: { type: 'Account' }, Name: 'no id' },
          { attributes: { type: 'Account' }, id: contact[0].id, Name: 'contact id' },
        ],
      },
    });
    expect(raw.status).toBe(200);
    const body = raw.json<SaveResult[]>();
    expect(body[0].errors[0].statusCode).toBe('MISSING_ARGUMENT');
    expect(body[1]).toEqual({
      success: false,
      errors: [
        {
          statusCode: 'MALFORMED_ID',
          message: `Account ID: id value of incorrect type: ${contact[0].id}`,
          fields: ['Id'],
        },
      ],
    });
  });

  it('upserts by external ID with created flags (v46+)', async () => {
    const keyA = unique('EXT');
    const keyB = unique('EXT');
    await conn.sobject('Account').create({ Name: 'Before upsert', External_Id__c: keyA });
    const results = (await conn.sobject('Account').upsert(
      [
        { Name: 'Upserted A', External_Id__c: keyA },
        { Name: 'Upserted B', External_Id__c: keyB },
      ],
      'External_Id__c',
    )) as SaveResult[];
    expect(results.map((r) => [r.success, r.created])).toEqual([
      [true, false],
      [true, true],
    ]);
    const rows = await conn.query<{ Name: string; External_Id__c: string }>(
      `SELECT Name, External_Id__c FROM Account WHERE External_Id__c IN ('${keyA}', '${keyB}') ORDER BY External_Id__c`,
    );
    expect(rows.records.map((r) => r.Name).sort()).toEqual(['Upserted A', 'Upserted B']);
  });

  it('refuses upsert below v46 and an upsert field that is not an external ID', async () => {
    const old = await rawRequest(emu, 'PATCH', dataPath('/composite/sobjects/Account/External_Id__c', '45.0'), {
      token,
      body: { records: [] },
    });
    expect(old.status).toBe(404);
    expect(old.json()[0].errorCode).toBe('NOT_FOUND');
    const notExternal = await rawRequest(emu, 'PATCH', dataPath('/composite/sobjects/Account/Phone'), {
      token,
      body: { records: [{ attributes: { type: 'Account' }, Name: 'x' }] },
    });
    expect(notExternal.status).toBe(400);
    expect(notExternal.json()[0].errorCode).toBe('INVALID_FIELD');
  });

  it('deletes by ids, and under allOrNone deletes nothing when one id is bad', async () => {
    const created = (await conn.sobject('Account').create([{ Name: unique('Del') }, { Name: unique('Del') }])) as SaveResult[];
    const ids = created.map((r) => r.id as string);
    const guarded = (await conn.sobject('Account').destroy([ids[0], '001000000000000AAZ'], { allOrNone: true })) as SaveResult[];
    expect(guarded[0]).toMatchObject({ id: ids[0], success: false });
    expect(guarded[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(guarded[1].success).toBe(false);
    expect((await conn.sobject('Account').retrieve([ids[0]], { fields: ['Id'] }))[0]).not.toBeNull();

    const results = (await conn.sobject('Account').destroy(ids)) as SaveResult[];
    expect(results).toEqual(ids.map((id) => ({ id, success: true, errors: [] })));
    const again = (await conn.sobject('Account').destroy([ids[0]])) as SaveResult[];
    expect(again[0].success).toBe(false);
    expect(again[0].errors[0].statusCode).toBe('ENTITY_IS_DELETED');
  });

  it('retrieves many records with null for missing ones (POST and GET forms)', async () => {
    const created = (await conn.sobject('Account').create([{ Name: unique('Ret') }])) as SaveResult[];
    const id = created[0].id as string;
    const viaJsforce = await conn.sobject('Account').retrieve([id, '001000000000000AAZ'], { fields: ['Name'] });
    expect(viaJsforce).toEqual([
      {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` },
        Name: expect.stringMatching(/^Ret-/),
        Id: id,
      },
      null,
    ]);
    const viaGet = await rawRequest(emu, 'GET', dataPath(`/composite/sobjects/Account?ids=${id},bogus&fields=id,name`), { token });
    expect(viaGet.status).toBe(200);
    expect(viaGet.json()).toEqual([
      { attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` }, Id: id, Name: viaJsforce[0].Name },
      null,
    ]);
    const badField = await rawRequest(emu, 'POST', dataPath('/composite/sobjects/Account'), {
      token,
      body: { ids: [id], fields: ['Nope__c'] },
    });
    expect(badField.status).toBe(400);
    expect(badField.json()[0].errorCode).toBe('INVALID_FIELD');
  });

  it('refuses more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ Name: `Too many ${i}` }));
    await expect(conn.sobject('Account').create(records)).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
    const raw = await rawRequest(emu, 'DELETE', dataPath(`/composite/sobjects?ids=${Array(201).fill('001000000000000AAZ').join(',')}`), { token });
    expect(raw.status).toBe(400);
    expect(raw.json()).toEqual([{ message: 'record limit reached. cannot submit more than 200 records into this call', errorCode: 'EXCEEDED_ID_LIMIT' }]);
  });

  it('reports a record without attributes.type as a per-item error', async () => {
    const name = unique('Typed');
    const raw = await rawRequest(emu, 'POST', dataPath('/composite/sobjects'), {
      token,
      body: { records: [{ Name: 'untyped' }, { attributes: { type: 'Nope__c' }, Name: 'x' }, { attributes: { type: 'Account' }, Name: name }] },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const body = raw.json<SaveResult[]>();
    expect(body[0]).toEqual({
      success: false,
      errors: [{ statusCode: 'INVALID_TYPE', message: 'Must send a concrete entity type.', fields: [] }],
    });
    expect(body[1].errors[0].statusCode).toBe('INVALID_TYPE');
    expect(body[2].success).toBe(true);
    for (const item of body) for (const error of item.errors) expect(error).not.toHaveProperty('errorCode');
  });

  it('is not served before v42', async () => {
    const raw = await rawRequest(emu, 'POST', dataPath('/composite/sobjects', '41.0'), {
      token,
      body: { records: [{ attributes: { type: 'Account' }, Name: 'x' }] },
    });
    expect(raw.status).toBe(404);
  });
});

describe('POST /composite', () => {
  const v = '/services/data/v62.0';

  it('runs dependent subrequests with @{ref.field} and nested @{ref.records[0].Id}', async () => {
    const name = unique('Composite');
    const result = await conn.requestPost<any>('/composite', {
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'newAccount', body: { Name: name } },
        {
          method: 'POST',
          url: `${v}/sobjects/Contact`,
          referenceId: 'newContact',
          body: { LastName: 'Ref', AccountId: '@{newAccount.id}' },
        },
        {
          method: 'GET',
          // References are written raw inside the (otherwise encoded) URL, as Salesforce expects.
          url: `${v}/query?q=${encodeURIComponent('SELECT Id, Name FROM Account WHERE Id = ')}'@{newAccount.id}'`,
          referenceId: 'lookup',
        },
        {
          method: 'PATCH',
          url: `${v}/sobjects/Account/@{lookup.records[0].Id}`,
          referenceId: 'rename',
          body: { Description: 'named @{lookup.records[0].Name}' },
        },
      ],
    });
    const [account, contact, lookup, rename] = result.compositeResponse;
    expect(account).toEqual({
      body: { id: expect.stringMatching(/^001/), success: true, errors: [] },
      httpHeaders: { Location: `${v}/sobjects/Account/${account.body.id}` },
      httpStatusCode: 201,
      referenceId: 'newAccount',
    });
    expect(contact.httpStatusCode).toBe(201);
    expect(lookup.httpStatusCode).toBe(200);
    expect(lookup.body.records[0].Id).toBe(account.body.id);
    expect(rename).toMatchObject({ httpStatusCode: 204, referenceId: 'rename' });
    const stored = await conn.sobject('Contact').retrieve(contact.body.id as string);
    expect(stored.AccountId).toBe(account.body.id);
    const renamed = await conn.sobject('Account').retrieve(account.body.id as string);
    expect(renamed.Description).toBe(`named ${name}`);
  });

  it('rolls back everything under allOrNone; the others report PROCESSING_HALTED', async () => {
    const name = unique('Halted');
    const result = await conn.requestPost<any>('/composite', {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'ok', body: { Name: name } },
        { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'bad', body: { FirstName: 'No last name' } },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'never', body: { Name: name } },
      ],
    });
    const [ok, bad, never] = result.compositeResponse;
    const halted = [
      {
        errorCode: 'PROCESSING_HALTED',
        message: 'The transaction was rolled back since another operation in the same transaction failed.',
      },
    ];
    expect(ok).toEqual({ body: halted, httpHeaders: {}, httpStatusCode: 400, referenceId: 'ok' });
    expect(bad.httpStatusCode).toBe(400);
    expect(bad.body[0].errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect(never).toEqual({ body: halted, httpHeaders: {}, httpStatusCode: 400, referenceId: 'never' });
    expect(await countAccountsNamed(name)).toBe(0);
  });

  it('without allOrNone, fails only the subrequests that depend on a failure', async () => {
    const name = unique('Partial');
    const result = await conn.requestPost<any>('/composite', {
      allOrNone: false,
      compositeRequest: [
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'badAccount', body: { Name: '' } },
        { method: 'POST', url: `${v}/sobjects/Contact`, referenceId: 'dependent', body: { LastName: 'X', AccountId: '@{badAccount.id}' } },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'independent', body: { Name: name } },
      ],
    });
    const [badAccount, dependent, independent] = result.compositeResponse;
    expect(badAccount.httpStatusCode).toBe(400);
    expect(dependent).toEqual({
      body: [{ errorCode: 'PROCESSING_HALTED', message: 'Invalid reference specified. No value for badAccount.id found in badAccount.' }],
      httpHeaders: {},
      httpStatusCode: 400,
      referenceId: 'dependent',
    });
    expect(independent.httpStatusCode).toBe(201);
    expect(await countAccountsNamed(name)).toBe(1);
  });

  it('resolves a reference to a null field from v52 on, and halts on it before', async () => {
    const source = await conn.sobject('Contact').create({ LastName: unique('NullRef') });
    const request = (version: string) => ({
      compositeRequest: [
        {
          method: 'GET',
          url: `/services/data/v${version}/sobjects/Contact/${source.id}?fields=FirstName,LastName`,
          referenceId: 'refContact',
        },
        {
          method: 'POST',
          url: `/services/data/v${version}/sobjects/Contact`,
          referenceId: 'newContact',
          body: { FirstName: '@{refContact.FirstName}', LastName: '@{refContact.LastName}' },
        },
      ],
    });
    const current = await rawRequest(emu, 'POST', dataPath('/composite', '52.0'), { token, body: request('52.0') });
    expect(current.json().compositeResponse[1].httpStatusCode).toBe(201);
    const old = await rawRequest(emu, 'POST', dataPath('/composite', '51.0'), { token, body: request('51.0') });
    expect(old.json().compositeResponse[1]).toMatchObject({
      httpStatusCode: 400,
      body: [{ errorCode: 'PROCESSING_HALTED', message: 'Invalid reference specified. No value for refContact.FirstName found in refContact.' }],
    });
  });

  it('applies its allOrNone to sObject Collections subrequests', async () => {
    const name = unique('Nested');
    const result = await conn.requestPost<any>('/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: `${v}/composite/sobjects`,
          referenceId: 'accounts',
          body: {
            allOrNone: false,
            records: [
              { attributes: { type: 'Account' }, Name: name },
              { attributes: { type: 'Account' }, Name: '' },
            ],
          },
        },
        { method: 'POST', url: `${v}/sobjects/Account`, referenceId: 'after', body: { Name: name } },
      ],
    });
    const [accounts, after] = result.compositeResponse;
    expect(accounts.httpStatusCode).toBe(200);
    expect(accounts.body[0].errors[0].statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(after.body[0].errorCode).toBe('PROCESSING_HALTED');
    expect(await countAccountsNamed(name)).toBe(0);
  });

  it('validates the request as a whole', async () => {
    const tooMany = Array.from({ length: 26 }, (_, i) => ({ method: 'GET', url: `${v}/limits`, referenceId: `r${i}` }));
    const raw = await rawRequest(emu, 'POST', dataPath('/composite'), { token, body: { compositeRequest: tooMany } });
    expect(raw.status).toBe(400);
    expect(raw.json()[0]).toHaveProperty('errorCode');
    const badRef = await rawRequest(emu, 'POST', dataPath('/composite'), {
      token,
      body: { compositeRequest: [{ method: 'GET', url: `${v}/limits`, referenceId: 'bad[1]' }] },
    });
    expect(badRef.status).toBe(400);
    expect(badRef.json()).toEqual([
      {
        message: "Provided referenceId ('bad[1]') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').",
        errorCode: 'JSON_PARSER_ERROR',
      },
    ]);
    const badJson = await rawRequest(emu, 'POST', dataPath('/composite'), { token, body: '{"compositeRequest": [' });
    expect(badJson.status).toBe(400);
    expect(badJson.json()[0].errorCode).toBe('JSON_PARSER_ERROR');
  });
});

describe('POST /composite/batch', () => {
  it('runs independent subrequests and reports hasErrors', async () => {
    const created = await conn.sobject('Account').create({ Name: unique('Batch') });
    const result = await conn.requestPost<any>('/composite/batch', {
      batchRequests: [
        { method: 'PATCH', url: `v62.0/sobjects/Account/${created.id}`, richInput: { Name: 'Batch renamed' } },
        { method: 'GET', url: `v62.0/sobjects/Account/${created.id}?fields=Name` },
        { method: 'GET', url: 'v62.0/sobjects/Nope__c/describe' },
      ],
    });
    expect(result.hasErrors).toBe(true);
    expect(result.results[0]).toEqual({ statusCode: 204, result: null });
    expect(result.results[1].statusCode).toBe(200);
    expect(result.results[1].result.Name).toBe('Batch renamed');
    expect(result.results[2].statusCode).toBe(404);
    expect(result.results[2].result[0].errorCode).toBe('NOT_FOUND');
  });

  it('halts after the first failure with haltOnError', async () => {
    const result = await conn.requestPost<any>('/composite/batch', {
      haltOnError: true,
      batchRequests: [
        { method: 'GET', url: 'v62.0/sobjects/Nope__c/describe' },
        { method: 'GET', url: 'v62.0/limits' },
      ],
    });
    expect(result.hasErrors).toBe(true);
    expect(result.results[1]).toEqual({
      statusCode: 412,
      result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }],
    });
  });

  it('refuses subrequests for a newer version than the batch', async () => {
    const raw = await rawRequest(emu, 'POST', dataPath('/composite/batch', '50.0'), {
      token,
      body: { batchRequests: [{ method: 'GET', url: 'v62.0/limits' }] },
    });
    expect(raw.status).toBe(400);
  });
});

describe('POST /composite/tree/{T}', () => {
  it('creates nested records level by level', async () => {
    const name = unique('Tree');
    const result = await conn.requestPost<any>('/composite/tree/Account', {
      records: [
        {
          attributes: { type: 'Account', referenceId: 'ref1' },
          Name: name,
          Contacts: {
            records: [
              { attributes: { type: 'Contact', referenceId: 'ref2' }, LastName: 'Smith' },
              { attributes: { type: 'Contact', referenceId: 'ref3' }, LastName: 'Evans' },
            ],
          },
        },
        { attributes: { type: 'Account', referenceId: 'ref4' }, Name: `${name}-2` },
      ],
    });
    expect(result.hasErrors).toBe(false);
    expect(result.results.map((r: any) => r.referenceId)).toEqual(['ref1', 'ref4', 'ref2', 'ref3']);
    const accountId = result.results[0].id;
    const contacts = await conn.query(`SELECT LastName FROM Contact WHERE AccountId = '${accountId}' ORDER BY LastName`);
    expect(contacts.records.map((r: any) => r.LastName)).toEqual(['Evans', 'Smith']);
  });

  it('creates nothing when one record fails', async () => {
    const name = unique('TreeFail');
    const raw = await rawRequest(emu, 'POST', dataPath('/composite/tree/Account'), {
      token,
      body: {
        records: [
          {
            attributes: { type: 'Account', referenceId: 'a1' },
            Name: name,
            Contacts: { records: [{ attributes: { type: 'Contact', referenceId: 'c1' }, FirstName: 'No last name' }] },
          },
        ],
      },
    });
    expect(raw.status).toBe(400);
    expect(raw.json()).toEqual({
      hasErrors: true,
      results: [
        {
          referenceId: 'c1',
          errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }],
        },
      ],
    });
    expect(await countAccountsNamed(name)).toBe(0);
  });
});
