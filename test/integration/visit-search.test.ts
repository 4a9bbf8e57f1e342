// Finding a customer's visits the way clerks type (issue 9, item 7): Azerbaijani capitals and small letters alike,
// and the MRZ's Latin spelling of an Azerbaijani name.
import { describe, expect, it } from 'vitest';
import { FLOWS, citizen, type TestDesk, withDeskPerTest } from '../support/desk';

let desk: TestDesk;
withDeskPerTest(FLOWS, (d) => (desk = d));

describe('visit search', () => {
  it('finds Məmmədov by MAMMADOV, Əliyev by ƏLİ, and a FIN in any case', async () => {
    const mammadov = await desk.newVisit(citizen({ fin: '6AB2CD3', documentNumber: 'AA2222222', surname: 'Məmmədov', givenName: 'İlqar' }));
    const aliyev = await desk.newVisit(citizen());
    const found = async (query: string) => (await desk.call<{ id: string }[]>('visits:search', { query })).map((v) => v.id);
    expect(await found('MAMMADOV')).toEqual([mammadov.id]);
    expect(await found('məmmədov i̇lqar')).toEqual([mammadov.id]);
    expect(await found('ILQAR')).toEqual([mammadov.id]);
    expect(await found('ƏLİ')).toEqual([aliyev.id]);
    expect(await found('5abcdef')).toEqual([aliyev.id]);
  });
});
