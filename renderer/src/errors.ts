import { useI18n } from 'vue-i18n';
import { isApiError } from './api/client';

/** Turns an error code from main (or a validator in common/) into a sentence in the clerk's language. */
export function useErrorText() {
  const { t, te } = useI18n();
  function codeText(code: string): string {
    if (te(`validation.${code}`)) return t(`validation.${code}`);
    if (te(`errors.${code}`)) return t(`errors.${code}`);
    return code;
  }
  function errorText(e: unknown): string {
    if (isApiError(e)) return te(`errors.${e.code}`) || te(`validation.${e.code}`) ? codeText(e.code) : e.message;
    return e instanceof Error ? e.message : String(e);
  }
  return { codeText, errorText };
}
