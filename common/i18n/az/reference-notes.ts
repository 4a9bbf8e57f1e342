// Azərbaycanca: standart məlumat cədvəllərinin qeydləri (resources/reference-data), açar <cədvəl>.<kod, _ ilə>.
// The editor shows them in the clerk's language while they are unchanged (renderer/src/flows/reference-labels.ts).
export default {
  reference: {
    /** Where a table's version came from (reference_tables.source). */
    sources: { default: 'proqramla gəlib', local: 'bu masada dəyişdirilib', sync: 'mərkəzi ofisdən' },
    shippedNotes: {
      asan_tariffs: {
        ferdi: '20 avqust 2018-dən ayda 2,50 AZN (mənbə 002)',
        biznes: '18 AZN + ayda 2,50 (açıq mənbə, təsdiqlənməyib)',
        dovlet: '16 AZN (açıq mənbə, təsdiqlənməyib)',
      },
      fees: {
        sim_duplicate: 'Öz sətri olmayan hər operator və ofis növü bilinməyən masalar üçün: Bakcell-in 7 AZN-i (dərc olunmuş yeganə məbləğ); Azercell, Nar və Naxtel qiymətlərini operatoru göstərilmiş sətirlər kimi daxil edin',
        sim_duplicate_Bakcell: 'Bakcell-in dublikat haqqı: iyul 2024-dən 7 AZN',
        sim_duplicate_asxm: 'ASXM ofisi SIM dublikatı üçün ödəniş almır: haqqı operator alır (versiya 3)',
        sim_sell: 'Operator ofisində Asan İmza SIM kartının qiyməti: operator açıqlayana qədər müvəqqəti dəyər (Məlumat cədvəllərində dəyişin)',
        cert_issue_ferdi: 'vətəndaş üçün 0 AZN (sonrakı açıq mənbə)',
        cert_issue_biznes: 'biznes üçün 18 AZN (sonrakı açıq mənbə)',
        cert_issue_dovlet: 'dövlət qurumları üçün 16 AZN (sonrakı açıq mənbə)',
      },
      imei_price_bands: {
        band_1: 'müvəqqəti qruplar: reyestrin cari qiymət siyahısı ilə əvəz edin',
      },
      parameters: {
        asan_renewal_onlineDaysBefore: 'ASXM-in bir səhifəsində: bitməyə 10 gün qalmış / bitdikdən 30 gün sonra',
      },
      token_tariffs: {
        citizen: 'qiymətlər növə görə fərqlənir; cari qiymət siyahısından doldurun',
      },
    },
  },
};
