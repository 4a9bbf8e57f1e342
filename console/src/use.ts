// Composables the pages share: a refusal in words, one action at a time with its field errors, dates in the
// user's language, the offices a user may pick, the question before leaving a form with unsaved input, and a list
// that stays current by itself.
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
import { LIVE_EVERY_MS, LiveSchedule } from './live';

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

  /** `explain`: the page's own sentence for a refusal that means something particular there (else the code's). */
  async function run(action: () => Promise<unknown>, done?: string, explain?: (e: unknown) => string | undefined): Promise<boolean> {
    busy.value = true;
    error.value = null;
    notice.value = null;
    fields.value = {};
    try {
      await action();
      if (done) notice.value = done;
      return true;
    } catch (e) {
      error.value = explain?.(e) ?? errorText(e);
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

/** What says the person is still at the console (live.ts stops reloading once they have left it alone). */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

/**
 * A list that stays current (Desks, Enrolment codes, Conflicts): `fetchList` gets it, `show` puts it on the page.
 * `load()` is the page's own reload (on opening, a filter chosen, after an action); if it fails, `error` says why and
 * the page hides the list. Besides, the list reloads by itself when the window is focused or shown again and every
 * 30 s while shown (live.ts) — not while `paused()` (a dialog open, an action under way) nor while a load is in
 * flight. Only the list is replaced: what the user is typing in a form or a dialog stays. A background reload that
 * fails keeps the list and says, in `stale`, that it may be out of date.
 */
export function useLiveList<T>(fetchList: () => Promise<T>, show: (list: T) => void, paused: () => boolean = () => false) {
  const errorText = useErrorText();
  const error = ref<string | null>(null);
  const stale = ref<string | null>(null);
  /** A load of the list is in flight (the list's aria-busy). */
  const busy = ref(false);
  const schedule = new LiveSchedule({ visible: () => document.visibilityState === 'visible', paused, now: () => Date.now() });

  async function run(background: boolean): Promise<void> {
    const n = schedule.start();
    busy.value = true;
    let outcome: { list: T } | { failed: unknown };
    try {
      outcome = { list: await fetchList() };
    } catch (e) {
      outcome = { failed: e };
    }
    const newest = schedule.end(n);
    busy.value = schedule.loading;
    if (!newest) return;
    if ('failed' in outcome) {
      if (background) stale.value = errorText(outcome.failed);
      else error.value = errorText(outcome.failed);
      return;
    }
    show(outcome.list);
    error.value = null;
    stale.value = null;
  }
  const inBackground = () => void run(true);

  const onVisible = () => {
    if (document.visibilityState === 'visible' && schedule.due('shown')) inBackground();
  };
  const onFocus = () => {
    if (schedule.due('focus')) inBackground();
  };
  const onActivity = () => schedule.activity();
  let timer: number | undefined;
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onFocus);
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { capture: true, passive: true });
    timer = window.setInterval(() => {
      if (schedule.due('tick')) inBackground();
    }, LIVE_EVERY_MS);
  });
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('focus', onFocus);
    for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    window.clearInterval(timer);
  });
  return { load: () => run(false), error, stale, busy };
}
