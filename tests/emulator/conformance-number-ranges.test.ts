/**
 * Number ranges over REST, as Salesforce enforces them: a number/currency/percent field holds
 * `precision - scale` digits before the point, and a value past that is refused with
 * NUMBER_OUTSIDE_VALID_RANGE naming the field (the record is unchanged); digits past the scale are
 * rounded away. The app's own form is stricter (percents 0–100, no silent rounding): see
 * tests/unit/shared/record-validation.test.ts.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

let emu: RunningEmulator;
let conn: Connection;
let token: string;

beforeAll(async () => {
  emu = await startTestEmulator({ scale: 10 });
  conn = await connect(emu);
  token = conn.accessToken!;
});
afterAll(async () => {
  await emu?.close();
});

const api = (method: string, path: string, body?: unknown) => rawRequest(emu, method, dataPath(path), { token, body });

async function anOpportunity(): Promise<{ Id: string; Probability: number | null; Amount: number | null }> {
  const result = await conn.query<{ Id: string; Probability: number | null; Amount: number | null }>(
    'SELECT Id, Probability, Amount FROM Opportunity WHERE IsClosed = false LIMIT 1',
  );
  return result.records[0];
}

describe('numbers past their precision', () => {
  it('refuses a Probability (precision 3, scale 0) of 1000 with NUMBER_OUTSIDE_VALID_RANGE and keeps the record', async () => {
    const before = await anOpportunity();
    const res = await api('PATCH', `/sobjects/Opportunity/${before.Id}`, { Probability: 1000 });
    expect(res.status).toBe(400);
    const [error] = res.json() as Array<{ errorCode: string; message: string; fields: string[] }>;
    expect(error.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(error.fields).toEqual(['Probability']);
    expect(error.message).toMatch(/value outside of valid range on numeric field: 1000/);
    expect((await anOpportunity()).Probability).toBe(before.Probability);
  });

  it('refuses an Amount (precision 18, scale 2) with 17 digits before the point', async () => {
    const before = await anOpportunity();
    const res = await api('PATCH', `/sobjects/Opportunity/${before.Id}`, { Amount: 1e16 });
    expect(res.status).toBe(400);
    expect((res.json() as Array<{ errorCode: string; fields: string[] }>)[0]).toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
      fields: ['Amount'],
    });
  });

  it('accepts the largest value that fits and rounds digits past the scale', async () => {
    const { Id } = await anOpportunity();
    expect((await api('PATCH', `/sobjects/Opportunity/${Id}`, { Probability: 999 })).status).toBe(204);
    expect((await api('PATCH', `/sobjects/Opportunity/${Id}`, { Amount: 1234.567 })).status).toBe(204);
    const after = await conn.sobject('Opportunity').retrieve(Id);
    expect(after.Probability).toBe(999);
    expect(after.Amount).toBe(1234.57);
  });
});
