// The visit a flow screen works on: loaded from the route's :id, refreshed when an operation lands on it.
import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import { useRoute } from 'vue-router';
import { api } from '../api/client';
import type { Visit } from '../../../common/ipc/channels/visits';
import type { Operation, PowerOfAttorney } from '../../../common/ipc/channels/flows';
import { personKey } from '../../../common/domain/rules/identity';
import { useFlowForm } from './form';

export function useVisit() {
  const route = useRoute();
  const visitId = computed(() => String(route.params.id));
  const visit = ref<Visit | null>(null);
  const operations = ref<Operation[]>([]);
  const poas = ref<PowerOfAttorney[]>([]);
  const load = useFlowForm();

  async function reload(): Promise<void> {
    await load.run(async () => {
      visit.value = await api.call('visits:get', { id: visitId.value });
      const [ops, list] = await Promise.all([
        api.call('visits:operations', { visitId: visitId.value }),
        api.call('poa:list', { trusteeKey: personKey(visit.value.identity) }),
      ]);
      operations.value = ops;
      poas.value = list;
    });
  }

  const offs: (() => void)[] = [];
  onMounted(() => {
    void reload();
    offs.push(api.on('flows:operation', (e) => e.visitId === visitId.value && void reload()));
    offs.push(api.on('visits:changed', (e) => e.id === visitId.value && void reload()));
  });
  onBeforeUnmount(() => offs.forEach((off) => off()));

  return { visitId, visit, operations, poas, reload, loadError: load.message };
}

/** Splits an ID card number into the series and number the registries ask for ("AA1234567" → AA / 1234567). */
export function documentParts(documentNumber: string): { series: string; number: string } {
  const d = documentNumber.trim().toUpperCase();
  const m = /^([A-Z]{2,3})(\d{7,8})$/.exec(d);
  if (m) return { series: m[1], number: m[2] };
  if (/^\d{8}$/.test(d)) return { series: 'AZE', number: d };
  return { series: '', number: d };
}

export function aznToMinor(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
