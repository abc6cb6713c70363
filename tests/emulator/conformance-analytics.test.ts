/**
 * What pipeline analytics rely on, over HTTP with jsforce: the org's fiscal year (FISCAL date
 * literals and functions, Opportunity.FiscalYear/FiscalQuarter) with an April and a January
 * start, OpportunityHistory written by every write path, OpportunityStage and LeadStatus, the
 * aggregate queries an app checks its own figures against (compared here with the same figures
 * computed from plain record queries), and multi-currency orgs against single-currency ones.
 */
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPPORTUNITY_STAGES, LEAD_STATUSES } from '../../src/emulator/org/schema';
import { startEmulator } from '../../src/emulator/index';
import { connect, dataPath, rawRequest, startTestEmulator, type RunningEmulator } from './helpers';

/** A Friday; every request moves the org clock on by a few milliseconds, so writes are ordered. */
const BASE = Date.parse('2026-05-15T16:00:00.000Z');
const TODAY = '2026-05-15';
function advancingClock(): () => Date {
  let ms = BASE;
  return () => new Date((ms += 7));
}

interface Org {
  emu: RunningEmulator;
  conn: Connection;
  token: string;
}
let april: Org;
let january: Org;
let multi: Org;

async function start(options: Parameters<typeof startTestEmulator>[0]): Promise<Org> {
  const emu = await startTestEmulator({ seed: 11, scale: 60, now: advancingClock(), ...options });
  const conn = await connect(emu);
  return { emu, conn, token: conn.accessToken! };
}

beforeAll(async () => {
  april = await start({ fiscalYearStartMonth: 4 });
  january = await start({});
  multi = await start({ currencies: ['USD', 'EUR', 'GBP'], scale: 40 });
}, 60_000);
afterAll(async () => {
  await Promise.all([april, january, multi].map((o) => o?.emu.close()));
});

type Row = Record<string, any>;
async function all(org: Org, soql: string): Promise<Row[]> {
  const result = await org.conn.query<Row>(soql, { autoFetch: true, maxFetch: 1_000_000 });
  return result.records;
}
const withoutAttributes = (r: Row) => Object.fromEntries(Object.entries(r).filter(([key]) => key !== 'attributes'));
const ids = (rows: Row[]) => rows.map((r) => r.Id as string).sort();
const inRange = (date: string, [from, to]: readonly [string, string]) => date >= from && date < to;
const round2 = (n: number) => Math.round(n * 100) / 100;
/** SUM() skips nulls, and is null when there is nothing to add. */
function sumOf(rows: Row[], f: string): number | null {
  const values = rows.map((r) => r[f]).filter((v): v is number => typeof v === 'number');
  return values.length ? round2(values.reduce((s, v) => s + v, 0)) : null;
}

describe('fiscal year starting in April', () => {
  it('is on the Organization, read-only', async () => {
    const [org] = await all(april, 'SELECT FiscalYearStartMonth, UsesStartDateAsFiscalYearName FROM Organization');
    expect(org).toMatchObject({ FiscalYearStartMonth: 4, UsesStartDateAsFiscalYearName: false });
    const describe = await april.conn.sobject('Organization').describe();
    const field = describe.fields.find((f) => f.name === 'FiscalYearStartMonth');
    expect(field).toMatchObject({ type: 'int', createable: false, updateable: false });
  });

  // The org clock says 2026-05-15: fiscal year 2027 runs from April 2026 to March 2027.
  const RANGES: ReadonlyArray<readonly [string, readonly [string, string]]> = [
    ['THIS_FISCAL_QUARTER', ['2026-04-01', '2026-07-01']],
    ['LAST_FISCAL_QUARTER', ['2026-01-01', '2026-04-01']],
    ['NEXT_FISCAL_QUARTER', ['2026-07-01', '2026-10-01']],
    ['THIS_FISCAL_YEAR', ['2026-04-01', '2027-04-01']],
    ['LAST_FISCAL_YEAR', ['2025-04-01', '2026-04-01']],
    ['NEXT_FISCAL_YEAR', ['2027-04-01', '2028-04-01']],
    ['LAST_N_FISCAL_QUARTERS:2', ['2025-10-01', '2026-04-01']],
    ['NEXT_N_FISCAL_QUARTERS:2', ['2026-07-01', '2027-01-01']],
    ['N_FISCAL_QUARTERS_AGO:2', ['2025-10-01', '2026-01-01']],
    ['LAST_N_FISCAL_YEARS:2', ['2024-04-01', '2026-04-01']],
    ['NEXT_N_FISCAL_YEARS:1', ['2027-04-01', '2028-04-01']],
    ['N_FISCAL_YEARS_AGO:1', ['2025-04-01', '2026-04-01']],
  ];

  it('FISCAL date literals cover the fiscal quarters and years, on date and datetime fields', async () => {
    const opportunities = await all(april, 'SELECT Id, CloseDate, CreatedDate FROM Opportunity');
    for (const [literal, range] of RANGES) {
      const expected = ids(opportunities.filter((o) => inRange(o.CloseDate, range)));
      expect(ids(await all(april, `SELECT Id FROM Opportunity WHERE CloseDate = ${literal}`)), literal).toEqual(expected);
      const created = ids(opportunities.filter((o) => inRange(o.CreatedDate.slice(0, 10), range)));
      expect(ids(await all(april, `SELECT Id FROM Opportunity WHERE CreatedDate = ${literal}`)), literal).toEqual(created);
    }
    // Not the calendar year: the data has deals on both sides of the difference.
    const thisYear = ids(await all(april, 'SELECT Id FROM Opportunity WHERE CloseDate = THIS_YEAR'));
    const thisFiscalYear = ids(await all(april, 'SELECT Id FROM Opportunity WHERE CloseDate = THIS_FISCAL_YEAR'));
    expect(thisFiscalYear.length).toBeGreaterThan(0);
    expect(thisFiscalYear).not.toEqual(thisYear);
    // Ranges compare on their edges.
    expect(ids(await all(april, 'SELECT Id FROM Opportunity WHERE CloseDate < THIS_FISCAL_YEAR'))).toEqual(
      ids(opportunities.filter((o) => o.CloseDate < '2026-04-01')),
    );
  });

  it('FISCAL_YEAR(), FISCAL_QUARTER() and FISCAL_MONTH() follow the start month in SELECT, GROUP BY and WHERE', async () => {
    const opportunities = await all(april, 'SELECT Id, CloseDate, FiscalYear, FiscalQuarter, Fiscal FROM Opportunity');
    const expected = new Map<string, number>();
    for (const o of opportunities) {
      const [y, m] = [Number(o.CloseDate.slice(0, 4)), Number(o.CloseDate.slice(5, 7))];
      const fy = m >= 4 ? y + 1 : y;
      const fq = Math.floor(((m - 4 + 12) % 12) / 3) + 1;
      // The derived fields agree with the functions.
      expect([o.FiscalYear, o.FiscalQuarter, o.Fiscal], o.CloseDate).toEqual([fy, fq, `${fy} ${fq}`]);
      expected.set(`${fy}/${fq}`, (expected.get(`${fy}/${fq}`) ?? 0) + 1);
    }
    const grouped = await all(
      april,
      'SELECT FISCAL_YEAR(CloseDate) fy, FISCAL_QUARTER(CloseDate) fq, COUNT(Id) n FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate)',
    );
    expect(new Map(grouped.map((g) => [`${g.fy}/${g.fq}`, g.n]))).toEqual(expected);
    const fy2026 = opportunities.filter((o) => o.FiscalYear === 2026);
    expect(ids(await all(april, 'SELECT Id FROM Opportunity WHERE FISCAL_YEAR(CloseDate) = 2026'))).toEqual(ids(fy2026));
    // The last and first days of a fiscal year, on a deal written for the purpose.
    const edges = await april.conn.sobject('Opportunity').create([
      { Name: 'FY edge 1', StageName: 'Prospecting', CloseDate: '2026-03-31' },
      { Name: 'FY edge 2', StageName: 'Prospecting', CloseDate: '2026-04-01' },
    ]);
    const edgeIds = edges.map((e) => `'${e.id}'`).join(', ');
    const functions = await all(
      april,
      `SELECT CloseDate, FISCAL_YEAR(CloseDate) y, FISCAL_QUARTER(CloseDate) q, FISCAL_MONTH(CloseDate) m FROM Opportunity WHERE Id IN (${edgeIds}) GROUP BY CloseDate, FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate), FISCAL_MONTH(CloseDate) ORDER BY CloseDate`,
    );
    expect(functions.map(({ CloseDate, y, q, m }) => [CloseDate, y, q, m])).toEqual([
      ['2026-03-31', 2026, 4, 12],
      ['2026-04-01', 2027, 1, 1],
    ]);
  });

  it('the pipeline-by-stage query of the current fiscal quarter equals the sums over its records', async () => {
    const rows = await all(april, 'SELECT StageName, Amount FROM Opportunity WHERE IsClosed = false AND CloseDate >= 2026-04-01 AND CloseDate <= 2026-06-30');
    const grouped = await all(
      april,
      'SELECT StageName, COUNT(Id) n, SUM(Amount) total FROM Opportunity WHERE IsClosed = false AND CloseDate = THIS_FISCAL_QUARTER GROUP BY StageName',
    );
    expect(grouped.length).toBeGreaterThan(1);
    const stages = [...new Set(rows.map((r) => r.StageName))].sort();
    expect(grouped.map((g) => g.StageName)).toEqual(stages);
    for (const g of grouped) {
      const mine = rows.filter((r) => r.StageName === g.StageName);
      expect(g).toMatchObject({ attributes: { type: 'AggregateResult' }, n: mine.length, total: sumOf(mine, 'Amount') });
    }
  });
});

describe('options', () => {
  it('refuses a fiscal start month outside 1-12 and currencies the emulator does not know', async () => {
    await expect(startEmulator({ fiscalYearStartMonth: 0 })).rejects.toThrow(/fiscalYearStartMonth must be an integer from 1 to 12/);
    await expect(startEmulator({ fiscalYearStartMonth: 4.5 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ currencies: ['USD', 'XXX'] })).rejects.toThrow(/unsupported currency 'XXX'/);
    await expect(startEmulator({ currencies: [] })).rejects.toThrow(RangeError);
  });
});

describe('fiscal year starting in January', () => {
  it('makes each FISCAL literal and function its calendar twin', async () => {
    const [org] = await all(january, 'SELECT FiscalYearStartMonth, UsesStartDateAsFiscalYearName FROM Organization');
    expect(org).toMatchObject({ FiscalYearStartMonth: 1, UsesStartDateAsFiscalYearName: false });
    for (const [fiscal, calendar] of [
      ['THIS_FISCAL_QUARTER', 'THIS_QUARTER'],
      ['LAST_FISCAL_YEAR', 'LAST_YEAR'],
      ['NEXT_N_FISCAL_QUARTERS:3', 'NEXT_N_QUARTERS:3'],
      ['N_FISCAL_YEARS_AGO:1', 'N_YEARS_AGO:1'],
    ]) {
      const a = ids(await all(january, `SELECT Id FROM Opportunity WHERE CloseDate = ${fiscal}`));
      expect(a, fiscal).toEqual(ids(await all(january, `SELECT Id FROM Opportunity WHERE CloseDate = ${calendar}`)));
    }
    const fiscal = await all(
      january,
      'SELECT FISCAL_YEAR(CloseDate) y, FISCAL_QUARTER(CloseDate) q, COUNT(Id) n FROM Opportunity GROUP BY FISCAL_YEAR(CloseDate), FISCAL_QUARTER(CloseDate)',
    );
    const calendar = await all(
      january,
      'SELECT CALENDAR_YEAR(CloseDate) y, CALENDAR_QUARTER(CloseDate) q, COUNT(Id) n FROM Opportunity GROUP BY CALENDAR_YEAR(CloseDate), CALENDAR_QUARTER(CloseDate)',
    );
    expect(fiscal.map(({ y, q, n }) => [y, q, n])).toEqual(calendar.map(({ y, q, n }) => [y, q, n]));
    const [deal] = await all(
      january,
      'SELECT CloseDate, FiscalYear, FiscalQuarter FROM Opportunity WHERE CloseDate >= 2026-04-01 AND CloseDate <= 2026-06-30 LIMIT 1',
    );
    expect(deal).toMatchObject({ FiscalYear: 2026, FiscalQuarter: 2 });
  });
});

describe('OpportunityHistory through every write path', () => {
  const historyOf = (org: Org, id: string) =>
    all(
      org,
      `SELECT StageName, Amount, ExpectedRevenue, CloseDate, Probability, ForecastCategory, PrevAmount, PrevCloseDate, CreatedById FROM OpportunityHistory WHERE OpportunityId = '${id}' ORDER BY CreatedDate`,
    );

  it('REST create and update: a row on create and per tracked change, none for other fields', async () => {
    const sobject = april.conn.sobject('Opportunity');
    const created = await sobject.create({ Name: 'History REST', StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 1000 });
    const id = created.id!;
    await sobject.update({ Id: id, Amount: 1200 });
    await sobject.update({ Id: id, Description: 'not tracked', NextStep: 'Call back' });
    await sobject.update({ Id: id, CloseDate: '2026-08-31', StageName: 'Needs Analysis' });
    const rows = await historyOf(april, id);
    expect(rows.map(withoutAttributes)).toEqual([
      {
        StageName: 'Prospecting',
        Amount: 1000,
        ExpectedRevenue: 100,
        CloseDate: '2026-06-30',
        Probability: 10,
        ForecastCategory: 'Pipeline',
        PrevAmount: null,
        PrevCloseDate: null,
        CreatedById: april.emu.demoUserId,
      },
      {
        StageName: 'Prospecting',
        Amount: 1200,
        ExpectedRevenue: 120,
        CloseDate: '2026-06-30',
        Probability: 10,
        ForecastCategory: 'Pipeline',
        PrevAmount: 1000,
        PrevCloseDate: '2026-06-30',
        CreatedById: april.emu.demoUserId,
      },
      {
        StageName: 'Needs Analysis',
        Amount: 1200,
        ExpectedRevenue: 240,
        CloseDate: '2026-08-31',
        Probability: 20,
        ForecastCategory: 'Pipeline',
        PrevAmount: 1200,
        PrevCloseDate: '2026-06-30',
        CreatedById: april.emu.demoUserId,
      },
    ]);
    const opp = await sobject.retrieve(id);
    const [lastRow] = await all(april, `SELECT CreatedDate FROM OpportunityHistory WHERE OpportunityId = '${id}' ORDER BY CreatedDate DESC LIMIT 1`);
    expect(opp.LastStageChangeDate).toBe(lastRow.CreatedDate);
    // The child relationship, and the history going with its opportunity to the recycle bin.
    const [withChildren] = await all(april, `SELECT Id, (SELECT StageName FROM OpportunityHistories ORDER BY CreatedDate) FROM Opportunity WHERE Id = '${id}'`);
    expect(withChildren.OpportunityHistories.records.map((h: Row) => h.StageName)).toEqual(['Prospecting', 'Prospecting', 'Needs Analysis']);
    await sobject.destroy(id);
    expect(await historyOf(april, id)).toEqual([]);
    const binned = await april.conn.query<Row>(`SELECT IsDeleted FROM OpportunityHistory WHERE OpportunityId = '${id}'`, { scanAll: true });
    expect(binned.records.map((r) => r.IsDeleted)).toEqual([true, true, true]);
  });

  it('sObject Collections and composite subrequests write it too', async () => {
    const created = await rawRequest(april.emu, 'POST', dataPath('/composite/sobjects'), {
      token: april.token,
      body: {
        allOrNone: true,
        records: [
          { attributes: { type: 'Opportunity' }, Name: 'Coll A', StageName: 'Qualification', CloseDate: '2026-07-15', Amount: 500 },
          { attributes: { type: 'Opportunity' }, Name: 'Coll B', StageName: 'Qualification', CloseDate: '2026-07-15', Amount: 700 },
        ],
      },
    });
    expect(created.status).toBe(200);
    const [a, b] = created.json<Array<{ id: string }>>().map((r) => r.id);
    const updated = await rawRequest(april.emu, 'PATCH', dataPath('/composite/sobjects'), {
      token: april.token,
      body: {
        records: [
          { attributes: { type: 'Opportunity' }, id: a, CloseDate: '2026-09-30' },
          { attributes: { type: 'Opportunity' }, id: b, Name: 'Coll B renamed' },
        ],
      },
    });
    expect(updated.json<Array<{ success: boolean }>>().every((r) => r.success)).toBe(true);
    const composite = await rawRequest(april.emu, 'POST', dataPath('/composite'), {
      token: april.token,
      body: { compositeRequest: [{ method: 'PATCH', url: dataPath(`/sobjects/Opportunity/${b}`), referenceId: 'win', body: { StageName: 'Closed Won' } }] },
    });
    expect(composite.json().compositeResponse[0].httpStatusCode).toBe(204);
    expect((await historyOf(april, a)).map((r) => [r.CloseDate, r.PrevCloseDate])).toEqual([
      ['2026-07-15', null],
      ['2026-09-30', '2026-07-15'],
    ]);
    expect((await historyOf(april, b)).map((r) => [r.StageName, r.Probability, r.ForecastCategory])).toEqual([
      ['Qualification', 10, 'Pipeline'],
      ['Closed Won', 100, 'Closed'],
    ]);
  });

  it('Bulk API 2.0 updates write it too', async () => {
    const id = (await april.conn.sobject('Opportunity').create({ Name: 'Bulk history', StageName: 'Prospecting', CloseDate: '2026-06-30', Amount: 300 })).id!;
    const result = await april.conn.bulk2.loadAndWaitForResults({
      object: 'Opportunity',
      operation: 'update',
      input: [{ Id: id, Amount: 450 }],
      pollInterval: 50,
      pollTimeout: 10_000,
    });
    expect(result.successfulResults).toHaveLength(1);
    expect((await historyOf(april, id)).map((r) => [r.Amount, r.PrevAmount])).toEqual([
      [300, null],
      [450, 300],
    ]);
  });

  it('is read-only, and described as Salesforce describes it', async () => {
    const describe = await april.conn.sobject('OpportunityHistory').describe();
    expect(describe).toMatchObject({ keyPrefix: '008', queryable: true, createable: false, updateable: false, deletable: false });
    const fields = new Map(describe.fields.map((f) => [f.name, f]));
    expect(fields.get('PrevAmount')).toMatchObject({ type: 'currency', nillable: true });
    expect(fields.get('PrevCloseDate')).toMatchObject({ type: 'date' });
    expect(fields.get('ForecastCategory')).toMatchObject({ type: 'picklist', label: 'To Forecast Category' });
    expect(fields.has('LastModifiedDate')).toBe(false);
    const opportunity = await april.conn.sobject('Opportunity').describe();
    expect(opportunity.childRelationships.find((r) => r.relationshipName === 'OpportunityHistories')).toMatchObject({
      childSObject: 'OpportunityHistory',
      field: 'OpportunityId',
      cascadeDelete: true,
    });
    expect(opportunity.fields.find((f) => f.name === 'LastStageChangeDate')).toMatchObject({ type: 'datetime', createable: false, updateable: false });
    const post = await rawRequest(april.emu, 'POST', dataPath('/sobjects/OpportunityHistory'), { token: april.token, body: { StageName: 'Prospecting' } });
    expect(post.status).toBe(405);
    const [row] = await all(april, 'SELECT Id FROM OpportunityHistory LIMIT 1');
    const patch = await rawRequest(april.emu, 'PATCH', dataPath(`/sobjects/OpportunityHistory/${row.Id}`), { token: april.token, body: { Amount: 1 } });
    expect(patch.status).toBe(405);
    const del = await rawRequest(april.emu, 'DELETE', dataPath(`/sobjects/OpportunityHistory/${row.Id}`), { token: april.token });
    expect(del.status).toBe(405);
  });
});

describe('OpportunityStage and LeadStatus', () => {
  it('list the picklist values in their sort order', async () => {
    const stages = await all(
      january,
      'SELECT Id, MasterLabel, ApiName, SortOrder, IsActive, IsClosed, IsWon, ForecastCategoryName, DefaultProbability FROM OpportunityStage ORDER BY SortOrder',
    );
    expect(stages.map((s) => [s.ApiName, s.SortOrder, s.IsClosed, s.IsWon, s.ForecastCategoryName, s.DefaultProbability])).toEqual(
      OPPORTUNITY_STAGES.map((s, i) => [s.value, i + 1, s.closed, s.won, s.forecastCategoryName, s.probability]),
    );
    const statuses = await all(january, 'SELECT Id, MasterLabel, SortOrder, IsConverted, IsDefault FROM LeadStatus ORDER BY SortOrder DESC');
    expect(statuses.map((s) => s.MasterLabel)).toEqual([...LEAD_STATUSES].reverse());
    expect(statuses.filter((s) => s.IsConverted).map((s) => s.MasterLabel)).toEqual(['Closed - Converted']);
    expect(statuses.filter((s) => s.IsDefault).map((s) => s.MasterLabel)).toEqual(['Open - Not Contacted']);
    // Both share the 01J key prefix, yet each object answers for its own rows.
    expect([...stages, ...statuses].every((r) => r.Id.startsWith('01J'))).toBe(true);
    const status = (await january.conn.sobject('LeadStatus').retrieve(statuses[0].Id)) as Row;
    expect(status.MasterLabel).toBe(statuses[0].MasterLabel);
    const wrong = await rawRequest(january.emu, 'GET', dataPath(`/sobjects/OpportunityStage/${statuses[0].Id}`), { token: january.token });
    expect(wrong.status).toBe(404);
    const describe = await january.conn.sobject('LeadStatus').describe();
    expect(describe).toMatchObject({ keyPrefix: '01J', createable: false, updateable: false, deletable: false });
  });
});

describe('the aggregate queries analytics are checked against', () => {
  it('forecast categories over a date range', async () => {
    const rows = await all(
      april,
      'SELECT ForecastCategoryName, Amount, ExpectedRevenue FROM Opportunity WHERE CloseDate >= 2026-10-01 AND CloseDate <= 2026-12-31',
    );
    const grouped = await all(
      april,
      'SELECT ForecastCategoryName, SUM(Amount), SUM(ExpectedRevenue) FROM Opportunity WHERE CloseDate >= 2026-10-01 AND CloseDate <= 2026-12-31 GROUP BY ForecastCategoryName',
    );
    expect(grouped.length).toBeGreaterThan(0);
    for (const g of grouped) {
      const mine = rows.filter((r) => r.ForecastCategoryName === g.ForecastCategoryName);
      expect([g.expr0, g.expr1], g.ForecastCategoryName).toEqual([sumOf(mine, 'Amount'), sumOf(mine, 'ExpectedRevenue')]);
    }
  });

  it('history counts, lead conversions by source, averages and owner filters', async () => {
    const history = await all(april, 'SELECT Id, StageName, CreatedDate FROM OpportunityHistory');
    const since = '2026-04-17'; // LAST_N_DAYS:28 starts 28 days before today
    const recentWins = history.filter((h) => h.StageName === 'Closed Won' && h.CreatedDate.slice(0, 10) >= since);
    const [won] = await all(april, "SELECT COUNT(Id) n FROM OpportunityHistory WHERE StageName = 'Closed Won' AND CreatedDate = LAST_N_DAYS:28");
    expect(won.n).toBe(recentWins.length);
    expect(won.n).toBeGreaterThan(0);

    const leads = await all(april, 'SELECT LeadSource, CreatedDate, IsConverted FROM Lead');
    const from = '2026-02-14'; // LAST_N_DAYS:90
    const converted = leads.filter((l) => l.IsConverted && l.CreatedDate.slice(0, 10) >= from && l.CreatedDate.slice(0, 10) <= TODAY);
    const bySource = await all(april, 'SELECT LeadSource, COUNT(Id) FROM Lead WHERE CreatedDate = LAST_N_DAYS:90 AND IsConverted = true GROUP BY LeadSource');
    expect(Object.fromEntries(bySource.map((g) => [g.LeadSource, g.expr0]))).toEqual(
      converted.reduce<Record<string, number>>((acc, l) => ({ ...acc, [l.LeadSource]: (acc[l.LeadSource] ?? 0) + 1 }), {}),
    );
    expect(converted.length).toBeGreaterThan(0);

    const owner = april.emu.demoUserId;
    const mineWon = await all(april, `SELECT Amount, CloseDate FROM Opportunity WHERE IsWon = true AND OwnerId = '${owner}'`);
    const [avg] = await all(
      april,
      `SELECT AVG(Amount) avgAmount, COUNT(Id) n, MAX(CloseDate) latest FROM Opportunity WHERE IsWon = true AND OwnerId = '${owner}'`,
    );
    expect(mineWon.length).toBeGreaterThan(0);
    expect(avg.n).toBe(mineWon.length);
    expect(avg.avgAmount).toBeCloseTo(mineWon.reduce((s, r) => s + r.Amount, 0) / mineWon.length, 6);
    expect(avg.latest).toBe(
      mineWon
        .map((r) => r.CloseDate)
        .sort()
        .at(-1),
    );
  });
});

describe('single-currency and multi-currency orgs', () => {
  it('a single-currency org has no CurrencyIsoCode and no CurrencyType', async () => {
    const field = await rawRequest(
      january.emu,
      'GET',
      dataPath(`/query?q=${encodeURIComponent('SELECT CurrencyIsoCode, SUM(Amount) FROM Opportunity GROUP BY CurrencyIsoCode')}`),
      {
        token: january.token,
      },
    );
    expect(field.status).toBe(400);
    expect(field.json()[0]).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(field.json()[0].message).toContain("No such column 'CurrencyIsoCode' on entity 'Opportunity'");
    const type = await rawRequest(january.emu, 'GET', dataPath(`/query?q=${encodeURIComponent('SELECT IsoCode FROM CurrencyType')}`), { token: january.token });
    expect(type.status).toBe(400);
    expect(type.json()[0]).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(type.json()[0].message).toContain("sObject type 'CurrencyType' is not supported");
    const global = await january.conn.describeGlobal();
    expect(global.sobjects.some((o) => o.name === 'CurrencyType')).toBe(false);
    const opportunity = await january.conn.sobject('Opportunity').describe();
    expect(opportunity.fields.some((f) => f.name === 'CurrencyIsoCode')).toBe(false);
  });

  it('a multi-currency org sums currency fields in the corporate currency', async () => {
    const rates = new Map(
      (await all(multi, 'SELECT IsoCode, ConversionRate, DecimalPlaces, IsActive, IsCorporate FROM CurrencyType')).map((c) => [c.IsoCode, c]),
    );
    expect([...rates.keys()].sort()).toEqual(['EUR', 'GBP', 'USD']);
    expect(rates.get('USD')).toMatchObject({ ConversionRate: 1, IsCorporate: true, IsActive: true, DecimalPlaces: 2 });
    const rows = await all(multi, 'SELECT Amount, CurrencyIsoCode FROM Opportunity');
    const corporate = (r: Row) => (r.Amount ?? 0) / rates.get(r.CurrencyIsoCode)!.ConversionRate;
    const grouped = await all(multi, 'SELECT CurrencyIsoCode, SUM(Amount) total, COUNT(Id) n FROM Opportunity GROUP BY CurrencyIsoCode');
    expect(grouped.map((g) => g.CurrencyIsoCode)).toEqual(['EUR', 'GBP', 'USD']);
    for (const g of grouped) {
      const mine = rows.filter((r) => r.CurrencyIsoCode === g.CurrencyIsoCode);
      expect(g.n).toBe(mine.length);
      expect(g.total).toBeCloseTo(
        mine.reduce((s, r) => s + corporate(r), 0),
        1,
      );
    }
    const [total] = await all(multi, 'SELECT SUM(Amount) total FROM Opportunity');
    expect(total.total).toBeCloseTo(
      rows.reduce((s, r) => s + corporate(r), 0),
      1,
    );
    // ISO-coded amounts compare in the corporate currency; a bare number compares as it is.
    const overEur = rows.filter((r) => corporate(r) > 100_000 / rates.get('EUR')!.ConversionRate).length;
    const [iso] = await all(multi, 'SELECT COUNT(Id) n FROM Opportunity WHERE Amount > EUR100000');
    expect(iso.n).toBe(overEur);
    const [bare] = await all(multi, 'SELECT COUNT(Id) n FROM Opportunity WHERE Amount > 100000');
    expect(bare.n).toBe(rows.filter((r) => r.Amount > 100_000).length);
    const euro = await all(multi, "SELECT Id, convertCurrency(Amount) FROM Opportunity WHERE CurrencyIsoCode = 'GBP' AND Amount != null LIMIT 5");
    const raw = new Map((await all(multi, "SELECT Id, Amount FROM Opportunity WHERE CurrencyIsoCode = 'GBP'")).map((r) => [r.Id, r.Amount]));
    expect(euro.length).toBeGreaterThan(0);
    for (const r of euro) expect(r.Amount).toBeCloseTo(raw.get(r.Id) / rates.get('GBP')!.ConversionRate, 2);
  });

  it('a multi-currency org defaults new records to the corporate currency and refuses others', async () => {
    const describe = await multi.conn.sobject('Opportunity').describe();
    const field = describe.fields.find((f) => f.name === 'CurrencyIsoCode')!;
    expect(field).toMatchObject({ type: 'picklist', defaultedOnCreate: true, nillable: false });
    expect(field.picklistValues!.map((p) => [p.value, p.defaultValue])).toEqual([
      ['USD', true],
      ['EUR', false],
      ['GBP', false],
    ]);
    const plain = await multi.conn.sobject('Account').create({ Name: 'Corporate currency' });
    expect((await multi.conn.sobject('Account').retrieve(plain.id!)).CurrencyIsoCode).toBe('USD');
    const euro = await multi.conn
      .sobject('Opportunity')
      .create({ Name: 'Euro deal', StageName: 'Prospecting', CloseDate: TODAY, Amount: 920, CurrencyIsoCode: 'EUR' });
    const [history] = await all(multi, `SELECT CurrencyIsoCode, Amount FROM OpportunityHistory WHERE OpportunityId = '${euro.id}'`);
    expect(history).toMatchObject({ CurrencyIsoCode: 'EUR', Amount: 920 });
    const refused = await rawRequest(multi.emu, 'POST', dataPath('/sobjects/Account'), { token: multi.token, body: { Name: 'Swiss', CurrencyIsoCode: 'CHF' } });
    expect(refused.status).toBe(400);
    expect(refused.json()[0]).toMatchObject({ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', fields: ['CurrencyIsoCode'] });
  });
});
