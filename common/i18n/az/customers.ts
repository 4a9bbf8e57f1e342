// Azərbaycanca: müştəri axtarışı (issue 9) — `masa customer show` əmrinin mətni və axtarışın sahə kodları.
// Açarlar en/ və ru/ ilə eynidir.
export default {
  customerCli: {
    customer: 'Müştəri',
    fin: 'FİN {value}',
    foreigner: '{nationality} pasportu {value}',
    source: {
      server: 'Mərkəzi ofisdən, {asOf} vəziyyətinə.',
      replica: 'Mərkəzi ofis cavab vermədi: bu masanın surətindən, son təsdiq {asOf}.',
      journal: 'Mərkəzi ofis cavab vermədi: yalnız bu masanın öz jurnalından (mərkəzdə heç təsdiqlənməyib).',
    },
    documents: 'Sənədlər',
    certificates: 'Sertifikatlar',
    sims: 'SIM kartlar',
    poas: 'Etibarnamələr',
    services: 'Xidmətlər',
    registrations: 'Qeydiyyatlar',
    visits: 'Müraciətlər',
    none: 'yoxdur',
    daysLeft: '{days} gün qalıb',
    actsFor: '{name} adından çıxış edir',
    representedBy: 'təmsilçisi {name}',
    revoked: '{date} ləğv edilib',
    notFound: '{by} “{value}” olan müştəri yoxdur.',
    by: { fin: 'FİN', document: 'sənəd nömrəsi', iccid: 'ICCID', msisdn: 'nömrə', imei: 'IMEI', key: 'açar' },
  },
  validation: {
    CUSTOMER_FIN_FORMAT: 'FİN 7 hərf və rəqəmdən ibarətdir (əcnəbinin şəxsi kodu 5–6).',
    CUSTOMER_DOCUMENT_FORMAT: 'Sənəd nömrəsi 5–20 hərf və rəqəmdir.',
    CUSTOMER_ICCID_FORMAT: 'ICCID 89 ilə başlayan 19–20 rəqəmdir.',
    CUSTOMER_MSISDN_FORMAT: 'Nömrə +994 və doqquz rəqəmdir (və ya 0 və doqquz rəqəm).',
    CUSTOMER_IMEI_FORMAT: 'IMEI 15 rəqəmdir.',
    CUSTOMER_KEY_FORMAT: 'Müştəri açarı deyil (fin:… və ya passport:…).',
    CUSTOMER_QUERY_FORMAT: 'FİN, sənəd nömrəsi, ICCID, nömrə və ya IMEI deyil.',
  },
};
