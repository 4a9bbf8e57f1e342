// The console's strings (issue 13), per language: its own feature file, plus the desk's names it shares — operation
// kinds, conflict reasons, what an operation is about, payload field labels, reference tables and columns — so the console and the desk call a
// thing by the same name without the console carrying the desk's whole bundle (common/i18n/messages.ts).
import type { Language } from './languages';
import azConsole from './az/console';
import enConsole from './en/console';
import ruConsole from './ru/console';
import azFlowsUi from './az/flows-ui';
import enFlowsUi from './en/flows-ui';
import ruFlowsUi from './ru/flows-ui';
import azSync from './az/sync';
import enSync from './en/sync';
import ruSync from './ru/sync';

type FlowsUi = typeof enFlowsUi;
type Sync = typeof enSync;

function bundle(console: typeof enConsole, flowsUi: FlowsUi, sync: Sync): Record<string, unknown> {
  return {
    ...console,
    kinds: { ...flowsUi.kinds, ...sync.kinds },
    fields: flowsUi.fields,
    conflictReason: sync.sync.conflictReason,
    subjects: sync.sync.subjects,
    refTables: flowsUi.reference.tables,
    refColumns: flowsUi.reference.columns,
  };
}

export const consoleMessages: Record<Language, Record<string, unknown>> = {
  az: bundle(azConsole, azFlowsUi, azSync),
  en: bundle(enConsole, enFlowsUi, enSync),
  ru: bundle(ruConsole, ruFlowsUi, ruSync),
};
