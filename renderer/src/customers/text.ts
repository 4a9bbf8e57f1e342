// The customer's highlights and freshness as sentences in the clerk's language (customer page and visit page alike).
import { useI18n } from 'vue-i18n';
import type { CustomerView } from '../../../common/ipc/channels/customers';
import { useDates } from '../dates';
import { freshnessOf, type Highlight } from './highlights';

export function useCustomerText() {
  const { t, te } = useI18n();
  const { d, dt } = useDates();
  return {
    highlight(h: Highlight): string {
      const type = String(h.params.type ?? '');
      return t(h.key, { ...h.params, type: te(`vocab.certTypes.${type}`) ? t(`vocab.certTypes.${type}`) : type, validTo: h.params.validTo ? d(String(h.params.validTo)) : '' });
    },
    freshness(v: Pick<CustomerView, 'source' | 'asOf'>): string {
      const f = freshnessOf(v);
      return t(f.key, { when: f.when ? dt(f.when) : '' });
    },
  };
}
