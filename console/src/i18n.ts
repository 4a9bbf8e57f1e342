import { createI18n } from 'vue-i18n';
import { consoleMessages } from '../../common/i18n/console-messages';
import { defaultLanguage, languages, type Language } from '../../common/i18n/languages';

const STORED = 'masa-console-language';

/** The language chosen before signing in (this browser's), else Azerbaijani. */
export function storedLanguage(): Language {
  const l = localStorage.getItem(STORED);
  return (languages as readonly string[]).includes(l ?? '') ? (l as Language) : defaultLanguage;
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLanguage(),
  fallbackLocale: 'en',
  messages: consoleMessages as Record<Language, Record<string, never>>,
  missingWarn: false,
  fallbackWarn: false,
});

export function applyLanguage(language: Language): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
  localStorage.setItem(STORED, language);
}
