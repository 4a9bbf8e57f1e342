import { describe, expect, it } from 'vitest';
import { fromHex } from '../../common/bytes';
import { AtrIdentifier, VIRTUAL_ATR, parseSmartcardList } from '../../electron/main/cards/atr';

describe('ATR identification', () => {
  const noList = new AtrIdentifier({ smartcardListPath: null });

  it('knows our card kinds from our own table', () => {
    expect(noList.identify(VIRTUAL_ATR.sim)).toMatchObject({ kind: 'sim', source: 'table' });
    expect(noList.identify(VIRTUAL_ATR.esignCard)).toMatchObject({ kind: 'esign-card', source: 'table' });
  });

  it('takes a contactless (PC/SC part 3) ATR for an ID card', () => {
    expect(noList.identify(fromHex('3B8880010000000077818100 7F'))).toMatchObject({ kind: 'id-card', source: 'heuristic' });
  });

  it('names other cards from the pcsc-tools list, with wildcards', () => {
    const list = parseSmartcardList('# comment\n3B 69 00 00 F7 04 01 06 01 80 01 02 A9\n\tAzeriqaz Smart Payment (eID)\n\thttp://azeriqaz104.az/\n\n3B 9F 95 80 1F .. 80 31\n\tSome USIM card\n');
    expect(list).toHaveLength(2);
    const id = new AtrIdentifier({ smartcardListPath: null });
    (id as unknown as { list: typeof list }).list = list;
    expect(id.identify(fromHex('3B690000F704010601800102A9'))).toMatchObject({ name: 'Azeriqaz Smart Payment (eID)', source: 'pcsc-tools' });
    expect(id.identify(fromHex('3B9F95801FC78031'))).toMatchObject({ kind: 'sim', name: 'Some USIM card' });
    expect(id.identify(fromHex('3B0102'))).toMatchObject({ kind: 'unknown', source: 'none' });
  });

  it('reads the installed pcsc-tools list when present', () => {
    const id = new AtrIdentifier();
    // An entry present in every pcsc-tools release: falls back to "Unknown card" when the list is not installed.
    const r = id.identify(fromHex('3B690000F704010601800102A9'));
    expect(['pcsc-tools', 'none']).toContain(r.source);
  });
});
