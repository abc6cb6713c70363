import { z } from 'zod';

/** A Salesforce record Id: 15 or 18 alphanumerics. */
export const SalesforceId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'Not a Salesforce record Id');

/** Calls that take no arguments still get a (strict, empty) object, so the gate can validate. */
export const NoInput = z.object({}).strict().optional();

export const SortDirection = z.enum(['asc', 'desc']);

/** Search boxes: trimmed, bounded; the core escapes it for SOQL/SOSL, never the renderer. */
export const SearchText = z.string().trim().max(100);

export const PageRequest = {
  page: z.number().int().min(0).max(1_000).default(0),
  pageSize: z.number().int().min(5).max(200).default(50),
};

/** Optional text field of a create form: '' means "not given". */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/** One entry of the contract: the preload method name, and the schemas on both sides. */
export interface ChannelSpec<I extends z.ZodTypeAny = z.ZodTypeAny, O extends z.ZodTypeAny = z.ZodTypeAny> {
  method: string;
  input: I;
  output: O;
}
