// A person's power of attorney with values that pass the real checks (principal Əliyev Rəşad, trustee 7XYZ123):
// the integration and unit tests override only what they are about.
export function poaInput<T extends Record<string, unknown>>(over: T = {} as T) {
  return {
    principal: { kind: 'person' as const, fin: '5ABCDEF', name: 'Əliyev Rəşad' },
    trustee: { fin: '7XYZ123' },
    notaryRegistryNumber: 'N-2026/123',
    notaryDate: '2026-05-20',
    validFrom: '2026-05-20',
    validTo: '2027-05-19',
    scope: ['sim.duplicate', 'cert.issue'],
    ...over,
  };
}
