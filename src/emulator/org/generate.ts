/**
 * Generates the Demo org's data: users, accounts with contacts, opportunities with their stage
 * history, cases, leads, campaigns and their members, activity history and competitors.
 * Deterministic for a seed and the store's clock (all dates are relative to store.now()), and
 * fast: rows go straight into SQLite through prepared statements in one transaction, skipping
 * per-row validation, with the calculated fields computed by the same rules the store applies on
 * save. A multi-currency store gets records in a mix of its currencies.
 */
import type Database from 'better-sqlite3';
import { DEMO_USERNAME } from '../demo-app';
import { CURRENCY_BY_COUNTRY, type OrgCurrencies } from './currencies';
import { DEFAULT_FISCAL_YEAR, isFiscalStartMonth, type FiscalYearSettings } from './fiscal';
import { demoAgenda, type AgendaEvent, type AgendaTask } from './generate-agenda';
import { dealTimeline, OPEN_STAGES, type DealState } from './generate-pipeline';
import { idCounter, makeId } from './ids';
import { METADATA_OBJECTS } from './metadata';
import { deriveOpportunity, fullName, opportunityHistoryValues, type RecordValues } from './rules';
import { CALL_TYPES, CAMPAIGN_TYPES, CASE_ORIGINS, CASE_REASONS, LEAD_SOURCES, OPPORTUNITY_TYPES, RATINGS, SALUTATIONS } from './schema';
import type { FieldDef, ObjectDef, OrgStore } from './types';
import { addDays, formatDate, formatDatetime } from './values';
import { mulberry32 } from '../random';

export interface GenerateOptions {
  seed: number;
  /** Number of Accounts; every other volume follows from it. */
  scale: number;
  /** Organization.FiscalYearStartMonth, 1-12 (default 1). */
  fiscalYearStartMonth?: number;
  /** Organization.UsesStartDateAsFiscalYearName (default false). */
  usesStartDateAsFiscalYearName?: boolean;
}

export interface GeneratedOrg {
  demoUserId: string;
  userIds: string[];
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32)

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(Math.trunc(seed) ^ 0x9e3779b9);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Picks by weight: [[value, weight], ...]. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const NAME_STEMS = [
  'Northwind',
  'Blue Ridge',
  'Summit',
  'Pinnacle',
  'Evergreen',
  'Silver Lake',
  'Redwood',
  'Harbor',
  'Crescent',
  'Atlas',
  'Beacon',
  'Cobalt',
  'Granite',
  'Horizon',
  'Ironwood',
  'Juniper',
  'Keystone',
  'Lakeside',
  'Meridian',
  'Nova',
  'Oakridge',
  'Pioneer',
  'Quantum',
  'Riverbend',
  'Sterling',
  'Trident',
  'Unity',
  'Vertex',
  'Westfield',
  'Zenith',
  'Apex',
  'Brightwater',
  'Cedar Point',
  'Delta',
  'Eagle Rock',
  'Falcon',
  'Golden Gate',
  'Highland',
  'Insight',
  'Jade',
  'Kingsbridge',
  'Lighthouse',
  'Maple Leaf',
  'Northstar',
  'Orion',
  'Paragon',
  'Red Oak',
  'Sapphire',
  'Tidewater',
  'Vanguard',
  'Willow Creek',
  'Alder',
  'Bluebird',
  'Copperfield',
  'Driftwood',
  'Emerald Bay',
  'Foxglove',
  'Greystone',
  'Hawthorne',
  'Ivory Coast',
  'Larkspur',
  'Moonstone',
  'Nightingale',
  'Oceanic',
  'Polaris',
  'Ravenwood',
  'Starlight',
  'Thornbury',
  'Wavecrest',
  'Yellowstone',
] as const;

/** Second word of a company name and the industry it suggests. */
const NAME_SECTORS: ReadonlyArray<readonly [string, string]> = [
  ['Logistics', 'Transportation'],
  ['Freight', 'Shipping'],
  ['Health', 'Healthcare'],
  ['Medical', 'Healthcare'],
  ['Biosciences', 'Biotechnology'],
  ['Foods', 'Food & Beverage'],
  ['Brewing', 'Food & Beverage'],
  ['Energy', 'Energy'],
  ['Power', 'Utilities'],
  ['Solar', 'Energy'],
  ['Systems', 'Technology'],
  ['Software', 'Technology'],
  ['Analytics', 'Technology'],
  ['Networks', 'Telecommunications'],
  ['Telecom', 'Telecommunications'],
  ['Manufacturing', 'Manufacturing'],
  ['Industries', 'Machinery'],
  ['Robotics', 'Electronics'],
  ['Capital', 'Finance'],
  ['Bank', 'Banking'],
  ['Insurance', 'Insurance'],
  ['Media', 'Media'],
  ['Studios', 'Entertainment'],
  ['Construction', 'Construction'],
  ['Engineering', 'Engineering'],
  ['Consulting', 'Consulting'],
  ['Partners', 'Consulting'],
  ['Apparel', 'Apparel'],
  ['Retail', 'Retail'],
  ['Outfitters', 'Retail'],
  ['Farms', 'Agriculture'],
  ['Chemicals', 'Chemicals'],
  ['Hotels', 'Hospitality'],
  ['Resorts', 'Hospitality'],
  ['Academy', 'Education'],
  ['Environmental', 'Environmental'],
  ['Foundation', 'Not For Profit'],
  ['Recreation', 'Recreation'],
];

interface Place {
  city: string;
  state: string;
  country: string;
  postal: () => string;
  phone: (r: Random) => string;
  suffixes: readonly string[];
  timeZone: string;
}
const usPhone = (area: string) => (r: Random) => `(${area}) ${r.digits(3)}-${r.digits(4)}`;
const PLACES: readonly Place[] = [
  ['San Francisco', 'CA', '415', '941'],
  ['New York', 'NY', '212', '100'],
  ['Chicago', 'IL', '312', '606'],
  ['Austin', 'TX', '512', '787'],
  ['Seattle', 'WA', '206', '981'],
  ['Boston', 'MA', '617', '021'],
  ['Denver', 'CO', '303', '802'],
  ['Atlanta', 'GA', '404', '303'],
  ['San Diego', 'CA', '619', '921'],
  ['Minneapolis', 'MN', '612', '554'],
  ['Miami', 'FL', '305', '331'],
  ['Portland', 'OR', '503', '972'],
]
  .map(([city, state, area, zip]) => ({
    city,
    state,
    country: 'United States',
    postal: () => zip,
    phone: usPhone(area),
    suffixes: ['Inc.', 'LLC', 'Corp.', 'Group', 'Co.'],
    timeZone: 'America/New_York',
  }))
  .concat([
    { city: 'Toronto', state: 'ON', country: 'Canada', postal: () => 'M5V', phone: usPhone('416'), suffixes: ['Inc.', 'Ltd.'], timeZone: 'America/New_York' },
    {
      city: 'Vancouver',
      state: 'BC',
      country: 'Canada',
      postal: () => 'V6B',
      phone: usPhone('604'),
      suffixes: ['Inc.', 'Ltd.'],
      timeZone: 'America/Los_Angeles',
    },
    {
      city: 'London',
      state: '',
      country: 'United Kingdom',
      postal: () => 'EC1A',
      phone: (r) => `+44 20 ${r.digits(4)} ${r.digits(4)}`,
      suffixes: ['Ltd', 'plc', 'Group'],
      timeZone: 'Europe/London',
    },
    {
      city: 'Manchester',
      state: '',
      country: 'United Kingdom',
      postal: () => 'M1',
      phone: (r) => `+44 161 ${r.digits(3)} ${r.digits(4)}`,
      suffixes: ['Ltd'],
      timeZone: 'Europe/London',
    },
    {
      city: 'Paris',
      state: '',
      country: 'France',
      postal: () => '750',
      phone: (r) => `+33 1 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
      suffixes: ['SA', 'SAS'],
      timeZone: 'Europe/Paris',
    },
    {
      city: 'Lyon',
      state: '',
      country: 'France',
      postal: () => '690',
      phone: (r) => `+33 4 ${r.digits(2)} ${r.digits(2)} ${r.digits(2)} ${r.digits(2)}`,
      suffixes: ['SAS'],
      timeZone: 'Europe/Paris',
    },
    {
      city: 'Berlin',
      state: '',
      country: 'Germany',
      postal: () => '101',
      phone: (r) => `+49 30 ${r.digits(8)}`,
      suffixes: ['GmbH', 'AG'],
      timeZone: 'Europe/Berlin',
    },
    {
      city: 'Munich',
      state: 'BY',
      country: 'Germany',
      postal: () => '803',
      phone: (r) => `+49 89 ${r.digits(8)}`,
      suffixes: ['GmbH', 'AG'],
      timeZone: 'Europe/Berlin',
    },
    {
      city: 'Madrid',
      state: '',
      country: 'Spain',
      postal: () => '280',
      phone: (r) => `+34 91 ${r.digits(3)} ${r.digits(2)} ${r.digits(2)}`,
      suffixes: ['S.L.', 'S.A.'],
      timeZone: 'Europe/Paris',
    },
    {
      city: 'Amsterdam',
      state: '',
      country: 'Netherlands',
      postal: () => '101',
      phone: (r) => `+31 20 ${r.digits(3)} ${r.digits(4)}`,
      suffixes: ['B.V.', 'N.V.'],
      timeZone: 'Europe/Paris',
    },
    {
      city: 'Stockholm',
      state: '',
      country: 'Sweden',
      postal: () => '111',
      phone: (r) => `+46 8 ${r.digits(3)} ${r.digits(3)} ${r.digits(2)}`,
      suffixes: ['AB'],
      timeZone: 'Europe/Berlin',
    },
    {
      city: 'Dublin',
      state: '',
      country: 'Ireland',
      postal: () => 'D02',
      phone: (r) => `+353 1 ${r.digits(3)} ${r.digits(4)}`,
      suffixes: ['Ltd', 'DAC'],
      timeZone: 'Europe/London',
    },
    {
      city: 'Tokyo',
      state: '',
      country: 'Japan',
      postal: () => '100',
      phone: (r) => `+81 3 ${r.digits(4)} ${r.digits(4)}`,
      suffixes: ['K.K.', 'Co., Ltd.'],
      timeZone: 'Asia/Tokyo',
    },
    {
      city: 'Singapore',
      state: '',
      country: 'Singapore',
      postal: () => '018',
      phone: (r) => `+65 ${r.digits(4)} ${r.digits(4)}`,
      suffixes: ['Pte. Ltd.'],
      timeZone: 'Asia/Singapore',
    },
    {
      city: 'Sydney',
      state: 'NSW',
      country: 'Australia',
      postal: () => '20',
      phone: (r) => `+61 2 ${r.digits(4)} ${r.digits(4)}`,
      suffixes: ['Pty Ltd'],
      timeZone: 'Australia/Sydney',
    },
    {
      city: 'Melbourne',
      state: 'VIC',
      country: 'Australia',
      postal: () => '30',
      phone: (r) => `+61 3 ${r.digits(4)} ${r.digits(4)}`,
      suffixes: ['Pty Ltd'],
      timeZone: 'Australia/Sydney',
    },
    {
      city: 'São Paulo',
      state: 'SP',
      country: 'Brazil',
      postal: () => '01310',
      phone: (r) => `+55 11 ${r.digits(4)}-${r.digits(4)}`,
      suffixes: ['Ltda.', 'S.A.'],
      timeZone: 'America/Sao_Paulo',
    },
    {
      city: 'Bangalore',
      state: 'KA',
      country: 'India',
      postal: () => '560',
      phone: (r) => `+91 80 ${r.digits(4)} ${r.digits(4)}`,
      suffixes: ['Pvt. Ltd.'],
      timeZone: 'Asia/Kolkata',
    },
  ]);

const STREET_NAMES = [
  'Market Street',
  'Main Street',
  'Oak Avenue',
  'Park Lane',
  'Mission Street',
  'Harbor Way',
  'Elm Street',
  'Cedar Road',
  'Lake Shore Drive',
  'Pine Street',
  'Broadway',
  'High Street',
  'King Street',
  'Queen Street',
  'Station Road',
  'Church Lane',
  'Mill Road',
  'Riverside Drive',
  'Hillcrest Avenue',
  'Sunset Boulevard',
];

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Lisa',
  'Matthew',
  'Nancy',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Steven',
  'Ashley',
  'Paul',
  'Emily',
  'Andrew',
  'Michelle',
  'Joshua',
  'Amanda',
  'Kevin',
  'Melissa',
  'Brian',
  'Stephanie',
  'George',
  'Rebecca',
  'Timothy',
  'Laura',
  'Ryan',
  'Olivia',
  'Jacob',
  'Emma',
  'Noah',
  'Sophia',
  'Liam',
  'Ava',
  'Ethan',
  'Mia',
  'Lucas',
  'Chloé',
  'Hugo',
  'Léa',
  'Mateo',
  'Lucía',
  'Santiago',
  'Sofía',
  'Lukas',
  'Hannah',
  'Felix',
  'Lena',
  'Yuki',
  'Haruto',
  'Sakura',
  'Ren',
  'Wei',
  'Mei',
  'Arjun',
  'Priya',
  'Rohan',
  'Ananya',
  'Omar',
  'Fatima',
  'Ahmed',
  'Layla',
  'Kwame',
  'Amara',
  'Chidi',
  'Zoë',
  'Björn',
  'Ingrid',
  'Søren',
  'Freya',
  'Aoife',
  'Cian',
  'Siobhan',
  'Diego',
] as const;
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Dubois',
  'Moreau',
  'Laurent',
  'Lefèvre',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Tanaka',
  'Suzuki',
  'Takahashi',
  'Watanabe',
  'Sato',
  'Kim',
  'Park',
  'Chen',
  'Wang',
  'Li',
  'Zhang',
  'Patel',
  'Shah',
  'Sharma',
  'Iyer',
  'Okafor',
  'Mensah',
  'Haddad',
  'Khan',
  'Andersson',
  'Johansson',
  'Nielsen',
  'Murphy',
  "O'Brien",
  'Kelly',
  'Walsh',
  'Silva',
  'Santos',
  'Oliveira',
  'Costa',
  'Novak',
  'Kowalski',
  'Ivanova',
] as const;
const TITLES: ReadonlyArray<readonly [string, string]> = [
  ['CEO', 'Executive'],
  ['CFO', 'Finance'],
  ['CTO', 'Engineering'],
  ['VP, Sales', 'Sales'],
  ['VP, Marketing', 'Marketing'],
  ['Director of Operations', 'Operations'],
  ['IT Manager', 'IT'],
  ['Procurement Manager', 'Procurement'],
  ['Head of Customer Success', 'Customer Success'],
  ['Software Engineer', 'Engineering'],
  ['Account Manager', 'Sales'],
  ['Finance Director', 'Finance'],
  ['Office Manager', 'Administration'],
  ['Product Manager', 'Product'],
  ['Data Analyst', 'IT'],
  ['Purchasing Agent', 'Procurement'],
  ['Marketing Coordinator', 'Marketing'],
  ['COO', 'Executive'],
];
const DEAL_NAMES = [
  'Platform Expansion',
  'Annual Renewal',
  'New Licenses',
  'Support Upgrade',
  'Pilot Project',
  'Data Migration',
  'Enterprise Agreement',
  'Add-on Seats',
  'Professional Services',
  'Regional Rollout',
  'Training Package',
  'Analytics Bundle',
  'Integration Project',
  'Hardware Refresh',
  'Managed Services',
];
const NEXT_STEPS = [
  'Schedule demo',
  'Send proposal',
  'Follow up with procurement',
  'Executive sponsor meeting',
  'Security review',
  'Negotiate terms',
  'Confirm budget',
  'Technical workshop',
];
const CASE_SUBJECTS: Record<string, readonly string[]> = {
  Mechanical: ['Unit making grinding noise', 'Conveyor belt jammed', 'Fan failure on cooling module'],
  Electrical: ['Power supply tripping breaker', 'Intermittent power loss', 'Wiring fault after installation'],
  Electronic: ['Control panel display blank', 'Sensor readings out of range', 'Firmware update failed'],
  Structural: ['Mounting bracket cracked', 'Enclosure damaged in transit', 'Frame misaligned'],
  Other: ['Invoice question', 'Request for documentation', 'Unable to log in to the portal', 'Change of billing contact'],
};
const COMPETITORS: ReadonlyArray<readonly [string, string]> = [
  ['Brightline Software', 'https://brightline.example.com'],
  ['CloudPeak Systems', 'https://cloudpeak.example.com'],
  ['Ardent Solutions', 'https://ardent.example.com'],
  ['Momentum Labs', 'https://momentumlabs.example.com'],
  ['Stratos Digital', 'https://stratos.example.com'],
  ['Keelson Tech', 'https://keelson.example.com'],
  ['Parallax Group', 'https://parallax.example.com'],
  ['Tessellate Inc.', 'https://tessellate.example.com'],
];
const STRENGTHS = ['Lower list price', 'Strong brand recognition', 'Existing relationship with IT', 'Broad partner network', 'Fast implementation'];
const WEAKNESSES = ['Limited support hours', 'Weak reporting', 'No offline mode', 'Complex licensing', 'Small customer base in region'];
const CAMPAIGN_THEMES = [
  'Spring Launch',
  'Customer Summit',
  'Product Tour',
  'Partner Day',
  'Holiday Promotion',
  'Industry Forum',
  'Executive Roundtable',
  'Developer Week',
  'Year-End Push',
  'Security Briefing',
  'Innovation Series',
];
const TASK_SUBJECTS_BY_TYPE: ReadonlyArray<readonly [string, string]> = [
  ['Call', 'Call'],
  ['Email', 'Email'],
  ['Task', 'Send Quote'],
  ['Task', 'Send Letter'],
  ['Call', 'Follow-up call'],
  ['Email', 'Email: Proposal sent'],
  ['Task', 'Prepare contract'],
  ['Task', 'Other'],
];
const EVENT_SUBJECTS = ['Meeting', 'Call', 'Demo', 'Quarterly business review', 'Onsite visit', 'Lunch meeting'];
const LOCATIONS = ['Customer office', 'Zoom', 'Microsoft Teams', 'Headquarters', 'Conference room B', 'Phone'];
const PRODUCT_INTERESTS = ['Analytics', 'Automation', 'Integration', 'Mobile', 'Support'];

interface Colleague {
  first: string;
  last: string;
  title: string;
  department: string;
  alias: string;
  timeZone: string;
  locale: string;
  language: string;
}
const DEMO_USER: Colleague = {
  first: 'Dana',
  last: 'Demo',
  title: 'Sales Operations Manager',
  department: 'Sales',
  alias: 'ddemo',
  timeZone: 'America/Los_Angeles',
  locale: 'en_US',
  language: 'en_US',
};
const COLLEAGUES: readonly Colleague[] = [
  {
    first: 'Marcus',
    last: 'Chen',
    title: 'Account Executive',
    department: 'Sales',
    alias: 'mchen',
    timeZone: 'America/Los_Angeles',
    locale: 'en_US',
    language: 'en_US',
  },
  {
    first: 'Priya',
    last: 'Nair',
    title: 'Senior Account Executive',
    department: 'Sales',
    alias: 'pnair',
    timeZone: 'America/New_York',
    locale: 'en_US',
    language: 'en_US',
  },
  {
    first: 'Lucas',
    last: 'Martin',
    title: 'Account Executive',
    department: 'Sales',
    alias: 'lmartin',
    timeZone: 'Europe/Paris',
    locale: 'fr_FR',
    language: 'fr',
  },
  {
    first: 'Sofia',
    last: 'Rossi',
    title: 'Customer Success Manager',
    department: 'Support',
    alias: 'srossi',
    timeZone: 'Europe/London',
    locale: 'en_GB',
    language: 'en_GB',
  },
  {
    first: 'James',
    last: "O'Brien",
    title: 'Sales Development Rep',
    department: 'Marketing',
    alias: 'jobrien',
    timeZone: 'America/Chicago',
    locale: 'en_US',
    language: 'en_US',
  },
];

// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
const pad6 = (n: number) => String(n).padStart(6, '0');
/** Days from `today` to `date` (both 'YYYY-MM-DD'). */
const dayOffsetOf = (date: string, today: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY);
/** The forecast category set by the rep rather than the stage's default. */
const FORECAST_GIVEN: ReadonlySet<string> = new Set(['ForecastCategoryName']);

/**
 * Reps move late-stage deals into Commit or Best Case themselves (every open stage of the standard
 * sales process defaults to Pipeline): a share of them, chosen by the deal's Id so the generator's
 * random sequence, and so every other generated value, stays as it was.
 */
function forecastOverride(id: string, stage: string): string | undefined {
  const n = idCounter(id) % 10;
  if (stage === 'Negotiation/Review') return n < 5 ? 'Commit' : n < 8 ? 'Best Case' : undefined;
  if (stage === 'Proposal/Price Quote') return n < 2 ? 'Commit' : n < 6 ? 'Best Case' : undefined;
  if (stage === 'Perception Analysis' || stage === 'Id. Decision Makers') return n < 3 ? 'Best Case' : undefined;
  return undefined;
}

/** deriveOpportunity's "fields the caller set": the generator sets none beyond the stage. */
const NO_FIELDS_GIVEN: ReadonlySet<string> = new Set();

/** Rows per multi-row INSERT: one statement call per batch is much cheaper than one per row. */
const BATCH_ROWS = 64;

interface Inserter {
  insert(record: RecordValues): void;
  /** Writes the rows still waiting in the current batch. */
  flush(): void;
}

/**
 * Prepared INSERTs fed with records of API values, written BATCH_ROWS rows at a time. The
 * columns are the first record's keys (the generator builds every record of an object with the
 * same keys); columns it leaves out stay NULL, which keeps the statement narrow.
 */
function inserter(store: OrgStore, object: ObjectDef): Inserter {
  let fields: FieldDef[] = [];
  let booleans: boolean[] = [];
  let batch: unknown[] = [];
  let rows = 0;
  let single: Database.Statement | undefined;
  let multi: Database.Statement | undefined;
  const prepare = (record: RecordValues) => {
    fields = Object.keys(record).map((name) => {
      const f = store.schema.getField(object.name, name);
      if (!f || f.name !== name) throw new Error(`generateDemoOrg: ${object.name} has no field ${name}`);
      return f;
    });
    booleans = fields.map((f) => f.type === 'boolean');
    batch = new Array(fields.length * BATCH_ROWS);
    const head = `INSERT INTO "${object.name}" (${fields.map((f) => `"${f.name}"`).join(', ')}) VALUES `;
    const tuple = `(${fields.map(() => '?').join(', ')})`;
    single = store.db.prepare(head + tuple);
    multi = store.db.prepare(head + new Array(BATCH_ROWS).fill(tuple).join(', '));
  };
  return {
    insert(record) {
      if (!single) prepare(record);
      else if (Object.keys(record).length !== fields.length) {
        throw new Error(`generateDemoOrg: ${object.name} records must all have the same fields`);
      }
      const offset = rows * fields.length;
      for (let i = 0; i < fields.length; i++) {
        const v = record[fields[i].name];
        batch[offset + i] = booleans[i] ? (v ? 1 : 0) : (v ?? null);
      }
      if (++rows === BATCH_ROWS) {
        multi!.run(batch);
        rows = 0;
      }
    },
    flush() {
      for (let r = 0; r < rows; r++) single!.run(batch.slice(r * fields.length, (r + 1) * fields.length));
      rows = 0;
    },
  };
}

export function generateDemoOrg(store: OrgStore, opts: GenerateOptions): GeneratedOrg {
  if (!Number.isFinite(opts.seed)) throw new Error('generateDemoOrg: seed must be a number');
  if (!Number.isInteger(opts.scale) || opts.scale < 0) throw new Error('generateDemoOrg: scale must be a whole number ≥ 0');
  if (opts.fiscalYearStartMonth !== undefined && !isFiscalStartMonth(opts.fiscalYearStartMonth)) {
    throw new Error('generateDemoOrg: fiscalYearStartMonth must be an integer from 1 to 12');
  }
  const existing = store.db.prepare('SELECT COUNT(*) AS n FROM "Organization"').get() as { n: number };
  if (existing.n > 0) throw new Error('generateDemoOrg: the org already has data');
  return store.transaction(() => {
    // Building indexes once over the loaded tables is several times cheaper than maintaining
    // them row by row; DDL is transactional, so a failure leaves the original indexes in place.
    const tables = store.schema.objects.map((o) => o.name);
    const indexes = store.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ` + `AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
      .all(...tables) as Array<{ name: string; sql: string }>;
    for (const index of indexes) store.db.exec(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
    const result = new Generator(store, opts).run();
    for (const index of indexes) store.db.exec(index.sql);
    return result;
  });
}

class Generator {
  private readonly r: Random;
  private readonly now: Date;
  private readonly nowMs: number;
  private readonly today: string;
  private readonly nextCounter = new Map<string, number>();
  private demoUserId = '';
  private userIds: string[] = [];
  private readonly lastActivity = new Map<string, string>();
  private readonly fiscal: FiscalYearSettings;
  private readonly currencies: OrgCurrencies | undefined;
  /** Inserters that may still hold rows: run() flushes them before anything reads the tables. */
  private readonly inserters: Inserter[] = [];
  /** Each generated lead's owner and, for a converted lead, the records it became. */
  private readonly leadInfo = new Map<string, LeadInfo>();

  constructor(
    private readonly store: OrgStore,
    private readonly opts: GenerateOptions,
  ) {
    this.r = new Random(opts.seed);
    this.now = store.now();
    this.nowMs = this.now.getTime();
    this.today = formatDate(this.now);
    this.fiscal = {
      startMonth: opts.fiscalYearStartMonth ?? DEFAULT_FISCAL_YEAR.startMonth,
      usesStartDateAsFiscalYearName: opts.usesStartDateAsFiscalYearName ?? DEFAULT_FISCAL_YEAR.usesStartDateAsFiscalYearName,
    };
    this.currencies = store.currencies();
  }

  /** The currency a record from this country is kept in: its own when the org has it, else corporate. */
  private currencyOf(country: string): string | undefined {
    if (!this.currencies) return undefined;
    const local = CURRENCY_BY_COUNTRY[country];
    return local && this.currencies.rates.has(local) ? local : this.currencies.corporate;
  }

  /** An amount in the corporate currency, expressed in `currency` and rounded to `unit` of it. */
  private inCurrency(amount: number, currency: string | undefined, unit: number): number {
    const rate = currency ? (this.currencies?.rates.get(currency)?.rate ?? 1) : 1;
    return Math.max(unit, Math.round((amount * rate) / unit) * unit);
  }

  /** Adds CurrencyIsoCode in a multi-currency org (records of one object all get it or none). */
  private withCurrency(record: RecordValues, currency: string | undefined): RecordValues {
    if (this.currencies) record.CurrencyIsoCode = currency ?? this.currencies.corporate;
    return record;
  }

  private inserter(object: ObjectDef): (record: RecordValues) => void {
    const created = inserter(this.store, object);
    this.inserters.push(created);
    return (record) => created.insert(record);
  }

  private object(name: string): ObjectDef {
    const object = this.store.schema.getObject(name);
    if (!object) throw new Error(`generateDemoOrg: the schema has no ${name}`);
    return object;
  }

  /** The next Id of an object; objects sharing a key prefix share the counter. */
  private id(object: ObjectDef): string {
    let counter = this.nextCounter.get(object.keyPrefix);
    if (counter === undefined) {
      counter = 0;
      for (const other of this.store.schema.objects) {
        if (other.keyPrefix !== object.keyPrefix) continue;
        const top = this.store.db.prepare(`SELECT "Id" FROM "${other.name}" ORDER BY "Id" DESC LIMIT 1`).get() as { Id: string } | undefined;
        if (top) counter = Math.max(counter, idCounter(top.Id));
      }
    }
    counter += 1;
    this.nextCounter.set(object.keyPrefix, counter);
    return makeId(object.keyPrefix, counter);
  }

  /** A datetime string `daysAgo` days (fractional) before now. */
  private ago(daysAgo: number): string {
    return formatDatetime(new Date(this.nowMs - daysAgo * DAY));
  }

  /** Created/modified stamps: created up to `maxDaysAgo` ago, modified between then and now. */
  private audit(ownerId: string, maxDaysAgo: number, minDaysAgo = 0): RecordValues {
    const created = minDaysAgo + this.r.next() * (maxDaysAgo - minDaysAgo);
    const modified = this.r.chance(0.4) ? created : created * this.r.next();
    const modifiedBy = this.r.chance(0.8) ? ownerId : this.r.pick(this.userIds);
    const modifiedText = this.ago(modified);
    return {
      CreatedDate: this.ago(created),
      CreatedById: ownerId,
      LastModifiedDate: modifiedText,
      LastModifiedById: modifiedBy,
      SystemModstamp: modifiedText,
    };
  }

  private owner(): string {
    // The demo user owns a good share, so "My ..." views are never empty.
    return this.r.chance(0.3) ? this.demoUserId : this.r.pick(this.userIds.slice(1));
  }

  private noteActivity(ids: Array<unknown>, activityDate: string): void {
    for (const id of ids) {
      if (typeof id !== 'string') continue;
      const prev = this.lastActivity.get(id);
      if (!prev || prev < activityDate) this.lastActivity.set(id, activityDate);
    }
  }

  run(): GeneratedOrg {
    const { scale } = this.opts;
    this.organizationAndUsers();
    const accounts = this.accounts(scale);
    const contactsByAccount = this.contacts(accounts);
    const campaigns = this.campaigns(Math.max(6, Math.round(scale / 40)));
    const opportunities = this.opportunities(accounts, campaigns);
    const leads = this.leads(scale, accounts, contactsByAccount, opportunities);
    const cases = this.cases(Math.round(scale * 1.5), accounts, contactsByAccount);
    this.campaignMembers(campaigns, contactsByAccount, leads);
    this.activities(accounts, contactsByAccount, opportunities, cases, leads);
    this.competitors(opportunities);
    for (const pending of this.inserters) pending.flush();
    this.writeLastActivity();
    return { demoUserId: this.demoUserId, userIds: [...this.userIds] };
  }

  // -- org, profiles, users ----------------------------------------------------------------------

  private organizationAndUsers(): void {
    const orgObject = this.object('Organization');
    const profileObject = this.object('Profile');
    const userObject = this.object('User');
    const insertOrg = this.inserter(orgObject);
    const insertProfile = this.inserter(profileObject);
    const insertUser = this.inserter(userObject);

    const userIds = [DEMO_USER, ...COLLEAGUES].map(() => this.id(userObject));
    this.demoUserId = userIds[0];
    this.userIds = userIds;
    const setup = (daysAgo: number): RecordValues => ({
      CreatedDate: this.ago(daysAgo),
      CreatedById: this.demoUserId,
      LastModifiedDate: this.ago(daysAgo),
      LastModifiedById: this.demoUserId,
      SystemModstamp: this.ago(daysAgo),
    });

    insertOrg({
      Id: this.store.orgId,
      Name: 'Atom Demo Org',
      Street: '1 Market Street',
      City: 'San Francisco',
      State: 'CA',
      PostalCode: '94105',
      Country: 'United States',
      Phone: '(415) 555-0100',
      PrimaryContact: 'Dana Demo',
      DefaultLocaleSidKey: 'en_US',
      TimeZoneSidKey: 'America/Los_Angeles',
      LanguageLocaleKey: 'en_US',
      InstanceName: 'EMU1',
      IsSandbox: false,
      TrialExpirationDate: null,
      NamespacePrefix: null,
      OrganizationType: 'Developer Edition',
      FiscalYearStartMonth: this.fiscal.startMonth,
      UsesStartDateAsFiscalYearName: this.fiscal.usesStartDateAsFiscalYearName,
      ...setup(1200),
    });

    const adminProfileId = this.id(profileObject);
    const standardProfileId = this.id(profileObject);
    insertProfile({
      Id: adminProfileId,
      Name: 'System Administrator',
      Description: null,
      UserType: 'Standard',
      PermissionsApiEnabled: true,
      PermissionsModifyAllData: true,
      PermissionsViewAllData: true,
      ...setup(1200),
    });
    insertProfile({
      Id: standardProfileId,
      Name: 'Standard User',
      Description: null,
      UserType: 'Standard',
      PermissionsApiEnabled: true,
      PermissionsModifyAllData: false,
      PermissionsViewAllData: false,
      ...setup(1200),
    });

    [DEMO_USER, ...COLLEAGUES].forEach((person, i) => {
      const isDemo = i === 0;
      const local = isDemo ? DEMO_USERNAME.split('@')[0] : `${ascii(person.first)}.${ascii(person.last)}`;
      const username = isDemo ? DEMO_USERNAME : `${local}@atom-demo.example`;
      insertUser({
        Id: userIds[i],
        Username: username,
        LastName: person.last,
        FirstName: person.first,
        Name: fullName(person.first, person.last),
        CompanyName: 'Atom Demo Org',
        Department: person.department,
        Title: person.title,
        City: 'San Francisco',
        State: 'CA',
        Country: 'United States',
        Email: isDemo ? 'dana.demo@atom-demo.example' : username,
        Phone: `(415) 555-01${String(10 + i)}`,
        Alias: person.alias,
        CommunityNickname: local,
        IsActive: true,
        TimeZoneSidKey: person.timeZone,
        LocaleSidKey: person.locale,
        EmailEncodingKey: 'UTF-8',
        ProfileId: isDemo ? adminProfileId : standardProfileId,
        UserType: 'Standard',
        LanguageLocaleKey: person.language,
        ManagerId: isDemo ? null : userIds[0],
        LastLoginDate: this.ago(this.r.next() * 7),
        ...setup(1100 - i),
      });
    });
    this.stampMetadata(setup(1200));
  }

  /** The store wrote the picklist values and currencies before the org had users: they were set up with it. */
  private stampMetadata(audit: RecordValues): void {
    for (const name of METADATA_OBJECTS) {
      if (!this.store.schema.getObject(name)) continue;
      this.store.db
        .prepare(`UPDATE "${name}" SET "CreatedDate" = ?, "CreatedById" = ?, "LastModifiedDate" = ?, "LastModifiedById" = ?, "SystemModstamp" = ?`)
        .run(audit.CreatedDate, audit.CreatedById, audit.LastModifiedDate, audit.LastModifiedById, audit.SystemModstamp);
    }
  }

  // -- accounts and contacts ---------------------------------------------------------------------

  private companyName(place: Place): { name: string; industry: string; slug: string } {
    const stem = this.r.pick(NAME_STEMS);
    const [sector, industry] = this.r.pick(NAME_SECTORS);
    const suffix = this.r.pick(place.suffixes);
    return { name: `${stem} ${sector} ${suffix}`, industry, slug: ascii(`${stem}${sector}`) };
  }

  private street(): string {
    return `${this.r.int(1, 2500)} ${this.r.pick(STREET_NAMES)}`;
  }

  private accounts(count: number): AccountInfo[] {
    const object = this.object('Account');
    const insert = this.inserter(object);
    const accounts: AccountInfo[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.id(object);
      const place = this.r.pick(PLACES);
      const { name, industry, slug } = this.companyName(place);
      const ownerId = this.owner();
      const employees = Math.round(10 ** (1 + this.r.next() * 3.7));
      const currency = this.currencyOf(place.country);
      const corporateRevenue = Math.round((employees * (80_000 + this.r.next() * 320_000)) / 1000) * 1000;
      const revenue = this.currencies ? this.inCurrency(corporateRevenue, currency, 1000) : corporateRevenue;
      const type = this.r.weighted([
        ['Prospect', 30],
        ['Customer - Direct', 35],
        ['Customer - Channel', 12],
        ['Channel Partner / Reseller', 8],
        ['Installation Partner', 4],
        ['Technology Partner', 6],
        ['Other', 5],
      ] as const);
      const isPublic = employees > 2000 && this.r.chance(0.5);
      const parent = i > 20 && this.r.chance(0.05) ? accounts[this.r.int(0, Math.min(accounts.length - 1, Math.floor(count / 10)))] : undefined;
      const street = this.street();
      const postal = `${place.postal()}${this.r.digits(2)}`;
      const sameShipping = this.r.chance(0.8);
      const audit = this.audit(ownerId, 1095, 30);
      const record: RecordValues = {
        Id: id,
        Name: name,
        Type: type,
        ParentId: parent?.id ?? null,
        BillingStreet: street,
        BillingCity: place.city,
        BillingState: place.state || null,
        BillingPostalCode: postal,
        BillingCountry: place.country,
        ShippingStreet: sameShipping ? street : this.street(),
        ShippingCity: place.city,
        ShippingState: place.state || null,
        ShippingPostalCode: postal,
        ShippingCountry: place.country,
        Phone: place.phone(this.r),
        Fax: this.r.chance(0.2) ? place.phone(this.r) : null,
        AccountNumber: `CD${this.r.digits(6)}`,
        Website: `https://www.${slug}.example.com`,
        Sic: this.r.chance(0.5) ? this.r.digits(4) : null,
        Industry: this.r.chance(0.9) ? industry : 'Other',
        AnnualRevenue: revenue,
        NumberOfEmployees: employees,
        Ownership: isPublic
          ? 'Public'
          : this.r.weighted([
              ['Private', 70],
              ['Subsidiary', 20],
              ['Other', 10],
            ] as const),
        TickerSymbol: isPublic ? slug.slice(0, 4).toUpperCase() : null,
        Description: this.r.chance(0.3) ? `${industry} company headquartered in ${place.city}.` : null,
        Rating: this.r.pick(RATINGS),
        Site: this.r.chance(0.3) ? place.city : null,
        OwnerId: ownerId,
        ...audit,
        LastActivityDate: null,
        AccountSource: this.r.pick(LEAD_SOURCES),
        External_Id__c: `ACC-${pad6(i + 1)}`,
        Customer_Priority__c: type.startsWith('Customer') ? this.r.pick(['High', 'Medium', 'Low']) : null,
        Active__c: type.startsWith('Customer') ? (this.r.chance(0.9) ? 'Yes' : 'No') : null,
        SLA_Expiration_Date__c: type.startsWith('Customer') ? addDays(this.today, this.r.int(-60, 720)) : null,
      };
      insert(this.withCurrency(record, currency));
      accounts.push({
        id,
        name,
        ownerId,
        place,
        slug,
        currency,
        createdDaysAgo: (this.nowMs - Date.parse(String(audit.CreatedDate).replace('+0000', 'Z'))) / DAY,
      });
    }
    return accounts;
  }

  private contacts(accounts: AccountInfo[]): Map<string, string[]> {
    const object = this.object('Contact');
    const insert = this.inserter(object);
    const byAccount = new Map<string, string[]>();
    let seq = 0;
    for (const account of accounts) {
      const count = this.r.weighted([
        [1, 15],
        [2, 20],
        [3, 30],
        [4, 20],
        [5, 15],
      ] as const);
      const ids: string[] = [];
      for (let c = 0; c < count; c++) {
        const id = this.id(object);
        const first = this.r.pick(FIRST_NAMES);
        const last = this.r.pick(LAST_NAMES);
        const [title, department] = this.r.pick(TITLES);
        const ownerId = this.r.chance(0.85) ? account.ownerId : this.owner();
        seq += 1;
        const contact: RecordValues = {
          Id: id,
          AccountId: account.id,
          LastName: last,
          FirstName: first,
          Salutation: this.r.chance(0.6) ? this.r.pick(SALUTATIONS) : null,
          Name: fullName(first, last),
          MailingStreet: this.street(),
          MailingCity: account.place.city,
          MailingState: account.place.state || null,
          MailingPostalCode: `${account.place.postal()}${this.r.digits(2)}`,
          MailingCountry: account.place.country,
          Phone: account.place.phone(this.r),
          MobilePhone: this.r.chance(0.6) ? account.place.phone(this.r) : null,
          ReportsToId: c > 0 && this.r.chance(0.4) ? ids[0] : null,
          Email: `${ascii(first)}.${ascii(last)}${seq % 7 === 0 ? seq : ''}@${account.slug}.example.com`,
          Title: title,
          Department: department,
          LeadSource: this.r.pick(LEAD_SOURCES),
          Birthdate: this.r.chance(0.3) ? addDays(this.today, -this.r.int(25 * 365, 65 * 365)) : null,
          OwnerId: ownerId,
          HasOptedOutOfEmail: this.r.chance(0.08),
          DoNotCall: this.r.chance(0.05),
          ...this.audit(ownerId, Math.max(account.createdDaysAgo, 1), 0),
          LastActivityDate: null,
          External_Id__c: `CON-${pad6(seq)}`,
          Level__c: this.r.pick(['Primary', 'Secondary', 'Tertiary']),
          Languages__c: this.r.chance(0.3) ? this.r.pick(['English', 'English;French', 'Spanish', 'German', 'Japanese']) : null,
        };
        insert(this.withCurrency(contact, account.currency));
        ids.push(id);
      }
      byAccount.set(account.id, ids);
    }
    return byAccount;
  }

  // -- campaigns, opportunities, leads, cases ---------------------------------------------------

  private campaigns(count: number): CampaignInfo[] {
    const object = this.object('Campaign');
    const insert = this.inserter(object);
    const campaigns: CampaignInfo[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.id(object);
      const type = this.r.pick(CAMPAIGN_TYPES);
      const startOffset = this.r.int(-700, 120);
      const start = addDays(this.today, startOffset);
      const end = addDays(start, this.r.int(1, 90));
      const status = end < this.today ? (this.r.chance(0.9) ? 'Completed' : 'Aborted') : start > this.today ? 'Planned' : 'In Progress';
      const budget = this.r.int(5, 200) * 1000;
      const ownerId = this.owner();
      const createdDaysAgo = Math.max(1, -startOffset + this.r.int(10, 60));
      const campaign: RecordValues = {
        Id: id,
        Name: `${start.slice(0, 4)} ${this.r.pick(CAMPAIGN_THEMES)} ${type}`,
        ParentId: i > 3 && this.r.chance(0.1) ? campaigns[this.r.int(0, 3)].id : null,
        Type: type,
        Status: status,
        StartDate: start,
        EndDate: end,
        ExpectedRevenue: budget * this.r.int(3, 10),
        BudgetedCost: budget,
        ActualCost: status === 'Planned' ? null : Math.round(budget * (0.6 + this.r.next() * 0.6)),
        ExpectedResponse: Math.round(this.r.next() * 1500) / 100,
        NumberSent: this.r.int(100, 20000),
        IsActive: status === 'In Progress' || status === 'Planned',
        Description: null,
        OwnerId: ownerId,
        ...this.audit(ownerId, createdDaysAgo, Math.max(0, createdDaysAgo - 30)),
        LastActivityDate: null,
        External_Id__c: `CMP-${pad6(i + 1)}`,
      };
      // Campaign budgets are kept in the corporate currency.
      insert(this.withCurrency(campaign, undefined));
      campaigns.push({ id, start });
    }
    return campaigns;
  }

  private opportunities(accounts: AccountInfo[], campaigns: CampaignInfo[]): OpportunityInfo[] {
    const object = this.object('Opportunity');
    const insert = this.inserter(object);
    const historyObject = this.store.schema.getObject('OpportunityHistory');
    const insertHistory = historyObject ? this.inserter(historyObject) : undefined;
    const opportunities: OpportunityInfo[] = [];
    let seq = 0;
    for (const account of accounts) {
      const count = this.r.weighted([
        [0, 10],
        [1, 25],
        [2, 35],
        [3, 20],
        [4, 10],
      ] as const);
      for (let o = 0; o < count; o++) {
        const ownerId = this.r.chance(0.9) ? account.ownerId : this.owner();
        // Most deals are kept in their account's currency.
        const currency = this.currencies && this.r.chance(0.1) ? this.currencies.corporate : account.currency;
        const states = this.dealStates(currency);
        seq += 1;
        const info = this.insertOpportunity(insert, account, campaigns, { ownerId, currency, states, seq });
        if (insertHistory && historyObject) this.insertDealHistory(insertHistory, historyObject, info, states);
        opportunities.push(info);
      }
    }
    return opportunities;
  }

  /**
   * Today's stage, close date, amount and creation of a deal, and the states it went through.
   * About 56% are closed (won a little more often than lost), a seventh of those in the last four
   * weeks; open deals close up to nine months ahead, some are overdue and some close this week,
   * and a seventh were created in the last four weeks.
   */
  private dealStates(currency: string | undefined): DealState[] {
    let closeOffset: number;
    let stage: string;
    let createdDaysAgo: number;
    if (this.r.chance(0.56)) {
      closeOffset = this.r.chance(0.14) ? -this.r.int(0, 27) : -this.r.int(28, 540);
      stage = this.r.chance(0.57) ? 'Closed Won' : 'Closed Lost';
      createdDaysAgo = -closeOffset + this.r.int(15, 200) + this.r.next();
    } else {
      const when = this.r.weighted([
        ['overdue', 12],
        ['this week', 8],
        ['ahead', 80],
      ] as const);
      const weekStart = -new Date(this.nowMs).getUTCDay();
      closeOffset = when === 'overdue' ? -this.r.int(1, 60) : when === 'this week' ? weekStart + this.r.int(0, 6) : this.r.int(0, 270);
      stage = this.r.pick(when === 'ahead' ? OPEN_STAGES : OPEN_STAGES.slice(2));
      createdDaysAgo = this.r.chance(0.14) ? 0.05 + this.r.next() * 27 : 28 + this.r.next() * 260;
      // A deal is opened before it is due.
      if (closeOffset < 0) createdDaysAgo = Math.max(createdDaysAgo, -closeOffset + 7 + this.r.next() * 60);
    }
    // Amounts are whole hundreds of the corporate currency, or round figures of another.
    const rate = (currency && this.currencies?.rates.get(currency)?.rate) || 1;
    const unit = 10 ** Math.round(Math.log10(100 * rate));
    const corporateAmount = this.r.int(50, 5000) * 100;
    return dealTimeline(this.r, {
      createdMs: Math.floor(this.nowMs - createdDaysAgo * DAY),
      nowMs: this.nowMs,
      stage,
      closeDate: addDays(this.today, closeOffset),
      amount: this.currencies ? this.inCurrency(corporateAmount, currency, unit) : corporateAmount,
      amountUnit: unit,
    });
  }

  /** The opportunity as its last state left it. */
  private insertOpportunity(
    insert: (record: RecordValues) => void,
    account: AccountInfo,
    campaigns: CampaignInfo[],
    deal: { ownerId: string; currency: string | undefined; states: DealState[]; seq: number },
  ): OpportunityInfo {
    const { ownerId, states } = deal;
    const first = states[0];
    const last = states[states.length - 1];
    const lastStageChange = [...states].reverse().find((s, i, all) => i === all.length - 1 || s.stage !== all[i + 1].stage) ?? first;
    // Other fields (next step, description, …) are sometimes edited after the last tracked change.
    const modifiedMs = this.r.chance(last.stage.startsWith('Closed') ? 0.1 : 0.3) ? last.atMs + this.r.next() * (this.nowMs - last.atMs) * 0.5 : last.atMs;
    const id = this.id(this.object('Opportunity'));
    const leadSource = this.r.pick(LEAD_SOURCES);
    const record: RecordValues = {
      Id: id,
      AccountId: account.id,
      IsPrivate: false,
      Name: `${account.name.split(' ').slice(0, 2).join(' ')} - ${this.r.pick(DEAL_NAMES)}`,
      Description: null,
      StageName: last.stage,
      Amount: last.amount,
      TotalOpportunityQuantity: this.r.chance(0.5) ? this.r.int(1, 500) : null,
      CloseDate: last.closeDate,
      Type: this.r.pick(OPPORTUNITY_TYPES),
      NextStep: last.stage.startsWith('Closed') ? null : this.r.pick(NEXT_STEPS),
      LeadSource: leadSource,
      CampaignId: campaigns.length && this.r.chance(0.25) ? this.r.pick(campaigns).id : null,
      HasOpportunityLineItem: false,
      OwnerId: ownerId,
      CreatedDate: formatDatetime(new Date(first.atMs)),
      CreatedById: ownerId,
      LastModifiedDate: formatDatetime(new Date(modifiedMs)),
      LastModifiedById: this.r.chance(0.8) ? ownerId : this.r.pick(this.userIds),
      SystemModstamp: formatDatetime(new Date(modifiedMs)),
      LastActivityDate: null,
      LastStageChangeDate: formatDatetime(new Date(lastStageChange.atMs)),
      External_Id__c: `OPP-${pad6(deal.seq)}`,
      Delivery_Status__c: last.stage === 'Closed Won' ? this.r.pick(['Yet to begin', 'In progress', 'Completed']) : null,
    };
    const override = forecastOverride(id, last.stage);
    if (override) record.ForecastCategoryName = override;
    deriveOpportunity(record, true, override ? FORECAST_GIVEN : NO_FIELDS_GIVEN, this.fiscal);
    insert(this.withCurrency(record, deal.currency));
    return {
      id,
      accountId: account.id,
      ownerId,
      closeDate: last.closeDate,
      closed: last.stage.startsWith('Closed'),
      createdMs: first.atMs,
      leadSource,
      currency: deal.currency,
    };
  }

  /** One OpportunityHistory row per state, as the store writes them on create and on each save. */
  private insertDealHistory(insert: (record: RecordValues) => void, historyObject: ObjectDef, deal: OpportunityInfo, states: DealState[]): void {
    let previous: RecordValues | undefined;
    for (const [i, state] of states.entries()) {
      const current: RecordValues = { Id: deal.id, StageName: state.stage, Amount: state.amount, CloseDate: state.closeDate };
      if (this.currencies) current.CurrencyIsoCode = deal.currency ?? this.currencies.corporate;
      // The rep's own forecast category, set with the last change (the opportunity carries it too).
      const override = i === states.length - 1 ? forecastOverride(deal.id, state.stage) : undefined;
      if (override) current.ForecastCategoryName = override;
      deriveOpportunity(current, true, override ? FORECAST_GIVEN : NO_FIELDS_GIVEN, this.fiscal);
      const values = opportunityHistoryValues(current, previous);
      previous = current;
      if (!values) continue;
      const stamp = formatDatetime(new Date(state.atMs));
      const by = this.r.chance(0.85) ? deal.ownerId : this.r.pick(this.userIds);
      insert({ Id: this.id(historyObject), IsDeleted: false, ...values, CreatedById: by, CreatedDate: stamp, SystemModstamp: stamp });
    }
  }

  private leads(count: number, accounts: AccountInfo[], contactsByAccount: Map<string, string[]>, opportunities: OpportunityInfo[]): string[] {
    const object = this.object('Lead');
    const insert = this.inserter(object);
    const opportunitiesByAccount = new Map<string, OpportunityInfo[]>();
    for (const o of opportunities) {
      const list = opportunitiesByAccount.get(o.accountId);
      if (list) list.push(o);
      else opportunitiesByAccount.set(o.accountId, [o]);
    }
    const converted = new Set<string>();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.id(object);
      const place = this.r.pick(PLACES);
      const { name: company, industry, slug } = this.companyName(place);
      const first = this.r.pick(FIRST_NAMES);
      const last = this.r.pick(LAST_NAMES);
      const status = this.r.weighted([
        ['Open - Not Contacted', 30],
        ['Working - Contacted', 30],
        ['Closed - Not Converted', 20],
        ['Closed - Converted', 20],
      ] as const);
      const ownerId = this.owner();
      const conversion =
        status === 'Closed - Converted' && accounts.length > 0
          ? this.leadConversion(accounts, contactsByAccount, opportunitiesByAccount, converted)
          : undefined;
      const audit = this.leadAudit(ownerId, conversion?.atMs);
      const convertedAccountId = conversion?.accountId ?? null;
      const convertedContactId = conversion?.contactId ?? null;
      const convertedOpportunityId = conversion?.opportunity?.id ?? null;
      const convertedDate = conversion ? String(audit.LastModifiedDate).slice(0, 10) : null;
      const employees = Math.round(10 ** (1 + this.r.next() * 3.5));
      const currency = this.currencyOf(place.country);
      const lead: RecordValues = {
        Id: id,
        LastName: last,
        FirstName: first,
        Salutation: this.r.chance(0.5) ? this.r.pick(SALUTATIONS) : null,
        Name: fullName(first, last),
        Title: this.r.pick(TITLES)[0],
        Company: company,
        Street: this.street(),
        City: place.city,
        State: place.state || null,
        PostalCode: `${place.postal()}${this.r.digits(2)}`,
        Country: place.country,
        Phone: place.phone(this.r),
        MobilePhone: this.r.chance(0.5) ? place.phone(this.r) : null,
        Email: `${ascii(first)}.${ascii(last)}@${slug}.example.com`,
        Website: `https://www.${slug}.example.com`,
        Description: null,
        // A converted lead and the opportunity made from it share their lead source.
        LeadSource: conversion?.opportunity?.leadSource ?? this.r.pick(LEAD_SOURCES),
        Status: status,
        Industry: industry,
        Rating: this.r.chance(0.7) ? this.r.pick(RATINGS) : null,
        AnnualRevenue: this.inCurrency(Math.round((employees * (60_000 + this.r.next() * 200_000)) / 1000) * 1000, currency, 1000),
        NumberOfEmployees: employees,
        OwnerId: ownerId,
        IsConverted: conversion !== undefined,
        ConvertedDate: convertedDate,
        ConvertedAccountId: convertedAccountId,
        ConvertedContactId: convertedContactId,
        ConvertedOpportunityId: convertedOpportunityId,
        IsUnreadByOwner: status === 'Open - Not Contacted' && this.r.chance(0.5),
        HasOptedOutOfEmail: this.r.chance(0.05),
        DoNotCall: this.r.chance(0.03),
        ...audit,
        LastActivityDate: null,
        External_Id__c: `LEAD-${pad6(i + 1)}`,
        Product_Interest__c: this.r.chance(0.6) ? [...new Set([this.r.pick(PRODUCT_INTERESTS), this.r.pick(PRODUCT_INTERESTS)])].sort().join(';') : null,
      };
      insert(this.withCurrency(lead, currency));
      ids.push(id);
      this.leadInfo.set(id, { ownerId, conversion: conversion && { ...conversion, opportunityId: convertedOpportunityId } });
    }
    return ids;
  }

  /**
   * Whom a converted lead became: an account, one of its contacts and, seven times in ten, the
   * latest opportunity of that account no other lead was converted into. Converting creates the
   * opportunity, so the conversion happened when the opportunity was created.
   */
  private leadConversion(
    accounts: AccountInfo[],
    contactsByAccount: Map<string, string[]>,
    opportunitiesByAccount: Map<string, OpportunityInfo[]>,
    taken: Set<string>,
  ): { accountId: string; contactId: string | null; opportunity?: OpportunityInfo; atMs?: number } {
    const account = this.r.pick(accounts);
    const contacts = contactsByAccount.get(account.id) ?? [];
    const contactId = contacts.length ? this.r.pick(contacts) : null;
    // The account's latest deal no lead was converted into yet.
    let opportunity: OpportunityInfo | undefined;
    if (this.r.chance(0.7)) {
      for (const o of opportunitiesByAccount.get(account.id) ?? []) {
        if (!taken.has(o.id) && (!opportunity || o.createdMs > opportunity.createdMs)) opportunity = o;
      }
    }
    if (!opportunity) return { accountId: account.id, contactId };
    taken.add(opportunity.id);
    return { accountId: account.id, contactId, opportunity, atMs: opportunity.createdMs };
  }

  /**
   * A lead's audit stamps. Leads come in steadily and more of them lately (a third in the last
   * 90 days); a converted lead was last modified by its conversion, which came after its creation.
   */
  private leadAudit(ownerId: string, convertedMs: number | undefined): RecordValues {
    let createdMs: number;
    let modifiedMs: number;
    if (convertedMs !== undefined) {
      createdMs = convertedMs - (0.5 + this.r.next() * 45) * DAY;
      modifiedMs = convertedMs;
    } else {
      createdMs = this.nowMs - (0.02 + 730 * this.r.next() ** 1.7) * DAY;
      modifiedMs = this.r.chance(0.4) ? createdMs : createdMs + this.r.next() * (this.nowMs - createdMs);
    }
    const modified = formatDatetime(new Date(modifiedMs));
    return {
      CreatedDate: formatDatetime(new Date(createdMs)),
      CreatedById: ownerId,
      LastModifiedDate: modified,
      LastModifiedById: this.r.chance(0.8) ? ownerId : this.r.pick(this.userIds),
      SystemModstamp: modified,
    };
  }

  private cases(count: number, accounts: AccountInfo[], contactsByAccount: Map<string, string[]>): CaseInfo[] {
    if (!accounts.length) return [];
    const object = this.object('Case');
    const insert = this.inserter(object);
    const top = this.store.db.prepare('SELECT MAX("CaseNumber") AS n FROM "Case"').get() as { n: string | null };
    let caseNumber = Math.max(top.n ? Number.parseInt(top.n, 10) : 1000, 1000);
    const cases: CaseInfo[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.id(object);
      const account = this.r.pick(accounts);
      const contacts = contactsByAccount.get(account.id) ?? [];
      const contactId = contacts.length ? this.r.pick(contacts) : null;
      const createdDaysAgo = this.r.next() ** 2 * Math.min(720, Math.max(1, account.createdDaysAgo));
      // Older cases are mostly closed; recent ones mostly open.
      const closed = this.r.chance(createdDaysAgo > 30 ? 0.85 : 0.25);
      const status = closed
        ? 'Closed'
        : this.r.weighted([
            ['New', 40],
            ['Working', 45],
            ['Escalated', 15],
          ] as const);
      const type = this.r.pick(Object.keys(CASE_SUBJECTS));
      const origin = this.r.pick(CASE_ORIGINS);
      const ownerId = this.r.chance(0.6) ? this.userIds[4] : this.owner();
      const created = this.ago(createdDaysAgo);
      const closedDate = closed ? this.ago(createdDaysAgo * this.r.next()) : null;
      const modified = closedDate ?? this.ago(createdDaysAgo * this.r.next());
      caseNumber += 1;
      const caseRecord: RecordValues = {
        Id: id,
        CaseNumber: String(caseNumber).padStart(8, '0'),
        ContactId: contactId,
        AccountId: account.id,
        ParentId: null,
        SuppliedName: origin === 'Web' ? 'Web form' : null,
        SuppliedEmail: null,
        SuppliedPhone: null,
        SuppliedCompany: origin === 'Web' ? account.name : null,
        Type: type,
        Status: status,
        Reason: this.r.pick(CASE_REASONS),
        Origin: origin,
        Subject: this.r.pick(CASE_SUBJECTS[type]),
        Priority: this.r.weighted([
          ['High', 20],
          ['Medium', 55],
          ['Low', 25],
        ] as const),
        Description: null,
        IsClosed: closed,
        ClosedDate: closedDate,
        IsEscalated: status === 'Escalated',
        OwnerId: ownerId,
        CreatedDate: created,
        CreatedById: ownerId,
        LastModifiedDate: modified,
        LastModifiedById: ownerId,
        SystemModstamp: modified,
        LastActivityDate: null,
        External_Id__c: `CASE-${pad6(i + 1)}`,
      };
      insert(this.withCurrency(caseRecord, account.currency));
      cases.push({ id, accountId: account.id, contactId, ownerId, createdDaysAgo });
    }
    return cases;
  }

  private campaignMembers(campaigns: CampaignInfo[], contactsByAccount: Map<string, string[]>, leads: string[]): void {
    const object = this.object('CampaignMember');
    const insert = this.inserter(object);
    const contacts = [...contactsByAccount.values()].flat();
    const perCampaign = Math.max(5, Math.round((2 * (contacts.length / 3)) / Math.max(1, campaigns.length)));
    for (const campaign of campaigns) {
      // A contact or lead belongs to a campaign at most once.
      const chosen = new Set<string>();
      const size = this.r.int(Math.ceil(perCampaign / 2), perCampaign * 2);
      for (let attempt = 0; attempt < size * 2 && chosen.size < size; attempt++) {
        const fromLeads = leads.length > 0 && this.r.chance(0.35);
        const pool = fromLeads ? leads : contacts;
        if (!pool.length) break;
        const memberId = this.r.pick(pool);
        if (chosen.has(memberId)) continue;
        chosen.add(memberId);
        const started = campaign.start <= this.today;
        const responded = started && this.r.chance(0.3);
        const ownerId = this.demoUserId;
        const audit = this.audit(ownerId, 30, 0);
        insert({
          Id: this.id(object),
          CampaignId: campaign.id,
          LeadId: fromLeads ? memberId : null,
          ContactId: fromLeads ? null : memberId,
          Status: responded ? 'Responded' : 'Sent',
          HasResponded: responded,
          FirstRespondedDate: responded ? (campaign.start < this.today ? campaign.start : this.today) : null,
          ...audit,
        });
      }
    }
  }

  // -- activity history --------------------------------------------------------------------------

  private activities(
    accounts: AccountInfo[],
    contactsByAccount: Map<string, string[]>,
    opportunities: OpportunityInfo[],
    cases: CaseInfo[],
    leads: string[],
  ): void {
    const taskObject = this.object('Task');
    const eventObject = this.object('Event');
    const insertTask = this.inserter(taskObject);
    const insertEvent = this.inserter(eventObject);

    // `window`: the days (relative to today) the activity may fall on; a deal's lie in its life.
    const task = (whoId: string | null, whatId: string | null, accountId: string | null, ownerId: string, window: readonly [number, number] = [-365, 30]) => {
      const dayOffset = this.r.int(window[0], window[1]);
      const activityDate = addDays(this.today, dayOffset);
      const past = dayOffset < 0;
      const status = past
        ? this.r.weighted([
            ['Completed', 85],
            ['Deferred', 5],
            ['Not Started', 10],
          ] as const)
        : this.r.weighted([
            ['Not Started', 60],
            ['In Progress', 30],
            ['Waiting on someone else', 10],
          ] as const);
      const [subtype, subject] = this.r.pick(TASK_SUBJECTS_BY_TYPE);
      const priority = this.r.weighted([
        ['High', 15],
        ['Normal', 70],
        ['Low', 15],
      ] as const);
      const closed = status === 'Completed';
      const createdDaysAgo = Math.max(0.1, -dayOffset + this.r.int(1, 14));
      const audit = this.audit(ownerId, createdDaysAgo, Math.max(0, -dayOffset));
      insertTask({
        Id: this.id(taskObject),
        WhoId: whoId,
        WhatId: whatId,
        Subject: subject,
        ActivityDate: activityDate,
        Status: status,
        Priority: priority,
        IsHighPriority: priority === 'High',
        OwnerId: ownerId,
        Description: null,
        IsClosed: closed,
        AccountId: accountId,
        CallDurationInSeconds: subtype === 'Call' && closed ? this.r.int(60, 1800) : null,
        CallType: subtype === 'Call' ? this.r.pick(CALL_TYPES) : null,
        TaskSubtype: subtype,
        CompletedDateTime: closed ? audit.LastModifiedDate : null,
        ...audit,
      });
      if (closed) this.noteActivity([whoId, whatId, accountId], activityDate);
    };

    const event = (whoId: string | null, whatId: string | null, accountId: string | null, ownerId: string, window: readonly [number, number] = [-365, 45]) => {
      const dayOffset = this.r.int(window[0], window[1]);
      const date = addDays(this.today, dayOffset);
      const start = `${date}T${String(this.r.int(14, 22)).padStart(2, '0')}:${this.r.pick(['00', '30'])}:00.000+0000`;
      const duration = this.r.pick([30, 30, 45, 60, 60, 90, 120]);
      const end = formatDatetime(new Date(Date.parse(start.replace('+0000', 'Z')) + duration * 60_000));
      const createdDaysAgo = Math.max(0.1, -dayOffset + this.r.int(1, 21));
      insertEvent({
        Id: this.id(eventObject),
        WhoId: whoId,
        WhatId: whatId,
        Subject: this.r.pick(EVENT_SUBJECTS),
        Location: this.r.pick(LOCATIONS),
        IsAllDayEvent: false,
        ActivityDateTime: start,
        ActivityDate: date,
        DurationInMinutes: duration,
        StartDateTime: start,
        EndDateTime: end,
        Description: null,
        AccountId: accountId,
        OwnerId: ownerId,
        Type: this.r.pick(['Meeting', 'Call', 'Meeting', 'Other']),
        IsPrivate: false,
        ShowAs: 'Busy',
        EventSubtype: 'Event',
        ...this.audit(ownerId, createdDaysAgo, Math.max(0, createdDaysAgo - 7)),
      });
      if (date <= this.today) this.noteActivity([whoId, whatId, accountId], date);
    };

    const contactOf = (accountId: string) => {
      const contacts = contactsByAccount.get(accountId) ?? [];
      return contacts.length && this.r.chance(0.7) ? this.r.pick(contacts) : null;
    };

    for (const account of accounts) {
      const n = this.r.int(0, 2);
      for (let i = 0; i < n; i++) task(contactOf(account.id), account.id, account.id, account.ownerId);
      if (this.r.chance(0.35)) event(contactOf(account.id), account.id, account.id, account.ownerId);
    }
    for (const opp of opportunities) {
      // From the deal's creation to its close (closed deals) or a few weeks ahead (open ones).
      const from = Math.min(0, Math.ceil((opp.createdMs - this.nowMs) / DAY));
      const to = opp.closed ? Math.max(from, Math.min(0, dayOffsetOf(opp.closeDate, this.today))) : 30;
      const n = this.r.int(0, 2);
      for (let i = 0; i < n; i++) task(contactOf(opp.accountId), opp.id, opp.accountId, opp.ownerId, [from, to]);
      if (this.r.chance(0.3)) event(contactOf(opp.accountId), opp.id, opp.accountId, opp.ownerId, [from, opp.closed ? to : 45]);
    }
    for (const c of cases) {
      // A case's activities roll up to the account of their contact, if any (rules.deriveActivityAccount).
      if (this.r.chance(0.4)) task(c.contactId, c.id, c.contactId ? c.accountId : null, c.ownerId);
    }
    for (const leadId of leads) {
      // A converted lead's activities moved to the contact (and the opportunity) it became.
      const conversion = this.leadInfo.get(leadId)?.conversion;
      const who = conversion ? conversion.contactId : leadId;
      const what = conversion ? (conversion.opportunityId ?? (conversion.contactId ? null : conversion.accountId)) : null;
      const account = conversion?.accountId ?? null;
      if (this.r.chance(0.5)) task(who, what, account, this.owner());
      if (this.r.chance(0.1)) event(who, what, account, this.owner());
    }
    const agenda = this.agenda(accounts, contactsByAccount, opportunities, leads);
    for (const spec of agenda.tasks) insertTask(this.agendaTaskRow(taskObject, spec));
    for (const spec of agenda.events) insertEvent(this.agendaEventRow(eventObject, spec));
  }

  /** The demo user's agenda (./generate-agenda.ts), from its own random stream. */
  private agenda(accounts: AccountInfo[], contactsByAccount: Map<string, string[]>, opportunities: OpportunityInfo[], leads: string[]) {
    const me = this.demoUserId;
    return demoAgenda({
      rng: new Random(this.opts.seed + AGENDA_SEED_OFFSET),
      nowMs: this.nowMs,
      demoUserId: me,
      colleagues: this.userIds.filter((id) => id !== me),
      mine: {
        opportunities: opportunities.filter((o) => o.ownerId === me && !o.closed).slice(0, 12),
        accounts: accounts
          .filter((a) => a.ownerId === me)
          .slice(0, 12)
          .map((a) => ({ id: a.id, contactIds: contactsByAccount.get(a.id) ?? [] })),
        leads: leads.filter((id) => this.leadInfo.get(id)?.ownerId === me && !this.leadInfo.get(id)?.conversion).slice(0, 8),
      },
    });
  }

  /** A Task row of the agenda, with the fields the store derives set as it would. */
  private agendaTaskRow(object: ObjectDef, t: AgendaTask): RecordValues {
    const closed = t.status === 'Completed';
    const modified = formatDatetime(new Date(t.modifiedMs));
    if (closed && t.activityDate) this.noteActivity([t.whoId, t.whatId, t.accountId], t.activityDate);
    return {
      Id: this.id(object),
      WhoId: t.whoId,
      WhatId: t.whatId,
      Subject: t.subject,
      ActivityDate: t.activityDate,
      Status: t.status,
      Priority: t.priority,
      IsHighPriority: t.priority === 'High',
      OwnerId: t.ownerId,
      Description: null,
      IsClosed: closed,
      AccountId: t.accountId,
      CallDurationInSeconds: t.callDurationInSeconds,
      CallType: t.callType,
      TaskSubtype: t.subtype,
      CompletedDateTime: t.completedMs === null ? null : modified,
      CreatedDate: formatDatetime(new Date(t.createdMs)),
      CreatedById: t.ownerId,
      LastModifiedDate: modified,
      LastModifiedById: t.ownerId,
      SystemModstamp: modified,
    };
  }

  /** An Event row of the agenda: start, end, duration and dates consistent as the store derives them. */
  private agendaEventRow(object: ObjectDef, e: AgendaEvent): RecordValues {
    const start = formatDatetime(new Date(e.startMs));
    const date = start.slice(0, 10);
    const created = formatDatetime(new Date(e.createdMs));
    if (date <= this.today) this.noteActivity([e.whoId, e.whatId, e.accountId], date);
    return {
      Id: this.id(object),
      WhoId: e.whoId,
      WhatId: e.whatId,
      Subject: e.subject,
      Location: e.location,
      IsAllDayEvent: e.allDay,
      ActivityDateTime: start,
      ActivityDate: date,
      DurationInMinutes: e.durationInMinutes,
      StartDateTime: start,
      EndDateTime: formatDatetime(new Date(e.startMs + e.durationInMinutes * 60_000)),
      Description: null,
      AccountId: e.accountId,
      OwnerId: e.ownerId,
      Type: e.type,
      IsPrivate: false,
      ShowAs: 'Busy',
      EventSubtype: 'Event',
      CreatedDate: created,
      CreatedById: e.ownerId,
      LastModifiedDate: created,
      LastModifiedById: e.ownerId,
      SystemModstamp: created,
    };
  }

  private competitors(opportunities: OpportunityInfo[]): void {
    const object = this.object('Competitor__c');
    const insert = this.inserter(object);
    for (const opp of opportunities) {
      if (!this.r.chance(0.45)) continue;
      const count = this.r.int(1, 2);
      const used = new Set<number>();
      for (let i = 0; i < count; i++) {
        const index = this.r.int(0, COMPETITORS.length - 1);
        if (used.has(index)) continue;
        used.add(index);
        const [name, website] = COMPETITORS[index];
        const competitor: RecordValues = {
          Id: this.id(object),
          Name: name,
          Opportunity__c: opp.id,
          ...this.audit(opp.ownerId, 300, 1),
          Threat_Level__c: this.r.pick(['High', 'Medium', 'Low']),
          Strengths__c: this.r.pick(STRENGTHS),
          Weaknesses__c: this.r.pick(WEAKNESSES),
          Price_Difference__c: Math.round((this.r.next() * 40 - 20) * 100) / 100,
          Website__c: website,
        };
        insert(this.withCurrency(competitor, opp.currency));
      }
    }
  }

  private writeLastActivity(): void {
    const statements = new Map<string, Database.Statement>();
    for (const [id, date] of this.lastActivity) {
      const object = this.store.schema.objectForId(id);
      if (!object || !this.store.schema.getField(object.name, 'LastActivityDate')) continue;
      let statement = statements.get(object.name);
      if (!statement) {
        statement = this.store.db.prepare(`UPDATE "${object.name}" SET "LastActivityDate" = ? WHERE "Id" = ?`);
        statements.set(object.name, statement);
      }
      statement.run(date, id);
    }
  }
}

interface AccountInfo {
  id: string;
  name: string;
  ownerId: string;
  place: Place;
  slug: string;
  currency: string | undefined;
  createdDaysAgo: number;
}
interface CampaignInfo {
  id: string;
  start: string;
}
interface OpportunityInfo {
  id: string;
  accountId: string;
  ownerId: string;
  closeDate: string;
  closed: boolean;
  createdMs: number;
  leadSource: string;
  currency: string | undefined;
}
interface LeadInfo {
  ownerId: string;
  conversion?: { accountId: string; contactId: string | null; opportunityId: string | null };
}
/** The agenda's random stream: its own, so adding to it never shifts the rest of the org. */
const AGENDA_SEED_OFFSET = 0x5eed;
interface CaseInfo {
  id: string;
  accountId: string;
  contactId: string | null;
  ownerId: string;
  createdDaysAgo: number;
}
