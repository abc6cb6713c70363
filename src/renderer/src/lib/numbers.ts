/**
 * Number fields are typed as text so people can write "1,200,000" or "$2500".
 * '' → not given (undefined); anything that is not a plain number → NaN, which the form reports.
 */
export function parseNumberInput(text: string): number | undefined {
  const cleaned = text.trim().replace(/[\s,$]/g, '');
  if (cleaned === '') return undefined;
  return /^-?\d+(?:\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}
