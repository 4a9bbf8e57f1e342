// `masa customer show <FIN|document|ICCID|number|IMEI>`: one customer across offices, as the desk's customer page sees
// it — the server when it answers (the answer is kept in the desk's replica), else the replica, saying since when.
// For support staff and tests: --json prints the summary (source, asOf, certificates, sims, poas, visits, …).
import { parseOptions, UsageError } from '../command';
import { ExitCode } from '../exit-codes';
import { errorMessage, openDeskServices, type CommandIo } from './sync-cli-support';
import { customerLookupKinds, guessLookup, normaliseLookup, type CustomerLookupBy } from '../../common/sync/customers';
import type { CustomerView } from '../../common/ipc/channels/customers';
import { languages, type Language } from '../../common/i18n/languages';
import { translate } from '../../common/i18n/messages';
import { AppError } from '../../common/errors';

const USAGE = `Usage: masa customer show VALUE [--by fin|document|iccid|msisdn|imei|key] [--json] [--lang az|en|ru] [--timeout-ms N]

Shows one customer across offices: identity documents seen, certificates (with days left), SIM cards, powers of
attorney given and received, services, token reports, IMEI and KÖMİS registrations, and visits, each with the office
it came from. VALUE is recognised by its shape (an ICCID, a 15-digit IMEI, a number, a FIN, else a document number);
--by says what it is. The sync server answers when it can (the answer is kept in this desk's replica); otherwise the
replica answers and says when it last heard from the server.

--json    the summary as JSON: {found, source ("server" | "replica"), asOf, customer, certificates[], sims[], poas[],
          services[], tokenReports[], imeiRegistrations[], komisRegistrations[], visits[]}; each POA has role
          "principal" (given by the customer) or "trustee" (received).
--lang    the language of the text (default: the desk's language).
Exit codes: 0 found, 2 not found (or a wrong command line), 1 anything else.
`;

/** The summary as `--json` prints it: POAs as one list, each with the customer's role in it. */
export function customerJson(view: CustomerView): Record<string, unknown> {
  const { poas, ...rest } = view;
  return {
    found: true,
    ...rest,
    poas: [...poas.given.map((p) => ({ ...p, role: 'principal' })), ...poas.received.map((p) => ({ ...p, role: 'trustee' }))],
  };
}

function describe(view: CustomerView, t: (key: string, params?: Record<string, string | number>) => string): string {
  const c = view.customer;
  const at = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
  const where = (r: { officeName: string | null }) => (r.officeName ? ` — ${r.officeName}` : '');
  // Coded values in words, with the screens' vocabulary (the code itself where there is no word for it).
  const word = (key: string, value: string) => (t(key) === key ? value : t(key));
  const kind = (k: string) => word(`kinds.${k}`, k);
  const section = (title: string, lines: string[]) => [`${title}:`, ...(lines.length ? lines.map((l) => `  ${l}`) : [`  ${t('customerCli.none')}`])];
  const id = c.kind === 'citizen' ? t('customerCli.fin', { value: c.fin ?? c.key.slice(4) }) : t('customerCli.foreigner', { nationality: c.nationality ?? '', value: c.key.split(':')[2] ?? '' });
  const source = view.source === 'server' ? t('customerCli.source.server', { asOf: at(view.asOf) }) : view.asOf ? t('customerCli.source.replica', { asOf: at(view.asOf) }) : t('customerCli.source.journal');
  return [
    `${t('customerCli.customer')}: ${[c.surname, c.givenName, c.patronymic].filter(Boolean).join(' ')} (${id})`,
    source,
    ...section(t('customerCli.documents'), c.documents.map((d) => `${word(`customerPage.documentTypes.${d.type}`, d.type)} ${d.number} (${at(d.lastSeenAt)})${where(d)}`)),
    ...section(
      t('customerCli.certificates'),
      view.certificates.map((x) => `${word(`vocab.certTypes.${x.type}`, x.type)} ${x.msisdn} SIM ${x.iccid}: ${word(`cert.status.${x.status}`, x.status)}, ${x.validTo}${x.status === 'active' ? ` (${t('customerCli.daysLeft', { days: x.daysLeft })})` : ''}${where(x)}`),
    ),
    ...section(t('customerCli.sims'), view.sims.map((s) => `${s.iccid} ${s.msisdn ?? ''} ${word(`customerPage.simStates.${s.state}`, s.state)} ${at(s.since)}${where(s)}`)),
    ...section(t('customerCli.poas'), [
      ...view.poas.given.map((p) => `${t('customerCli.representedBy', { name: p.trusteeName })}, ${p.validFrom}–${p.validTo}${p.revokedAt ? `, ${t('customerCli.revoked', { date: p.revokedAt.slice(0, 10) })}` : ''}${where(p)}`),
      ...view.poas.received.map((p) => `${t('customerCli.actsFor', { name: p.principal.name })}, ${p.validFrom}–${p.validTo}${p.revokedAt ? `, ${t('customerCli.revoked', { date: p.revokedAt.slice(0, 10) })}` : ''}${where(p)}`),
    ]),
    ...section(t('customerCli.services'), [
      ...view.services.map((s) => `${at(s.at)} ${kind(s.kind)} ${s.msisdn} ${s.certType ? word(`vocab.certTypes.${s.certType}`, s.certType) : ''}${s.paidUntil ? ` → ${s.paidUntil}` : ''}${where(s)}`),
      ...view.tokenReports.map((s) => `${at(s.at)} ${kind(s.kind)} ${s.tokenSerial ?? ''}${where(s)}`),
    ]),
    ...section(t('customerCli.registrations'), [
      ...view.imeiRegistrations.map((r) => `${at(r.at)} IMEI ${r.imei}${r.imei2 ? ` / ${r.imei2}` : ''} ${r.noticeCode}${where(r)}`),
      ...view.komisRegistrations.map((r) => `${at(r.at)} KÖMİS ${r.subscriberCode}${where(r)}`),
    ]),
    ...section(t('customerCli.visits'), view.visits.map((v) => `${at(v.at)} ${word(`customerPage.visitStates.${v.state}`, v.state)}${where(v)}`)),
  ].join('\n') + '\n';
}

export const command = {
  name: 'customer',
  summary: 'show a customer across offices by FIN, document, ICCID, number or IMEI (customer show)',
  async run(args: string[], io: CommandIo): Promise<number> {
    const { values: flags, positionals } = parseOptions(args, { json: { type: 'boolean' }, by: { type: 'string' }, lang: { type: 'string' }, 'timeout-ms': { type: 'string' } }, true);
    const [sub, raw, ...extra] = positionals;
    if (flags.help || sub !== 'show' || !raw || extra.length) {
      (flags.help ? io.stdout : io.stderr).write(USAGE);
      return flags.help ? ExitCode.Ok : ExitCode.Usage;
    }
    if (flags.by !== undefined && !(customerLookupKinds as readonly string[]).includes(flags.by)) throw new UsageError(`--by must be one of ${customerLookupKinds.join(', ')}, not "${flags.by}"`);
    if (flags.lang !== undefined && !(languages as readonly string[]).includes(flags.lang)) throw new UsageError(`--lang must be one of ${languages.join(', ')}, not "${flags.lang}"`);
    const timeout = flags['timeout-ms'] === undefined ? undefined : Number(flags['timeout-ms']);
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new UsageError(`--timeout-ms must be a whole number of milliseconds, not "${flags['timeout-ms']}"`);
    const by = flags.by as CustomerLookupBy | undefined;
    const query = by ? (normaliseLookup(by, raw) !== null ? { by, value: raw } : null) : guessLookup(raw);
    if (!query) throw new UsageError(by ? `"${raw}" is not a ${by}` : `"${raw}" is not a FIN, document number, ICCID, number or IMEI (say which with --by)`);

    const services = openDeskServices(timeout ? { requestTimeoutMs: timeout } : {});
    try {
      const language = (flags.lang as Language | undefined) ?? services.auth.defaultLanguage();
      const t = (key: string, params: Record<string, string | number> = {}) => translate(language, key, params);
      const view = await services.customers.lookup(query.by, query.value);
      if (!view) {
        if (flags.json) io.stdout.write(JSON.stringify({ found: false, by: query.by, value: normaliseLookup(query.by, query.value) }) + '\n');
        else io.stdout.write(t('customerCli.notFound', { by: t(`customerCli.by.${query.by}`), value: raw }) + '\n');
        return ExitCode.NotFound;
      }
      io.stdout.write(flags.json ? JSON.stringify(customerJson(view)) + '\n' : describe(view, t));
      return ExitCode.Ok;
    } catch (e) {
      io.stderr.write(`masa customer: ${e instanceof AppError ? e.message : errorMessage(e)}\n`);
      return ExitCode.Other;
    } finally {
      await services.close();
    }
  },
};
