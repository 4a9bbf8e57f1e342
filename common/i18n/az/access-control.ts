// Azərbaycanca: ID yoxlamasında PACE və CAN (issue 11, deliver 3). Açarlar en/ və ru/access-control.ts ilə eyni olmalıdır.
export default {
  idCheck: {
    can: {
      label: 'CAN (istəyə bağlı)',
      hint: 'Kartın ön üzündə çap olunmuş 6 rəqəmli nömrə. Yalnız çip MRZ ilə açılmadıqda lazımdır.',
      invalid: 'CAN 6 rəqəmdən ibarətdir.',
      denied: 'Giriş rədd edildi — CAN-ı yoxlayın (kartda çap olunmuş 6 rəqəm).',
    },
    access: {
      label: 'Çip açıldı',
      pace: 'PACE ({curve}, {cipher}), {password} ilə',
      bac: 'BAC ({cipher}), MRZ ilə',
    },
  },
};
