/**
 * Where an email address may wrap: after its @ and before each dot, never inside a word (the
 * facts' `overflow-wrap: anywhere` broke "alder-health.example" into "alder-he / alth").
 */
export function emailBreakParts(email: string): string[] {
  return email.split(/(?<=@)|(?=\.)/).filter(Boolean);
}
