// Per document kind, the printer and paper this desk prints on (issue 12, deliver 4). Kept in the desk's settings
// table as one JSON value; a supervisor's change is audited per kind that changed ("receipt: MasaPDF, receipt80").
import { withTx, type Db } from '../db/database';
import { getSetting, setSetting } from '../db/queries/settings';
import type { AuditPort } from '../services/audit-log';
import {
  defaultPrintDestinations,
  printDestinationSchema,
  printDocumentKinds,
  type Paper,
  type PrintDestination,
  type PrintDestinations,
  type PrintDocumentKind,
} from '../../../common/printing/destinations';

export class PrintSettings {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditPort,
  ) {}

  /** The stored choices; a kind never set, or stored text that no longer parses, prints as a download on A4. */
  current(): PrintDestinations {
    const raw = getSetting(this.db, 'printDestinations');
    let stored: Record<string, unknown> = {};
    try {
      stored = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      stored = {};
    }
    const out = { ...defaultPrintDestinations };
    for (const kind of printDocumentKinds) {
      const parsed = printDestinationSchema.safeParse(stored[kind]);
      if (parsed.success) out[kind] = parsed.data;
    }
    return out;
  }

  destination(kind: PrintDocumentKind): PrintDestination {
    return this.current()[kind];
  }

  paper(kind: PrintDocumentKind): Paper {
    return this.destination(kind).paper;
  }

  /** A supervisor's edit (the dispatcher checked the role); one audit entry per kind whose printer or paper changed. */
  set(next: PrintDestinations, actor: string): PrintDestinations {
    const before = this.current();
    withTx(this.db, (tx) => {
      setSetting(tx, 'printDestinations', JSON.stringify(next));
      for (const kind of printDocumentKinds) {
        if (before[kind].printer === next[kind].printer && before[kind].paper === next[kind].paper) continue;
        this.audit.append(tx, { kind: 'settings.update', actor, details: { name: `printDestinations.${kind}`, value: `${next[kind].printer ?? '—'} · ${next[kind].paper}` } });
      }
    });
    return this.current();
  }
}
