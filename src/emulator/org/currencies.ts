/**
 * Multi-currency orgs. When an org is created with a list of currencies (the first is the
 * corporate currency), every object with currency fields gains a CurrencyIsoCode picklist and the
 * org gets a CurrencyType row per currency; in a single-currency org (the default, the Demo org)
 * neither exists, as in Salesforce ("CurrencyType: this object is not available in
 * single-currency organizations"; CurrencyIsoCode "available only for organizations with the
 * multicurrency feature enabled").
 *
 * Conversion rates are fixed sample rates (no dated exchange rates: advanced currency management
 * is off), expressed as Salesforce expresses them: units of the currency per unit of the
 * corporate currency (CurrencyType.ConversionRate, "conversion rate of this currency type against
 * the corporate currency"), 6 decimal places.
 */

interface KnownCurrency {
  /** Units per US dollar (sample figures, stable so tests can rely on them). */
  perUsd: number;
  /** CurrencyType.DecimalPlaces: 0 for JPY, 2 for most. */
  decimals: number;
}

const KNOWN_CURRENCIES: Readonly<Record<string, KnownCurrency>> = {
  USD: { perUsd: 1, decimals: 2 },
  EUR: { perUsd: 0.92, decimals: 2 },
  GBP: { perUsd: 0.79, decimals: 2 },
  JPY: { perUsd: 155, decimals: 0 },
  CAD: { perUsd: 1.36, decimals: 2 },
  AUD: { perUsd: 1.52, decimals: 2 },
  CHF: { perUsd: 0.88, decimals: 2 },
  SEK: { perUsd: 10.5, decimals: 2 },
  INR: { perUsd: 83.5, decimals: 2 },
  BRL: { perUsd: 5.1, decimals: 2 },
  SGD: { perUsd: 1.35, decimals: 2 },
  NZD: { perUsd: 1.65, decimals: 2 },
};

export const SUPPORTED_CURRENCIES: readonly string[] = Object.keys(KNOWN_CURRENCIES);

/** The country of a generated address -> the currency its records would be kept in. */
export const CURRENCY_BY_COUNTRY: Readonly<Record<string, string>> = {
  'United States': 'USD',
  Canada: 'CAD',
  'United Kingdom': 'GBP',
  France: 'EUR',
  Germany: 'EUR',
  Spain: 'EUR',
  Netherlands: 'EUR',
  Ireland: 'EUR',
  Sweden: 'SEK',
  Japan: 'JPY',
  Singapore: 'SGD',
  Australia: 'AUD',
  Brazil: 'BRL',
  India: 'INR',
};

/**
 * Checks an org's currency list: one or more distinct, supported ISO codes (upper case).
 * Returns it unchanged; throws RangeError otherwise.
 */
export function validateCurrencies(currencies: readonly string[]): readonly string[] {
  if (!Array.isArray(currencies) || currencies.length === 0) throw new RangeError('currencies must list at least one ISO currency code');
  const seen = new Set<string>();
  for (const code of currencies) {
    if (typeof code !== 'string' || !KNOWN_CURRENCIES[code]) {
      throw new RangeError(`unsupported currency '${String(code)}': use ${SUPPORTED_CURRENCIES.join(', ')}`);
    }
    if (seen.has(code)) throw new RangeError(`currency ${code} is listed twice`);
    seen.add(code);
  }
  return currencies;
}

export interface CurrencyTypeValues {
  IsoCode: string;
  ConversionRate: number;
  DecimalPlaces: number;
  IsActive: boolean;
  IsCorporate: boolean;
}

/** The CurrencyType rows of an org with these currencies (the first is corporate, rate 1). */
export function currencyTypeValues(currencies: readonly string[]): CurrencyTypeValues[] {
  const corporate = KNOWN_CURRENCIES[currencies[0]];
  return currencies.map((code, i) => ({
    IsoCode: code,
    ConversionRate: i === 0 ? 1 : Math.round((KNOWN_CURRENCIES[code].perUsd / corporate.perUsd) * 1e6) / 1e6,
    DecimalPlaces: KNOWN_CURRENCIES[code].decimals,
    IsActive: true,
    IsCorporate: i === 0,
  }));
}

/** The active currencies of a multi-currency org, read from its CurrencyType rows. */
export interface OrgCurrencies {
  corporate: string;
  /** ISO code -> conversion rate against the corporate currency and decimal places. */
  rates: ReadonlyMap<string, { rate: number; decimals: number }>;
}
