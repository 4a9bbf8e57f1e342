// Card identification from the ATR. Our own table names the card kinds the desk works with; the pcsc-tools list
// (/usr/share/pcsc/smartcard_list.txt, when installed) adds a friendly name for anything else.
// Kinds matter beyond display: `withCard` picks "the SIM" or "the ID card" among the readers by kind.
import { readFileSync } from 'node:fs';
import { hex } from '../../../common/bytes';

export type CardKind = 'sim' | 'id-card' | 'esign-card' | 'unknown';

export interface CardIdentity {
  kind: CardKind;
  /** Short English name for logs/CLI; the renderer translates by `kind`. */
  name: string;
  /** Where the name came from: our table, a heuristic on the ATR structure, the pcsc-tools list, or nothing. */
  source: 'table' | 'heuristic' | 'pcsc-tools' | 'none';
}

/** ATRs of the virtual cards used in tests and demos (test/fixtures/vcards). Historical bytes spell "MASA-SIM" etc. */
export const VIRTUAL_ATR = {
  sim: Uint8Array.of(0x3b, 0x08, 0x4d, 0x41, 0x53, 0x41, 0x2d, 0x53, 0x49, 0x4d),
  esignCard: Uint8Array.of(0x3b, 0x08, 0x4d, 0x41, 0x53, 0x41, 0x2d, 0x50, 0x49, 0x4e),
} as const;

interface AtrRule {
  /** Hex with '..' for any byte, spaces ignored (the pcsc-tools notation). */
  pattern: string;
  kind: CardKind;
  name: string;
}

/** Our table: checked first, most specific first. */
export const DEFAULT_ATR_RULES: readonly AtrRule[] = [
  { pattern: hex(VIRTUAL_ATR.sim), kind: 'sim', name: 'SIM card (virtual test card)' },
  { pattern: hex(VIRTUAL_ATR.esignCard), kind: 'esign-card', name: 'e-İmza PIN card (virtual test card)' },
];

function compile(pattern: string): RegExp {
  const bytes = pattern.replace(/\s+/g, '').toUpperCase().match(/.{2}/g) ?? [];
  return new RegExp('^' + bytes.map((b) => (b === '..' ? '[0-9A-F]{2}' : b.replace(/\./g, '[0-9A-F]'))).join('') + '$');
}

export interface AtrListEntry {
  regex: RegExp;
  name: string;
}

/** Parses the pcsc-tools list: an ATR pattern line, then tab-indented description lines. */
export function parseSmartcardList(text: string): AtrListEntry[] {
  const entries: AtrListEntry[] = [];
  let current: { pattern: string; lines: string[] } | null = null;
  const flush = () => {
    if (current && current.lines.length) {
      try {
        entries.push({ regex: compile(current.pattern), name: current.lines[0] });
      } catch {
        // a malformed pattern in a third-party list is skipped, not fatal
      }
    }
    current = null;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') {
      flush();
    } else if (line.startsWith('\t')) {
      const d = line.trim();
      if (current && d && !/^https?:\/\//.test(d)) current.lines.push(d);
    } else {
      flush();
      current = { pattern: line.trim(), lines: [] };
    }
  }
  flush();
  return entries;
}

export const PCSC_TOOLS_LIST = '/usr/share/pcsc/smartcard_list.txt';

export class AtrIdentifier {
  private readonly rules: { regex: RegExp; rule: AtrRule }[];
  private list: AtrListEntry[] | null | undefined;
  private readonly listPath: string | null;

  constructor(options: { rules?: readonly AtrRule[]; smartcardListPath?: string | null } = {}) {
    this.rules = (options.rules ?? DEFAULT_ATR_RULES).map((rule) => ({ regex: compile(rule.pattern), rule }));
    this.listPath = options.smartcardListPath === undefined ? PCSC_TOOLS_LIST : options.smartcardListPath;
  }

  identify(atr: Uint8Array | null | undefined): CardIdentity {
    if (!atr || atr.length === 0) return { kind: 'unknown', name: 'Unknown card', source: 'none' };
    const h = hex(atr);
    for (const { regex, rule } of this.rules) if (regex.test(h)) return { kind: rule.kind, name: rule.name, source: 'table' };
    const listed = this.lookupList(h);
    const heuristic = heuristicKind(atr, listed);
    if (listed) return { kind: heuristic, name: listed, source: 'pcsc-tools' };
    if (heuristic !== 'unknown') return { kind: heuristic, name: friendlyKindName(heuristic), source: 'heuristic' };
    return { kind: 'unknown', name: 'Unknown card', source: 'none' };
  }

  private lookupList(h: string): string | undefined {
    if (this.list === undefined) {
      try {
        this.list = this.listPath ? parseSmartcardList(readFileSync(this.listPath, 'utf8')) : null;
      } catch {
        this.list = null; // pcsc-tools not installed: names come from our table only
      }
    }
    return this.list?.find((e) => e.regex.test(h))?.name;
  }
}

function friendlyKindName(kind: CardKind): string {
  return { sim: 'SIM card', 'id-card': 'ID card (contactless chip)', 'esign-card': 'e-İmza card', unknown: 'Unknown card' }[kind];
}

/**
 * Structure-based guess when our table has no entry:
 *  - PC/SC part 3 contactless ATR (3B 8x 80 01 …): the only contactless cards at the desk are ID cards/passports;
 *  - a pcsc-tools name mentioning SIM/USIM/GSM, passport/eID/identity, or PKI/signature tokens.
 */
function heuristicKind(atr: Uint8Array, listedName: string | undefined): CardKind {
  const n = (listedName ?? '').toLowerCase();
  if (/\b(u?sim|gsm|uicc)\b/.test(n)) return 'sim';
  if (/passport|\beid\b|identity|\bid card|emrtd/.test(n)) return 'id-card';
  if (/signature|\bpki\b|etoken|cryptoken|e-imza/.test(n)) return 'esign-card';
  if (atr.length >= 4 && atr[0] === 0x3b && (atr[1] & 0xf0) === 0x80 && atr[2] === 0x80 && atr[3] === 0x01) return 'id-card';
  return 'unknown';
}
