import type { FlowServices } from '../../flows';
import type { HandlerMap } from '../types';

export interface StockHandlerDeps {
  readonly flows: FlowServices;
}

export function stockHandlers(s: StockHandlerDeps): HandlerMap {
  const st = s.flows.stock;
  return {
    'stock:overview': () => st.overview(),
    'stock:search': (i) => st.search(i.query),
    'stock:previewRange': (i) => st.previewRange(i),
    'stock:receiveRange': (i) => st.receiveRange(i),
    'stock:receiveTokens': (i) => st.receiveTokens(i),
    'stock:mark': (i) => st.mark(i),
    'stock:countPreview': (i) => st.countPreview(i),
    'stock:count': (i) => st.count(i),
  };
}
