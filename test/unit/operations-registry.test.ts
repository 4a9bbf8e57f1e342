// The registry (common/operations) is the one list of operation kinds: each kind's declarations must hold together —
// names in every language, labels for every shown and printed field, vocabulary for every coded value, fee codes that
// exist in the shipped reference data, a screen for every flow page, and an example its own schema accepts.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { delegableKinds, examplePayload, flowPages, kindLabelKey, operationKinds, operationSpec, syncKindOf, syncPayloadSchemas } from '../../common/operations';
import { messages } from '../../common/i18n/messages';
import { languages } from '../../common/i18n/languages';
import { certTypes } from '../../common/domain/reference';
import { simDuplicateReasons as simDuplicateReasonsForTest } from '../../common/operations';
import { flowsChannels } from '../../common/ipc/channels/flows';
import { operationsDoc } from '../../scripts/operations-doc';

function at(lang: (typeof languages)[number], key: string): unknown {
  return key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), messages[lang]);
}

const VOCABULARY: Record<string, readonly string[]> = {
  certTypes,
  simReasons: simDuplicateReasonsForTest,
  paymentTypes: ['cash', 'card'],
};

describe('operation registry', () => {
  it('names every kind, field and coded value in az, en and ru', () => {
    const missing: string[] = [];
    for (const kind of operationKinds) {
      const spec = operationSpec(kind);
      const keys = [kindLabelKey(kind), `visitPage.flows.${spec.page.key}`, ...spec.printed.map((f) => `fields.${f}`)];
      for (const [field, vocabulary] of Object.entries(spec.coded ?? {})) {
        expect([...spec.shown, ...spec.printed], `${kind}.${field} is coded but never shown`).toContain(field);
        for (const value of VOCABULARY[vocabulary as string]) keys.push(`vocab.${vocabulary}.${value}`);
      }
      for (const lang of languages) for (const key of keys) if (typeof at(lang, key) !== 'string') missing.push(`${lang}: ${key}`);
    }
    expect(missing).toEqual([]);
  });

  it('names kinds as things to do, not as past events (they label POA scope choices and "…: recorded.")', () => {
    const en = operationKinds.map((k) => at('en', kindLabelKey(k)) as string);
    expect(en.filter((name) => /ed\b/.test(name))).toEqual([]);
    const az = operationKinds.map((k) => at('az', kindLabelKey(k)) as string);
    expect(az.filter((name) => /(dı|di|du|dü)(?!\p{L})/u.test(name))).toEqual([]);
  });

  it('charges only fee codes the shipped reference data has', () => {
    const fees = JSON.parse(readFileSync('resources/reference-data/fees.json', 'utf8')) as { rows: { code: string }[] };
    const codes = new Set(fees.rows.map((r) => r.code));
    const used = operationKinds.flatMap((k) => operationSpec(k).fees.flatMap((code) => (code.includes('{certType}') ? certTypes.map((c) => code.replace('{certType}', c)) : [code])));
    expect(used.filter((c) => !codes.has(c))).toEqual([]);
    expect(used).toContain('sim.sell');
  });

  it('gives every kind a channel in the contract and every flow page a screen', () => {
    // …and a handler in main (read as text, like the screens below: the handlers need a composed desk).
    const handlers = readFileSync('electron/main/ipc/handlers/flows.ts', 'utf8');
    for (const kind of operationKinds) {
      expect(Object.keys(flowsChannels), kind).toContain(operationSpec(kind).channel);
      expect(handlers, `no handler for ${operationSpec(kind).channel}`).toContain(`'${operationSpec(kind).channel}':`);
    }
    // The renderer's page → screen map (read as text: importing it would pull .vue files into the Node build).
    const routes = readFileSync('renderer/src/flows/routes.ts', 'utf8');
    const screens = [...routes.matchAll(/^ {2}(\w+): \(\) => import\('(\.\.\/views\/flows\/\w+\.vue)'\)/gm)];
    expect(screens.map((m) => m[1]).sort()).toEqual(flowPages.map((p) => p.key).sort());
    for (const [, , file] of screens) expect(existsSync(`renderer/src/flows/${file}`), file).toBe(true);
    const letters = flowPages.map((p) => p.letter);
    expect(new Set(letters).size, 'Alt letters are unique').toBe(letters.length);
    expect(letters).not.toContain('r'); // Alt+R prints the receipt on the visit page
  });

  it('has examples its own schemas accept, envelope included, and sync-only fields that exist', () => {
    for (const kind of operationKinds) {
      const spec = operationSpec(kind);
      expect(spec.payload.safeParse(spec.example).success, kind).toBe(true);
      expect(syncPayloadSchemas[syncKindOf(kind)].safeParse(examplePayload(syncKindOf(kind))).error, kind).toBeUndefined();
      for (const f of spec.syncOnly ?? []) expect(Object.keys(spec.payload.shape), kind).toContain(f);
      for (const f of [...spec.shown, ...spec.printed]) expect(spec.syncOnly ?? [], `${kind} shows a sync-only field`).not.toContain(f);
    }
  });

  it('lets a POA cover what a trustee may do, and never its own lifecycle', () => {
    expect(delegableKinds).toContain('sim.sell');
    expect(delegableKinds).toContain('sim.duplicate');
    expect(delegableKinds).not.toContain('poa.create');
    expect(delegableKinds).not.toContain('poa.revoke');
  });

  it('is what docs/operations.md says (regenerate with npm run docs:operations)', () => {
    expect(readFileSync('docs/operations.md', 'utf8')).toBe(operationsDoc());
  });
});
