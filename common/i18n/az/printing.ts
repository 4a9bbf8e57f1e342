// Azərbaycanca: printerlər və çap təsdiqləri (issue 12, deliver 4). Açarlar en/ və ru/printing.ts ilə eyni olmalıdır.
export default {
  errors: {
    PRINTER_NOT_FOUND: 'Seçilmiş printer sistemin çap xidmətində yoxdur (adı dəyişdirilib və ya silinib?).',
    PRINT_SERVICE_DOWN: 'Sistemin çap xidməti (CUPS) işləmir.',
    PRINT_REJECTED: 'Çap xidməti sənədi qəbul etmədi.',
  },
  printing: {
    title: 'Printerlər',
    intro: 'Hər sənədin dialoqsuz çap olunduğu printer. Printer seçilməyibsə, PDF yüklənir.',
    document: 'Sənəd',
    printer: 'Printer',
    paper: 'Kağız',
    kinds: { receipt: 'Qəbz', form: 'Ərizə forması', komis: 'KÖMİS vərəqi' },
    papers: { a4: 'A4', receipt80: '80 mm qəbz lenti' },
    noPrinter: 'Printer yoxdur (PDF yüklənir)',
    states: { idle: 'hazırdır', printing: 'çap edir', disabled: 'dayandırılıb' },
    isDefault: 'sistemin əsas printeri',
    via: { cups: 'Bu kompüterin çap xidmətinin (CUPS) printerləri.', electron: 'Bu kompüterdə quraşdırılmış printerlər.', none: 'Bu masada çap xidməti yoxdur: sənədlər yüklənir.' },
    noPrinters: 'Çap xidmətində printer yoxdur.',
    missing: 'hazırda tapılmır',
    refresh: 'Siyahını yenilə',
    saved: 'Printer parametrləri saxlanıldı.',
    supervisorOnly: 'Printerləri yalnız rəhbər dəyişə bilər.',
    sentTo: '{printer} printerinə göndərildi.',
    downloaded: 'Bu sənəd üçün printer seçilməyib: PDF yükləndi.',
    fallback: '{printer} printerində çap olunmadı: {reason} Əvəzində PDF yükləndi.',
  },
  audit: {
    settings: {
      printDestinations: { receipt: 'qəbzlər üçün printer', form: 'formalar üçün printer', komis: 'KÖMİS vərəqləri üçün printer' },
    },
  },
};
