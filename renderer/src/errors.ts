import { useI18n } from 'vue-i18n';
import { isApiError } from './api/client';

/** Turns an error code from main (or a validator in common/) into a sentence in the clerk's language. */
export function useErrorText() {
  const { t, te } = useI18n();
  function codeText(code: string): string {
    // A limit travels with its code ('TOO_LONG:80', common/domain/field-codes.ts) and is named in the sentence.
    const [name, count] = code.split(':', 2);
    const params = count === undefined ? {} : { count };
    if (te(`validation.${name}`)) return t(`validation.${name}`, params);
    if (te(`errors.${name}`)) return t(`errors.${name}`, params);
    return code;
  }
  function errorText(e: unknown): string {
    if (isApiError(e)) return te(`errors.${e.code}`) || te(`validation.${e.code}`) ? codeText(e.code) : e.message;
    return e instanceof Error ? e.message : String(e);
  }
  return { codeText, errorText };
}
