import { createI18n } from 'vue-i18n';
import { messages } from '../../common/i18n/messages';
import { defaultLanguage, type Language } from '../../common/i18n/languages';

export const i18n = createI18n({
  legacy: false,
  locale: defaultLanguage,
  fallbackLocale: 'en',
  messages: messages as Record<Language, Record<string, never>>,
  missingWarn: false,
  fallbackWarn: false,
});

export function setLanguage(language: Language): void {
  i18n.global.locale.value = language;
  document.documentElement.lang = language;
}
