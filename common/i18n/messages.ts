// All visible strings, per language, merged from one file per feature. Add one import per feature and language.
import type { Language } from './languages';
import azCore from './az/core';
import enCore from './en/core';
import ruCore from './ru/core';
import azFlows from './az/flows';
import enFlows from './en/flows';
import ruFlows from './ru/flows';
import azFlowsUi from './az/flows-ui';
import enFlowsUi from './en/flows-ui';
import ruFlowsUi from './ru/flows-ui';
import azSync from './az/sync';
import enSync from './en/sync';
import ruSync from './ru/sync';
import azCards from './az/cards';
import enCards from './en/cards';
import ruCards from './ru/cards';
import azFixes from './az/fixes';
import enFixes from './en/fixes';
import ruFixes from './ru/fixes';
import azReferenceNotes from './az/reference-notes';
import enReferenceNotes from './en/reference-notes';
import ruReferenceNotes from './ru/reference-notes';
import azVisitsLifecycle from './az/visits-lifecycle';
import enVisitsLifecycle from './en/visits-lifecycle';
import ruVisitsLifecycle from './ru/visits-lifecycle';
import azOfflinePolicy from './az/offline-policy';
import enOfflinePolicy from './en/offline-policy';
import ruOfflinePolicy from './ru/offline-policy';
import azCustomerPage from './az/customer-page';
import enCustomerPage from './en/customer-page';
import ruCustomerPage from './ru/customer-page';
import azCustomers from './az/customers';
import enCustomers from './en/customers';
import ruCustomers from './ru/customers';
import azAudit from './az/audit';
import enAudit from './en/audit';
import ruAudit from './ru/audit';
import azRetention from './az/retention';
import enRetention from './en/retention';
import ruRetention from './ru/retention';
import azCloneChecks from './az/clone-checks';
import enCloneChecks from './en/clone-checks';
import ruCloneChecks from './ru/clone-checks';
import azPayments from './az/payments';
import enPayments from './en/payments';
import ruPayments from './ru/payments';
import azAccessControl from './az/access-control';
import enAccessControl from './en/access-control';
import ruAccessControl from './ru/access-control';
import azSlips from './az/slips';
import enSlips from './en/slips';
import ruSlips from './ru/slips';
import azPrinting from './az/printing';
import enPrinting from './en/printing';
import ruPrinting from './ru/printing';
import azShifts from './az/shifts';
import enShifts from './en/shifts';
import ruShifts from './ru/shifts';
import azStock from './az/stock';
import enStock from './en/stock';
import ruStock from './ru/stock';

/** Features may add keys to shared sections (errors, validation), so sections merge instead of overwriting. */
function mergeMessages(...parts: Record<string, unknown>[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      const prev = out[k];
      out[k] =
        prev && typeof prev === 'object' && v && typeof v === 'object' ? mergeMessages(prev as Record<string, unknown>, v as Record<string, unknown>) : v;
    }
  }
  return out;
}

export const messages: Record<Language, Record<string, unknown>> = {
  az: mergeMessages(azCore, azFlows, azFlowsUi, azSync, azCards, azFixes, azReferenceNotes, azVisitsLifecycle, azOfflinePolicy, azCustomerPage, azCustomers, azAudit, azRetention, azCloneChecks, azAccessControl, azPayments, azPrinting, azSlips, azShifts, azStock),
  en: mergeMessages(enCore, enFlows, enFlowsUi, enSync, enCards, enFixes, enReferenceNotes, enVisitsLifecycle, enOfflinePolicy, enCustomerPage, enCustomers, enAudit, enRetention, enCloneChecks, enAccessControl, enPayments, enPrinting, enSlips, enShifts, enStock),
  ru: mergeMessages(ruCore, ruFlows, ruFlowsUi, ruSync, ruCards, ruFixes, ruReferenceNotes, ruVisitsLifecycle, ruOfflinePolicy, ruCustomerPage, ruCustomers, ruAudit, ruRetention, ruCloneChecks, ruAccessControl, ruPayments, ruPrinting, ruSlips, ruShifts, ruStock),
};

/** Looks up 'a.b.c' in a language's messages; falls back to English, then to the key itself. */
export function translate(language: Language, key: string, params: Record<string, string | number> = {}): string {
  const find = (lang: Language): string | undefined => {
    let node: unknown = messages[lang];
    for (const part of key.split('.')) {
      if (node && typeof node === 'object' && part in (node as Record<string, unknown>)) node = (node as Record<string, unknown>)[part];
      else return undefined;
    }
    return typeof node === 'string' ? node : undefined;
  };
  const text = find(language) ?? find('en') ?? key;
  return text.replace(/\{(\w+)\}/g, (_, p: string) => (p in params ? String(params[p]) : `{${p}}`));
}
