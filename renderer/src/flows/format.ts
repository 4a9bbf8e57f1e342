// Small conversions between what the clerk types and what the flows' channels take (pure: unit-tested).

/** Splits an ID card number into the series and number the registries ask for ("AA1234567" → AA / 1234567). */
export function documentParts(documentNumber: string): { series: string; number: string } {
  const d = documentNumber.trim().toUpperCase();
  const m = /^([A-Z]{2,3})(\d{7,8})$/.exec(d);
  if (m) return { series: m[1], number: m[2] };
  if (/^\d{8}$/.test(d)) return { series: 'AZE', number: d };
  return { series: '', number: d };
}

export function aznToMinor(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
