// Dates on screens in the clerk's language (common/i18n/dates.ts): `d` for a day, `dt` for a moment.
import { useI18n } from 'vue-i18n';
import { formatDate, formatDateTime } from '../../common/i18n/dates';
import type { Language } from '../../common/i18n/languages';

export function useDates() {
  const { locale } = useI18n();
  return {
    d: (iso: string | null | undefined) => formatDate(locale.value as Language, iso),
    dt: (iso: string | null | undefined) => formatDateTime(locale.value as Language, iso),
  };
}
