/**
 * One statement made of data-modifying CTEs: a pushed batch writes its op rows, projections and pull-log rows in a
 * single round trip (push.ts). All parts run on one snapshot and none reads what another writes — each table is
 * written by one part, each key once — except where a part names an earlier one (`RETURNING` feeding the next).
 * Foreign keys between parts (a conflict's op) are checked at the end of the statement, when all rows are in.
 */
import type { Queryable } from '../db/adapter';

export class BatchStatement {
  private readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  /** A placeholder for `value`. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** A placeholder for rows passed as one JSON document (read with `jsonb_to_recordset`). */
  rows(rows: unknown[]): string {
    return `${this.param(JSON.stringify(rows))}::jsonb`;
  }

  /** A part; `name` lets a later part read its RETURNING rows. */
  add(sql: string, name = `w${this.parts.length}`): void {
    this.parts.push(`${name} AS (${sql})`);
  }

  async run(tx: Queryable): Promise<void> {
    if (this.parts.length) await tx.query(`WITH ${this.parts.join(',\n')}\nSELECT 1`, this.params);
  }
}
