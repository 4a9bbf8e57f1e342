// Composables the pages share: a refusal in words, one action at a time with its field errors, dates in the
// user's language, the offices a user may pick, and the question before leaving a form with unsaved input.
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave } from 'vue-router';
import type { z } from 'zod';
import { formatDate, formatDateTime } from '../../common/i18n/dates';
import type { Language } from '../../common/i18n/languages';
import type { ConsoleOffice } from '../../common/console/api';
import { consoleApi } from './api';
import { ConsoleApiError, errorKey } from './request';
import { fieldErrors as zodFieldErrors, relativeKey } from './format';

export function useErrorText() {
  const { t } = useI18n();
  return (e: unknown): string => {
    if (e instanceof ConsoleApiError) {
      const { key, params } = errorKey(e.code);
      return t(key, params);
    }
    return t('errors.UNKNOWN', { code: e instanceof Error ? e.message : String(e) });
  };
}

export function useDates() {
  const { t, locale } = useI18n();
  const lang = () => locale.value as Language;
  return {
    d: (iso: string | null | undefined) => formatDate(lang(), iso),
    dt: (iso: string | null | undefined) => formatDateTime(lang(), iso),
    ago: (iso: string) => {
      const r = relativeKey(iso);
      return t(r.key, { n: r.n });
    },
    num: (n: number) => new Intl.NumberFormat(lang() === 'az' ? 'az-Latn-AZ' : lang()).format(n),
  };
}

/** One action at a time: busy flag, the refusal in words, field errors, and a notice when it went through. */
export function useAction() {
  const { t } = useI18n();
  const errorText = useErrorText();
  const busy = ref(false);
  const error = ref<string | null>(null);
  const notice = ref<string | null>(null);
  const fields = ref<Record<string, string>>({});

  /** The value parsed by the contract's schema, or null with each field's complaint set. */
  function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | null {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    fields.value = Object.fromEntries(Object.entries(zodFieldErrors(r.error)).map(([k, v]) => [k, t(v.key, v.params)]));
    error.value = t('errors.INVALID_INPUT');
    notice.value = null;
    return null;
  }

  async function run(action: () => Promise<unknown>, done?: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    notice.value = null;
    fields.value = {};
    try {
      await action();
      if (done) notice.value = done;
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  function reset(): void {
    error.value = null;
    notice.value = null;
    fields.value = {};
  }
  return { busy, error, notice, fields, check, run, reset };
}

/** The offices the signed-in user may pick (a manager's own: the server answers only those). */
export function useOffices() {
  const offices = ref<ConsoleOffice[]>([]);
  const error = ref<string | null>(null);
  const errorText = useErrorText();
  async function load(): Promise<void> {
    try {
      offices.value = (await consoleApi.offices()).offices;
    } catch (e) {
      error.value = errorText(e);
    }
  }
  onMounted(load);
  return { offices, error, reload: load };
}

/** Asks before leaving the page (or closing the tab) while `dirty()` says there is unsaved input. */
export function useUnsaved(dirty: () => boolean): void {
  const { t } = useI18n();
  onBeforeRouteLeave(() => !dirty() || window.confirm(t('app.leave')));
  const onUnload = (e: BeforeUnloadEvent) => {
    if (dirty()) e.preventDefault();
  };
  onMounted(() => window.addEventListener('beforeunload', onUnload));
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onUnload));
}
