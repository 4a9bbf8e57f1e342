// State every flow form shares: busy flag, the general message and the per-field codes from an ApiError.
// A refusal (DOMAIN.md §6) arrives as an error code; its sentence comes from `errors.<CODE>`, with the error's
// details (dates, counts) filled into the sentence.
import { getCurrentInstance, onBeforeUnmount, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { isApiError } from '../api/client';

/**
 * Calls `changed(name)` whenever the clerk changes a field while the calling component is mounted. Inputs, selects
 * and checkboxes carry the field's name (TextField, ActingFor…), the same key as the field's error, so a form can
 * drop the error of a corrected field at once instead of keeping an old one on screen.
 */
export function onFieldChange(changed: (name: string) => void): void {
  if (!getCurrentInstance()) return;
  const listener = (e: Event): void => {
    const name = (e.target as Partial<HTMLInputElement> | null)?.name;
    if (name) changed(name);
  };
  // Bubbling, not capturing: the field's own handler must store the new value first. Vue re-renders in the microtask
  // after each listener, and a render between the two would write the old value back into the input.
  onMounted(() => {
    document.addEventListener('input', listener);
    document.addEventListener('change', listener);
  });
  onBeforeUnmount(() => {
    document.removeEventListener('input', listener);
    document.removeEventListener('change', listener);
  });
}

/** Errors without the one of `name` (the same object when it had none). */
export function withoutField(errors: Record<string, string>, name: string): Record<string, string> {
  if (!(name in errors)) return errors;
  const rest = { ...errors };
  delete rest[name];
  return rest;
}

/** The approval action the sync area asks for past the offline limits (electron/main/sync/offline-limits.ts). */
export const OFFLINE_LIMIT_ACTION = 'sync.offline-limit';

export function useFlowForm() {
  const { t, te } = useI18n();
  const errors = ref<Record<string, string>>({});
  const message = ref<string | null>(null);
  const code = ref<string | null>(null);
  const busy = ref(false);
  /** The fields the current message is about: once the clerk has changed them all, the message is stale. */
  let messageFields: string[] = [];

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
    messageFields = [];
  }

  /**
   * The clerk changed a field: its error is no longer about what is on screen, and neither is the form's message
   * once every field it referred to has changed. A message about no field (a card, the network) stays.
   */
  function fieldChanged(name: string): void {
    if (!(name in errors.value)) return;
    const rest = withoutField(errors.value, name);
    errors.value = rest;
    if (messageFields.length > 0 && messageFields.every((f) => !(f in rest))) {
      message.value = null;
      code.value = null;
      messageFields = [];
    }
  }

  onFieldChange(fieldChanged);

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
        messageFields = Object.keys(e.fields);
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

  return { errors, message, code, busy, run, reset, textOf, pendingApproval, fieldChanged };
}

/** The new SIM as the flows accept it: read from the card, or typed with a supervisor's approval. */
export type SimSource = { readId: string } | { typedIccid: string; approvalId: string };
