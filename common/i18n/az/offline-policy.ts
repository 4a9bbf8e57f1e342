// Azərbaycanca: əməliyyat növünə görə oflayn qaydası (issue 9, item 4). Açarlar en/ və ru/offline-policy.ts ilə eynidir.
export default {
  errors: {
    OFFLINE_REFUSED: 'Oflayn edilmir: bu əməliyyat mərkəzi ofis tələb edir. Masa yenidən onlayn olanda təkrar edin.',
    CENTRAL_CHECK_STALE: 'Bu əməliyyat üçün müştərinin son {maxAgeHours} saat ərzində mərkəzdə yoxlanması lazımdır. Masanı mərkəzi ofisə qoşun və ekranı yenidən açın.',
    NOT_OFFERED_HERE: 'Bu ofis bu əməliyyatı göstərmir: onun masaları başqa növdəndir. Müştərini bu xidməti göstərən ofisə yönəldin.',
  },
  offlinePolicy: {
    mode: {
      allowed: 'Oflayn edilə bilər',
      'fresh-check': 'Müştərinin {hours} saat ərzində mərkəzdə yoxlanması lazımdır',
      'online-only': 'Yalnız masa onlayn olanda',
    },
    refused: {
      OFFLINE_REFUSED: '{kind}: indi mümkün deyil — yalnız masa onlayn olanda, mərkəzi ofislə isə əlaqə yoxdur.',
      CENTRAL_CHECK_STALE: '{kind}: indi mümkün deyil — müştərinin {hours} saat ərzində mərkəzdə yoxlanması lazımdır; {last}.',
      NOT_OFFERED_HERE: '{kind}: bu ofisdə göstərilmir (ofisin növünə daxil deyil).',
    },
    lastCheck: 'son mərkəzi yoxlama {when}',
    neverChecked: 'müştəri bu masadan mərkəzdə heç yoxlanmayıb',
    checkedOk: '{kind}: mərkəzdə yoxlanıb {when}.',
    unavailable: 'oflayn mümkün deyil',
  },
  reference: {
    tables: { office_operations: 'Ofis növlərinin göstərdiyi əməliyyatlar', offline_policies: 'Oflayn qaydası' },
    columns: { kinds: 'Göstərilən əməliyyat növləri', mode: 'Rejim (allowed, fresh-check, online-only)', maxAgeHours: 'Mərkəzi yoxlama müddəti (saat)' },
    shippedNotes: {
      office_operations: {
        asxm: 'ASXM: şəxsiyyət, sertifikatlar, etibarnamələr və şirkət məktubları, e-İmza tokenləri (DOMAIN.md §1, §7)',
        operator: 'operator ofisi: SIM satışı və dublikatı, Asan İmza xidməti, IMEI qeydiyyatı; etibarnamə ilə gələnlərin etibarnaməsi burada da ləğv edilə bilər',
        post: 'poçt və ya bank: IMEI və KÖMİS qeydiyyatı',
      },
      offline_policies: {
        poa_create: 'oflayn qeydə alınır; server yenidən yoxlayır və hər masa onu alır',
        sim_duplicate: 'nömrənin kimə aid olduğunu mərkəz həll edir: müştərinin bir gün ərzində yoxlanması',
        imei_register: 'iki dəfə qeydə alınan cihaz nəzarətçinin həll etdiyi ziddiyyətə çevrilir',
      },
    },
  },
  validation: { OPERATION_KIND: 'Əməliyyat növü, məsələn sim.duplicate' },
};
