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
    // An acknowledgement makes the operations final (or conflict).
    offs.push(api.on('sync:changed', () => void reload()));
  });
  onBeforeUnmount(() => offs.forEach((off) => off()));

  return { visitId, visit, operations, poas, reload, loadError: load.message };
}
