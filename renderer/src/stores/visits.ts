import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';
import type { Visit } from '../../../common/ipc/channels/visits';

export const useVisitsStore = defineStore('visits', () => {
  const today = ref<Visit[]>([]);
  const loading = ref(false);

  async function loadToday(): Promise<void> {
    loading.value = true;
    try {
      today.value = await api.call('visits:today');
    } finally {
      loading.value = false;
    }
  }

  async function search(query: string): Promise<Visit[]> {
    return api.call('visits:search', { query, limit: 50 });
  }

  let subscribed = false;
  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api.on('visits:changed', () => void loadToday().catch(() => {}));
    // Acknowledgements turn provisional operations final (or conflict): the journal shows it.
    api.on('sync:changed', () => void loadToday().catch(() => {}));
  }

  return { today, loading, loadToday, search, subscribe };
});
