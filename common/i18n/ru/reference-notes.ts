// Русский: примечания к справочникам по умолчанию (resources/reference-data), ключ <таблица>.<код через _>.
// The editor shows them in the clerk's language while they are unchanged (renderer/src/flows/reference-labels.ts).
export default {
  reference: {
    /** Where a table's version came from (reference_tables.source). */
    sources: { default: 'поставлено с программой', local: 'изменено на этом месте', sync: 'из центрального офиса' },
    shippedNotes: {
      asan_tariffs: {
        ferdi: '2,50 AZN в месяц с 20 августа 2018 (источник 002)',
        biznes: '18 AZN + 2,50 в месяц (открытые данные, не подтверждено)',
        dovlet: '16 AZN (открытые данные, не подтверждено)',
      },
      fees: {
        sim_duplicate: 'Для операторов без своей строки и для столов, тип офиса которых неизвестен: 7 AZN Bakcell — единственная опубликованная сумма; цены Azercell, Nar и Naxtel вводите строками с их оператором',
        sim_duplicate_Bakcell: 'Плата Bakcell за дубликат: 7 AZN с июля 2024',
        sim_duplicate_asxm: 'Офис ASXM не берёт плату за дубликат SIM-карты: её берёт оператор (версия 3)',
        sim_sell: 'Цена SIM-карты Asan İmza в офисе оператора: временное значение, пока оператор её не опубликует (измените в справочниках)',
        cert_issue_ferdi: 'для граждан 0 AZN (более поздние открытые данные)',
        cert_issue_biznes: 'для бизнеса 18 AZN (более поздние открытые данные)',
        cert_issue_dovlet: 'для госорганов 16 AZN (более поздние открытые данные)',
      },
      imei_price_bands: {
        band_1: 'временные группы: замените текущим прейскурантом реестра',
      },
      parameters: {
        asan_renewal_onlineDaysBefore: 'на одной странице ASXM: за 10 дней до / 30 дней после',
      },
      token_tariffs: {
        citizen: 'цены зависят от типа; заполните по текущему прейскуранту',
      },
    },
  },
};
