// The small forms outside the flows (sign-in, unlock, set-up, a supervisor's approval): one call at a time, its
// refusal in words and its field codes, the busy flag for the button.
import { ref } from 'vue';
import { isApiError } from './api/client';
import { useErrorText } from './errors';

export function useBusy() {
  const { errorText } = useErrorText();
  const busy = ref(false);
  const error = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});

  /** Runs `call`; on failure keeps its message and field codes and resolves false. */
  async function run(call: () => Promise<unknown>): Promise<boolean> {
    busy.value = true;
    error.value = null;
    fieldErrors.value = {};
    try {
      await call();
      return true;
    } catch (e) {
      error.value = errorText(e);
      fieldErrors.value = isApiError(e) ? e.fields : {};
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, fieldErrors, run };
}
