// State every flow form shares: busy flag, the general message and the per-field codes from an ApiError.
// A refusal (DOMAIN.md §6) arrives as an error code; its sentence comes from `errors.<CODE>`, with the error's
// details (dates, counts) filled into the sentence.
import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError } from '../api/client';

/** The approval action the sync area asks for past the offline limits (electron/main/sync/offline-limits.ts). */
export const OFFLINE_LIMIT_ACTION = 'sync.offline-limit';

export function useFlowForm() {
  const { t, te } = useI18n();
  const errors = ref<Record<string, string>>({});
  const message = ref<string | null>(null);
  const code = ref<string | null>(null);
  const busy = ref(false);

  function textOf(e: unknown): string {
    if (isApiError(e)) {
      const params: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(e.details)) {
        if (typeof v === 'string' || typeof v === 'number') params[k] = v;
        else if (Array.isArray(v)) params[k] = v.join(', ');
      }
      if (te(`errors.${e.code}`)) return t(`errors.${e.code}`, params);
      return e.message;
    }
    return e instanceof Error ? e.message : String(e);
  }

  function reset(): void {
    errors.value = {};
    message.value = null;
    code.value = null;
  }

  /** A supervisor approval the service asked for before it records anything (past the desk's offline limits). */
  const pendingApproval = ref<{ action: string; approve: (approvalId: string) => void; cancel: () => void } | null>(null);

  /**
   * Runs one call; on failure keeps the codes for the form and returns undefined. When the desk is past its offline
   * limits the service answers APPROVAL_REQUIRED for 'sync.offline-limit': the supervisor's dialog opens and, once
   * approved, the same call is made again with `offlineApprovalId`.
   */
  async function run<T>(call: (offlineApprovalId?: string) => Promise<T>, offlineApprovalId?: string): Promise<T | undefined> {
    reset();
    busy.value = true;
    try {
      return await call(offlineApprovalId);
    } catch (e) {
      if (isApiError(e)) {
        errors.value = { ...e.fields };
        code.value = e.code;
      }
      message.value = textOf(e);
      if (isApiError(e) && e.code === 'APPROVAL_REQUIRED' && e.details.action === OFFLINE_LIMIT_ACTION && !offlineApprovalId) {
        return new Promise<T | undefined>((resolve) => {
          pendingApproval.value = {
            action: OFFLINE_LIMIT_ACTION,
            approve: (id) => {
              pendingApproval.value = null;
              resolve(run(call, id));
            },
            cancel: () => {
              pendingApproval.value = null;
              resolve(undefined);
            },
          };
        });
      }
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { errors, message, code, busy, run, reset, textOf, pendingApproval };
}

/** The new SIM as the flows accept it: read from the card, or typed with a supervisor's approval. */
export type SimSource = { readId: string } | { typedIccid: string; approvalId: string };
