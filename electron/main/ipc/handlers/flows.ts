import type { FlowServices } from '../../flows';
import type { HandlerContext, HandlerMap } from '../types';
import { operationKinds, operationSpec, type OperationKind } from '../../../../common/operations';

export interface FlowsHandlerDeps {
  readonly flows: FlowServices;
}

export function flowsHandlers(s: FlowsHandlerDeps): HandlerMap {
  const f = s.flows;
  return withOfflinePreparation(f, {
    'visits:operations': (i) => f.operationsOfVisit(i.visitId),
    'poa:create': (i) => f.poa.create(i),
    'poa:list': (i) => f.poa.list(i),
    'poa:get': (i) => f.poa.get(i.id),
    'poa:scan': (i) => f.poa.scan(i.id),
    'poa:revoke': (i) => f.poa.revoke(i),
    'sim:readIccid': (i) => f.sim.readIccid(i.reader),
    'sim:duplicate': (i) => f.sim.duplicate(i),
    'sim:sell': (i) => f.sim.sell(i),
    'cert:issue': (i) => f.certificates.issue(i),
    'cert:reissue': (i) => f.certificates.reissue(i),
    'cert:renew': (i) => f.certificates.renew(i),
    'cert:status': (i) => f.certificates.status(i),
    'service:activate': (i) => f.certificates.activate(i),
    'service:extend': (i) => f.certificates.extend(i),
    'service:correctType': (i) => f.certificates.correctType(i),
    'service:get': (i) => f.certificates.getService(i.msisdn),
    'token:status': (i) => f.tokens.status(i.reader),
    'token:unblock': (i) => f.tokens.unblock(i),
    'token:reportLost': (i) => f.tokens.reportLost(i),
    'imei:register': (i) => f.registrations.registerImei(i),
    'komis:register': (i) => f.registrations.registerKomis(i, f.print),
    'reference:list': (i) => f.reference.list(i.table),
    'reference:update': (i) => f.reference.update(i.table, i.rows),
    'flows:offlinePolicy': (i) => f.offlinePolicyOf(i.visitId),
    'print:receipt': (i) => f.print.receipt(i.visitId, i.language),
    'print:form': (i) => f.print.form(i.operationId, i.language),
    'slips:print': (i) => f.slips.print(i),
    'slips:renewalOffers': (i) => f.slips.renewalOffers(i.visitId),
  });
}

/** Every operation channel first lets the offline policy ask the server about the customer when it needs to. */
function withOfflinePreparation(f: FlowServices, handlers: HandlerMap): HandlerMap {
  const kindOf = new Map<string, OperationKind>(operationKinds.map((k) => [operationSpec(k).channel, k]));
  type AnyHandler = (input: unknown, ctx: HandlerContext) => unknown;
  const out: Record<string, AnyHandler> = {};
  for (const [channel, handler] of Object.entries(handlers) as [string, AnyHandler][]) {
    const kind = kindOf.get(channel);
    out[channel] = !kind
      ? handler
      : async (input, ctx) => {
          await f.prepareOperation(input as { visitId: string; actingFor?: { poaId: string } }, kind);
          return handler(input, ctx);
        };
  }
  return out as HandlerMap;
}
