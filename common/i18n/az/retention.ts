// Azərbaycanca: şəxsi məlumatların masada saxlanma müddəti (issue 10, deliver 11). Keys must match en/ and ru/retention.ts.
export default {
  errors: {
    PERSONAL_DATA_PURGED: 'Bu müraciətin müştəri məlumatları {days} gündən sonra masadan silinib: qəbz və blanklar burada yenidən çap edilə bilməz. Qeyd mərkəzi ofisdə saxlanılır.',
  },
  retention: {
    /** In the journal and on the visit page instead of the customer's name. */
    removed: 'Müştəri məlumatları {days} gündən sonra silinib (mərkəzi serverdə saxlanılır)',
    days: 'Müştəri məlumatları masadan silinir (gün, sinxronlaşdırıldıqdan sonra)',
  },
};
