// The desk's named ID reader and SIM reader (issue 11, deliver 1). Most desks need none: the card service finds
// each card by its answers. A desk with two readers that always hold the same kinds (or a card that answers like
// another) names them here, and the card service tries the named reader first for that kind.
import { AppError, ErrorCode } from '../../../common/errors';
import { withTx, type Db } from '../db/database';
import { getSetting, setSetting } from '../db/queries/settings';
import type { NamedReaders } from '../cards/card-kinds';
import type { AuditPort } from './audit-log';

export class ReaderSettings {
  private cached: NamedReaders | null = null;

  /** `changed`: told after a change (the card service re-publishes the kinds it shows). */
  constructor(
    private readonly db: Db,
    private readonly audit: AuditPort,
    private readonly changed: () => void = () => undefined,
  ) {}

  current(): NamedReaders {
    this.cached ??= { idReader: getSetting(this.db, 'idReader'), simReader: getSetting(this.db, 'simReader') };
    return this.cached;
  }

  /** A supervisor's edit (the caller checked the role); each setting that changes gets its audit entry. */
  set(next: NamedReaders, actor: string): NamedReaders {
    if (next.idReader !== null && next.idReader === next.simReader) {
      throw new AppError(ErrorCode.InvalidInput, 'The ID reader and the SIM reader must be two different readers.', { fields: { simReader: 'READER_SAME' } });
    }
    const before = this.current();
    withTx(this.db, (tx) => {
      for (const name of ['idReader', 'simReader'] as const) {
        if (next[name] === before[name]) continue;
        setSetting(tx, name, next[name] ?? '');
        this.audit.append(tx, { kind: 'settings.update', actor, details: { name, value: next[name] ?? '' } });
      }
    });
    this.cached = { ...next };
    this.changed();
    return this.cached;
  }
}
