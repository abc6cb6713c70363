/**
 * A query result kept as the JSON text of its records, UTF-8 encoded in blocks outside the JS
 * heap, readable by record range. A cursor over tens of thousands of rows then holds a few
 * dozen Buffers instead of a few hundred thousand row arrays and strings that every garbage
 * collection would have to copy or mark, and a page goes to the socket without being encoded.
 */

/** Records per block: blocks stay well below V8's large-object size while being built. */
const RECORDS_PER_BLOCK = 128;

export class RecordText {
  private readonly blocks: Buffer[] = [];
  /** Byte offset of each record inside its block. */
  private readonly starts: number[] = [];
  private pending: string[] = [];

  /** Appends one record's JSON text. */
  add(json: string): void {
    this.pending.push(json);
    if (this.pending.length === RECORDS_PER_BLOCK) this.flush();
  }

  /** Ends the building; call once after the last add. */
  finish(): this {
    if (this.pending.length) this.flush();
    return this;
  }

  get size(): number {
    return this.starts.length;
  }

  /**
   * The records [start, end) as pieces of UTF-8 text, each a comma-separated run of records;
   * joined with commas they are the elements of the records array.
   */
  pieces(start: number, end: number): Buffer[] {
    const stop = Math.min(end, this.size);
    const out: Buffer[] = [];
    for (let first = start; first < stop;) {
      const block = Math.floor(first / RECORDS_PER_BLOCK);
      const blockEnd = Math.min(stop, (block + 1) * RECORDS_PER_BLOCK);
      const buffer = this.blocks[block];
      const to = blockEnd === Math.min(this.size, (block + 1) * RECORDS_PER_BLOCK) ? buffer.length : this.starts[blockEnd] - 1;
      out.push(buffer.subarray(this.starts[first], to));
      first = blockEnd;
    }
    return out;
  }

  /** The records [start, end) as the text of a JSON array. */
  arrayText(start: number, end: number): string {
    return `[${this.pieces(start, end)
      .map((piece) => piece.toString('utf8'))
      .join(',')}]`;
  }

  private flush(): void {
    const text = this.pending.join(',');
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    if (buffer.length === text.length) {
      // ASCII only: byte offsets are character offsets.
      for (const json of this.pending) {
        this.starts.push(offset);
        offset += json.length + 1;
      }
    } else {
      for (const json of this.pending) {
        this.starts.push(offset);
        offset += Buffer.byteLength(json, 'utf8') + 1;
      }
    }
    this.blocks.push(buffer);
    this.pending = [];
  }
}
