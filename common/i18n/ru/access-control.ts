// Русский: PACE и CAN при проверке удостоверения (issue 11, deliver 3). Ключи совпадают с az/ и en/access-control.ts.
export default {
  idCheck: {
    can: {
      label: 'CAN (необязательно)',
      hint: '6-значный номер, напечатанный на лицевой стороне карты. Нужен, только если чип не открывается по MRZ.',
      invalid: 'CAN состоит из 6 цифр.',
      denied: 'Доступ запрещён — проверьте CAN (6 цифр, напечатанных на карте).',
    },
    access: {
      label: 'Чип открыт',
      pace: 'PACE ({curve}, {cipher}) по {password}',
      bac: 'BAC ({cipher}) по MRZ',
    },
  },
};
