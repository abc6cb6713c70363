/**
 * The org's API request counter: what `Sforce-Limit-Info: api-usage=n/N` reports and what
 * `DailyApiRequests` in /limits shows. Salesforce counts a rolling 24 hours; a local org never
 * runs that long in one piece, so the count only resets on demand.
 */
export class ApiUsage {
  private used = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('apiLimit must be a positive integer');
  }

  get count(): number {
    return this.used;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Counts one call; false (and no count) when the quota is already spent. */
  tryConsume(): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }

  exhaust(): void {
    this.used = this.limit;
  }

  reset(): void {
    this.used = 0;
  }

  header(): string {
    return `api-usage=${this.used}/${this.limit}`;
  }
}
