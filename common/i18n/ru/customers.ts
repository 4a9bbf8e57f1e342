// Русский: поиск клиента (issue 9) — текст команды `masa customer show` и коды полей поиска.
// Ключи совпадают с az/ и en/.
export default {
  customerCli: {
    customer: 'Клиент',
    fin: 'FIN {value}',
    foreigner: 'паспорт {nationality} {value}',
    source: {
      server: 'Из центрального офиса, на {asOf}.',
      replica: 'Центральный офис не ответил: из копии этого стола, последнее подтверждение {asOf}.',
      journal: 'Центральный офис не ответил: только из журнала этого стола (в центре не подтверждено).',
    },
    documents: 'Документы',
    certificates: 'Сертификаты',
    sims: 'SIM-карты',
    poas: 'Доверенности',
    services: 'Услуги',
    registrations: 'Регистрации',
    visits: 'Визиты',
    none: 'нет',
    daysLeft: 'осталось дней: {days}',
    actsFor: 'действует за {name}',
    representedBy: 'представитель {name}',
    revoked: 'отозвана {date}',
    notFound: 'Клиента с {by} «{value}» нет.',
    by: { fin: 'FIN', document: 'номером документа', iccid: 'ICCID', msisdn: 'номером', imei: 'IMEI', key: 'ключом' },
  },
  validation: {
    CUSTOMER_FIN_FORMAT: 'FIN — 7 букв и цифр (личный код иностранца — 5–6).',
    CUSTOMER_DOCUMENT_FORMAT: 'Номер документа — 5–20 букв и цифр.',
    CUSTOMER_ICCID_FORMAT: 'ICCID — 19–20 цифр, начинается с 89.',
    CUSTOMER_MSISDN_FORMAT: 'Номер — +994 и девять цифр (или 0 и девять цифр).',
    CUSTOMER_IMEI_FORMAT: 'IMEI — 15 цифр.',
    CUSTOMER_KEY_FORMAT: 'Это не ключ клиента (fin:… или passport:…).',
    CUSTOMER_QUERY_FORMAT: 'Это не FIN, номер документа, ICCID, номер телефона или IMEI.',
  },
};
