// Writes docs/operations.md from the registry (common/operations): every kind on the sync wire with its payload
// fields, and what each operation declares. `npm run docs:operations`; a unit test fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { operationKinds, operationSpec, syncKindOf, syncPayloadSchemas } from '../common/operations';
import { syncEnvelope } from '../common/operations/define';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; enum?: unknown[]; anyOf?: JsonSchema[]; items?: JsonSchema; pattern?: string; const?: unknown };

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'unknown'}[]`;
  if (s.pattern) return `${s.type} \`${s.pattern.replace(/\|/g, '\\|')}\``;
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'object');
}

function fieldsTable(schema: z.ZodObject, skip: readonly string[] = []): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(json.required ?? []);
  const rows = Object.entries(json.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, s]) => `| \`${name}\` | ${typeOf(s)} | ${required.has(name) ? 'yes' : ''} |`);
  return ['| field | type | required |', '|---|---|---|', ...rows].join('\n');
}

export function operationsDoc(): string {
  const envelope = Object.keys(syncEnvelope);
  const out = [
    '# Operation kinds',
    '',
    '<!-- Generated from common/operations by `npm run docs:operations`; do not edit by hand. -->',
    '',
    'Every operation a desk records is declared once in `common/operations/` (see docs/adding-an-operation.md). The desk',
    'types its outbox payload with the kind\'s schema and the sync server validates every pushed op with the very same',
    'schema: a payload that does not match is stored as `rejected: invalid_payload`, a kind not listed here as',
    '`rejected: unknown_kind` (docs/sync.md, common/sync/protocol.ts).',
    '',
    '## The envelope: fields every operation\'s payload carries',
    '',
    fieldsTable(z.object(syncEnvelope)),
    '',
    '## Operations',
    '',
    '| kind | on the wire | IPC channel | for a principal (POA) | offline | fees | approvals |',
    '|---|---|---|---|---|---|---|',
    ...operationKinds.map((k) => {
      const s = operationSpec(k);
      return `| \`${k}\` | \`${syncKindOf(k)}\` | \`${s.channel}\` | ${s.delegable ? 'yes' : 'no'} | ${s.offline} | ${s.fees.map((f) => `\`${f}\``).join(', ') || '—'} | ${s.approvals.map((a) => `\`${a}\``).join(', ') || '—'} |`;
    }),
    '',
  ];
  for (const k of operationKinds) {
    const s = operationSpec(k);
    out.push(`### \`${syncKindOf(k)}\``, '', `Besides the envelope${s.syncOnly?.length ? `; synced but not kept in the desk's journal: ${s.syncOnly.map((f) => `\`${f}\``).join(', ')}` : ''}:`, '', fieldsTable(s.payload), '');
  }
  out.push('## Records that are not operations', '');
  for (const kind of Object.keys(syncPayloadSchemas).filter((w) => !operationKinds.some((k) => syncKindOf(k) === w))) {
    out.push(`### \`${kind}\``, '', fieldsTable(syncPayloadSchemas[kind], envelope.filter((f) => !(f in syncPayloadSchemas[kind].shape))), '');
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync('docs/operations.md', operationsDoc());
  console.log('docs/operations.md written');
}
