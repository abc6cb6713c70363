/**
 * Generates the Demo org's data: users, accounts with contacts, opportunities, cases, leads,
 * campaigns and their members, activity history and competitors. Deterministic for a seed and
 * the store's clock (all dates are relative to store.now()), and fast: rows go straight into
 * SQLite through prepared statements in one transaction, skipping per-row validation, with the
 * calculated fields computed by the same rules the store applies on save.
 */
import type Database from 'better-sqlite3';
import { DEMO_USERNAME } from '../demo-app';
import { idCounter, makeId } from './ids';
import { deriveOpportunity, fullName, type RecordValues } from './rules';
import { CALL_TYPES, CAMPAIGN_TYPES, CASE_ORIGINS, CASE_REASONS, LEAD_SOURCES, OPPORTUNITY_STAGES, OPPORTUNITY_TYPES, RATINGS, SALUTATIONS } from './schema';
import type { FieldDef, ObjectDef, OrgStore } from './types';
import { addDays, formatDate, formatDatetime } from './values';
import { mulberry32 } from '../random';

export interface GenerateOptions {
  seed: number;
  /** Number of Accounts; every other volume follows from it. */
  scale: number;
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

/**
 * A prepared INSERT fed with records of API values. Its columns are the first record's keys
 * (the generator builds every record of an object with the same keys); columns it leaves out
 * stay NULL, which keeps the statement narrow.
 */
function inserter(store: OrgStore, object: ObjectDef): (record: RecordValues) => void {
  let fields: FieldDef[] = [];
  let booleans: boolean[] = [];
  let values: unknown[] = [];
  let statement: Database.Statement | undefined;
  return (record) => {
    if (!statement) {
      fields = Object.keys(record).map((name) => {
        const f = store.schema.getField(object.name, name);
        if (!f || f.name !== name) throw new Error(`generateDemoOrg: ${object.name} has no field ${name}`);
        return f;
      });
      booleans = fields.map((f) => f.type === 'boolean');
      values = new Array(fields.length);
      statement = store.db.prepare(
        `INSERT INTO "${object.name}" (${fields.map((f) => `"${f.name}"`).join(', ')}) ` + `VALUES (${fields.map(() => '?').join(', ')})`,
      );
    } else if (Object.keys(record).length !== fields.length) {
      throw new Error(`generateDemoOrg: ${object.name} records must all have the same fields`);
    }
    for (let i = 0; i < fields.length; i++) {
      const v = record[fields[i].name];
      values[i] = booleans[i] ? (v ? 1 : 0) : (v ?? null);
    }
    statement.run(values);
  };
}

export function generateDemoOrg(store: OrgStore, opts: GenerateOptions): GeneratedOrg {
  if (!Number.isFinite(opts.seed)) throw new Error('generateDemoOrg: seed must be a number');
  if (!Number.isInteger(opts.scale) || opts.scale < 0) throw new Error('generateDemoOrg: scale must be a whole number ≥ 0');
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

  constructor(
    private readonly store: OrgStore,
    private readonly opts: GenerateOptions,
  ) {
    this.r = new Random(opts.seed);
    this.now = store.now();
    this.nowMs = this.now.getTime();
    this.today = formatDate(this.now);
  }

  private object(name: string): ObjectDef {
    const object = this.store.schema.getObject(name);
    if (!object) throw new Error(`generateDemoOrg: the schema has no ${name}`);
    return object;
  }

  private id(object: ObjectDef): string {
    let counter = this.nextCounter.get(object.name);
    if (counter === undefined) {
      const top = this.store.db.prepare(`SELECT "Id" FROM "${object.name}" ORDER BY "Id" DESC LIMIT 1`).get() as { Id: string } | undefined;
      counter = top ? idCounter(top.Id) : 0;
    }
    counter += 1;
    this.nextCounter.set(object.name, counter);
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
    this.writeLastActivity();
    return { demoUserId: this.demoUserId, userIds: [...this.userIds] };
  }

  // -- org, profiles, users ----------------------------------------------------------------------

  private organizationAndUsers(): void {
    const orgObject = this.object('Organization');
    const profileObject = this.object('Profile');
    const userObject = this.object('User');
    const insertOrg = inserter(this.store, orgObject);
    const insertProfile = inserter(this.store, profileObject);
    const insertUser = inserter(this.store, userObject);

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
    const insert = inserter(this.store, object);
    const accounts: AccountInfo[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.id(object);
      const place = this.r.pick(PLACES);
      const { name, industry, slug } = this.companyName(place);
      const ownerId = this.owner();
      const employees = Math.round(10 ** (1 + this.r.next() * 3.7));
      const revenue = Math.round((employees * (80_000 + this.r.next() * 320_000)) / 1000) * 1000;
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
      insert(record);
      accounts.push({ id, name, ownerId, place, slug, createdDaysAgo: (this.nowMs - Date.parse(String(audit.CreatedDate).replace('+0000', 'Z'))) / DAY });
    }
    return accounts;
  }

  private contacts(accounts: AccountInfo[]): Map<string, string[]> {
    const object = this.object('Contact');
    const insert = inserter(this.store, object);
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
        insert({
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
        });
        ids.push(id);
      }
      byAccount.set(account.id, ids);
    }
    return byAccount;
  }

  // -- campaigns, opportunities, leads, cases ---------------------------------------------------

  private campaigns(count: number): CampaignInfo[] {
    const object = this.object('Campaign');
    const insert = inserter(this.store, object);
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
      insert({
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
      });
      campaigns.push({ id, start });
    }
    return campaigns;
  }

  private opportunities(accounts: AccountInfo[], campaigns: CampaignInfo[]): OpportunityInfo[] {
    const object = this.object('Opportunity');
    const insert = inserter(this.store, object);
    const opportunities: OpportunityInfo[] = [];
    const openStages = OPPORTUNITY_STAGES.filter((s) => !s.closed).map((s) => s.value);
    const noGiven = new Set<string>();
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
        const id = this.id(object);
        // Close dates from about six quarters back to three quarters ahead.
        const closeOffset = this.r.int(-540, 270);
        const closeDate = addDays(this.today, closeOffset);
        let stage: string;
        if (closeOffset < 0) {
          stage = this.r.weighted([
            ['Closed Won', 50],
            ['Closed Lost', 38],
            ['open', 12],
          ] as const);
          if (stage === 'open') stage = this.r.pick(openStages.slice(4));
        } else {
          stage = this.r.pick(openStages);
        }
        const ownerId = this.r.chance(0.9) ? account.ownerId : this.owner();
        const createdDaysAgo = Math.max(1, -closeOffset + this.r.int(20, 200));
        seq += 1;
        const record: RecordValues = {
          Id: id,
          AccountId: account.id,
          IsPrivate: false,
          Name: `${account.name.split(' ').slice(0, 2).join(' ')} - ${this.r.pick(DEAL_NAMES)}`,
          Description: null,
          StageName: stage,
          Amount: this.r.int(50, 5000) * 100,
          TotalOpportunityQuantity: this.r.chance(0.5) ? this.r.int(1, 500) : null,
          CloseDate: closeDate,
          Type: this.r.pick(OPPORTUNITY_TYPES),
          NextStep: stage.startsWith('Closed') ? null : this.r.pick(NEXT_STEPS),
          LeadSource: this.r.pick(LEAD_SOURCES),
          CampaignId: campaigns.length && this.r.chance(0.25) ? this.r.pick(campaigns).id : null,
          HasOpportunityLineItem: false,
          OwnerId: ownerId,
          ...this.audit(ownerId, createdDaysAgo, Math.max(0, Math.min(createdDaysAgo - 1, -closeOffset))),
          LastActivityDate: null,
          External_Id__c: `OPP-${pad6(seq)}`,
          Delivery_Status__c: stage === 'Closed Won' ? this.r.pick(['Yet to begin', 'In progress', 'Completed']) : null,
        };
        deriveOpportunity(record, true, noGiven);
        insert(record);
        opportunities.push({ id, accountId: account.id, ownerId, closeDate, closed: stage.startsWith('Closed') });
      }
    }
    return opportunities;
  }

  private leads(count: number, accounts: AccountInfo[], contactsByAccount: Map<string, string[]>, opportunities: OpportunityInfo[]): string[] {
    const object = this.object('Lead');
    const insert = inserter(this.store, object);
    const opportunitiesByAccount = new Map<string, string[]>();
    for (const o of opportunities) {
      const list = opportunitiesByAccount.get(o.accountId);
      if (list) list.push(o.id);
      else opportunitiesByAccount.set(o.accountId, [o.id]);
    }
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
      const converted = status === 'Closed - Converted' && accounts.length > 0;
      const ownerId = this.owner();
      const audit = this.audit(ownerId, 730, 1);
      let convertedAccountId: string | null = null;
      let convertedContactId: string | null = null;
      let convertedOpportunityId: string | null = null;
      let convertedDate: string | null = null;
      if (converted) {
        const account = this.r.pick(accounts);
        convertedAccountId = account.id;
        const contacts = contactsByAccount.get(account.id) ?? [];
        convertedContactId = contacts.length ? this.r.pick(contacts) : null;
        const opps = opportunitiesByAccount.get(account.id) ?? [];
        convertedOpportunityId = opps.length && this.r.chance(0.7) ? this.r.pick(opps) : null;
        convertedDate = String(audit.LastModifiedDate).slice(0, 10);
      }
      const employees = Math.round(10 ** (1 + this.r.next() * 3.5));
      insert({
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
        LeadSource: this.r.pick(LEAD_SOURCES),
        Status: status,
        Industry: industry,
        Rating: this.r.chance(0.7) ? this.r.pick(RATINGS) : null,
        AnnualRevenue: Math.round((employees * (60_000 + this.r.next() * 200_000)) / 1000) * 1000,
        NumberOfEmployees: employees,
        OwnerId: ownerId,
        IsConverted: converted,
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
      });
      ids.push(id);
    }
    return ids;
  }

  private cases(count: number, accounts: AccountInfo[], contactsByAccount: Map<string, string[]>): CaseInfo[] {
    if (!accounts.length) return [];
    const object = this.object('Case');
    const insert = inserter(this.store, object);
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
      insert({
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
      });
      cases.push({ id, accountId: account.id, contactId, ownerId, createdDaysAgo });
    }
    return cases;
  }

  private campaignMembers(campaigns: CampaignInfo[], contactsByAccount: Map<string, string[]>, leads: string[]): void {
    const object = this.object('CampaignMember');
    const insert = inserter(this.store, object);
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
    const insertTask = inserter(this.store, taskObject);
    const insertEvent = inserter(this.store, eventObject);

    const task = (whoId: string | null, whatId: string | null, accountId: string | null, ownerId: string) => {
      const dayOffset = this.r.int(-365, 30);
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

    const event = (whoId: string | null, whatId: string | null, accountId: string | null, ownerId: string) => {
      const dayOffset = this.r.int(-365, 45);
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
      const n = this.r.int(0, 2);
      for (let i = 0; i < n; i++) task(contactOf(opp.accountId), opp.id, opp.accountId, opp.ownerId);
      if (this.r.chance(0.3)) event(contactOf(opp.accountId), opp.id, opp.accountId, opp.ownerId);
    }
    for (const c of cases) {
      if (this.r.chance(0.4)) task(c.contactId, c.id, c.accountId, c.ownerId);
    }
    for (const leadId of leads) {
      if (this.r.chance(0.5)) task(leadId, null, null, this.owner());
      if (this.r.chance(0.1)) event(leadId, null, null, this.owner());
    }
  }

  private competitors(opportunities: OpportunityInfo[]): void {
    const object = this.object('Competitor__c');
    const insert = inserter(this.store, object);
    for (const opp of opportunities) {
      if (!this.r.chance(0.45)) continue;
      const count = this.r.int(1, 2);
      const used = new Set<number>();
      for (let i = 0; i < count; i++) {
        const index = this.r.int(0, COMPETITORS.length - 1);
        if (used.has(index)) continue;
        used.add(index);
        const [name, website] = COMPETITORS[index];
        insert({
          Id: this.id(object),
          Name: name,
          Opportunity__c: opp.id,
          ...this.audit(opp.ownerId, 300, 1),
          Threat_Level__c: this.r.pick(['High', 'Medium', 'Low']),
          Strengths__c: this.r.pick(STRENGTHS),
          Weaknesses__c: this.r.pick(WEAKNESSES),
          Price_Difference__c: Math.round((this.r.next() * 40 - 20) * 100) / 100,
          Website__c: website,
        });
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
}
interface CaseInfo {
  id: string;
  accountId: string;
  contactId: string | null;
  ownerId: string;
  createdDaysAgo: number;
}
