// Русский: срок хранения персональных данных на рабочем месте (issue 10, deliver 11). Keys must match az/ and en/retention.ts.
export default {
  errors: {
    PERSONAL_DATA_PURGED: 'Данные клиента этого визита удалены с рабочего места через {days} дн.: квитанцию и бланки здесь повторно напечатать нельзя. Запись хранится в центральном офисе.',
  },
  retention: {
    /** In the journal and on the visit page instead of the customer's name. */
    removed: 'Данные клиента удалены через {days} дн. (хранятся на центральном сервере)',
    days: 'Данные клиентов удаляются с рабочего места через (дней, после синхронизации)',
  },
};
