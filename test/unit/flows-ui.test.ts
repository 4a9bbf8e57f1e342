// The flow screens' pure helpers and their strings: every operation kind, flow entry and error code the flows can
// answer has a sentence in each language, so no screen ever shows a bare code.
import { describe, expect, it } from 'vitest';
import { messages } from '../../common/i18n/messages';
import { languages } from '../../common/i18n/languages';
import { operationKinds, simDuplicateReasons } from '../../common/ipc/channels/flows';
import { ErrorCode } from '../../common/errors';
import { certHolders, certTypes, documentCodes, referenceTables } from '../../common/domain/reference';
import { aznToMinor, documentParts } from '../../renderer/src/flows/format';
import { flowEntries, operationFacts } from '../../renderer/src/flows/operations';
import { kindLabelKey } from '../../common/operations';
import type { Operation } from '../../common/ipc/channels/flows';

function lookup(lang: (typeof languages)[number], key: string): unknown {
  let node: unknown = messages[lang];
  for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

describe('flow screen strings', () => {
  const keys = [
    ...operationKinds.map(kindLabelKey),
    ...flowEntries.map((f) => `visitPage.flows.${f.key}`),
    ...simDuplicateReasons.map((r) => `vocab.simReasons.${r}`),
    ...certTypes.map((c) => `vocab.certTypes.${c}`),
    ...certHolders.map((h) => `cert.holders.${h}`),
    ...documentCodes.map((d) => `vocab.documents.${d}`),
    ...referenceTables.map((t) => `reference.tables.${t}`),
    ...Object.values(ErrorCode).map((c) => `errors.${c}`),
  ];
  for (const lang of languages) {
    it(`${lang} names every operation, flow, reason, type, document, table and error code`, () => {
      expect(keys.filter((k) => typeof lookup(lang, k) !== 'string')).toEqual([]);
    });
  }
});

describe('documentParts', () => {
  it('splits new cards into series and number, and gives old 8-digit cards the AZE series', () => {
    expect(documentParts('AA1234567')).toEqual({ series: 'AA', number: '1234567' });
    expect(documentParts(' aa1234567 ')).toEqual({ series: 'AA', number: '1234567' });
    expect(documentParts('12345678')).toEqual({ series: 'AZE', number: '12345678' });
    expect(documentParts('AZE12345678')).toEqual({ series: 'AZE', number: '12345678' });
    expect(documentParts('X1')).toEqual({ series: '', number: 'X1' });
  });
});

describe('aznToMinor', () => {
  it('reads prices the way clerks type them, in qəpik', () => {
    expect(aznToMinor('1299.90')).toBe(129990);
    expect(aznToMinor('1299,9')).toBe(129990);
    expect(aznToMinor('7')).toBe(700);
    expect(aznToMinor('0.07')).toBe(7);
  });
  it('refuses anything that is not an amount', () => {
    for (const bad of ['', '-1', '12.345', '1e3', 'abc', '1 000']) expect(aznToMinor(bad)).toBeNull();
  });
});

describe('operationFacts', () => {
  it('shows the facts a clerk looks for, never a PIN or password', () => {
    const op = { kind: 'sim.duplicate', payload: { msisdn: '+994551112233', oldIccid: '1', newIccid: '2', puk: '12345678', password: 'x' } } as unknown as Operation;
    expect(operationFacts(op)).toBe('+994551112233 · 1 · 2');
  });
  it('names coded values when a translation is given', () => {
    const op = { kind: 'sim.duplicate', payload: { msisdn: '+994551112233', reason: 'damaged' } } as unknown as Operation;
    expect(operationFacts(op, (k) => (k === 'vocab.simReasons.damaged' ? 'Damaged' : null))).toBe('+994551112233 · Damaged');
  });
});
