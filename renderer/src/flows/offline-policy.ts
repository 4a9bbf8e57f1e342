// The offline policy of each operation kind for the visit's customer (issue 9, item 4), shown before the clerk
// starts: on the visit page (a flow button marked unavailable) and on the flow screen (why, and since when).
// Main decides (flows:offlinePolicy, electron/main/flows/offline-policy.ts); the screen only shows the verdict.
import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { api } from '../api/client';
import type { OfflineDecisionView } from '../../../common/ipc/channels/flows';
import { flowPages, kindLabelKey, operationKinds, operationSpec, type OperationKind } from '../../../common/operations';
import { useDates } from '../dates';

/** The kinds a flow page performs (the registry's page → kinds). */
export function kindsOfPage(pageKey: string): OperationKind[] {
  return operationKinds.filter((k) => operationSpec(k).page.key === pageKey);
}

export function pageOfPath(path: string): string | null {
  return flowPages.find((p) => p.path === path)?.key ?? null;
}

export function useOfflinePolicy(visitId: Readonly<Ref<string>>) {
  const { t } = useI18n();
  const { dt } = useDates();
  const decisions = ref<Record<string, OfflineDecisionView>>({});

  async function load(): Promise<void> {
    try {
      decisions.value = await api.call('flows:offlinePolicy', { visitId: visitId.value });
    } catch {
      // The visit's own load shows errors; without verdicts the screens show no notice and main still decides.
    }
  }
  const offs: (() => void)[] = [];
  onMounted(() => {
    void load();
    offs.push(api.on('sync:changed', () => void load()));
  });
  onBeforeUnmount(() => offs.forEach((off) => off()));

  /** Pages none of whose kinds this office offers (its type, DOMAIN.md §7): the visit page does not show them. */
  const notOfferedPages = computed(() => new Set(flowPages.filter((p) => kindsOfPage(p.key).every((k) => decisions.value[k]?.refusal === 'NOT_OFFERED_HERE')).map((p) => p.key)));
  /** A page is unavailable when none of its kinds may be done now. */
  const unavailablePages = computed(() => new Set(flowPages.filter((p) => kindsOfPage(p.key).every((k) => decisions.value[k]?.allowed === false)).map((p) => p.key)));

  /** Sentences for the page's kinds that are refused, and for those allowed thanks to a recent central check. */
  function notices(pageKey: string): { refused: string[]; checked: string[] } {
    const refused: string[] = [];
    const checked: string[] = [];
    for (const kind of kindsOfPage(pageKey)) {
      const d = decisions.value[kind];
      if (!d) continue;
      const name = t(kindLabelKey(kind));
      const last = d.checkedAt ? t('offlinePolicy.lastCheck', { when: dt(d.checkedAt) }) : t('offlinePolicy.neverChecked');
      if (!d.allowed && d.refusal) refused.push(t(`offlinePolicy.refused.${d.refusal}`, { kind: name, hours: d.maxAgeHours ?? '', last }));
      else if (d.mode === 'fresh-check' && d.checkedAt) checked.push(t('offlinePolicy.checkedOk', { kind: name, when: dt(d.checkedAt) }));
    }
    return { refused, checked };
  }

  return { decisions, unavailablePages, notOfferedPages, notices, reload: load };
}
