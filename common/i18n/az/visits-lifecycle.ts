// Azərbaycanca: müraciətin bağlanması və ləğvi, şəxsiyyət yoxlamasının müddəti, ilkin / yekun əməliyyatlar və
// qəbzlər (issue 9, items 5 and 6). Keys must match en/ and ru/visits-lifecycle.ts.
export default {
  errors: {
    IDENTITY_CHECK_STALE: 'Şəxsiyyət yoxlaması {maxAgeHours} saatdan köhnədir: sənədi yenidən yoxlayın (F3) və yeni müraciətdə davam edin.',
    VISIT_NOT_EMPTY: 'Yalnız əməliyyatsız müraciət ləğv edilə bilər: onu bağlayın.',
  },
  lifecycle: {
    close: 'Müraciəti bağla',
    cancel: 'Müraciəti ləğv et',
    closeNow: 'Müraciət indi bağlansın?',
    keepOpen: 'Açıq saxla',
    state: { open: 'Açıq', completed: 'Bağlı', cancelled: 'Ləğv edilib' },
    reason: { clerk: 'operator bağlayıb', receipt: 'qəbzdən sonra bağlanıb', 'end-of-day': 'gün sonunda bağlanıb', cancelled: 'ləğv edilib' },
    closedNotice: 'Bu müraciət bağlanıb ({reason}): yeni əməliyyat qəbul etmir.',
    cancelledNotice: 'Bu müraciət ləğv edilib.',
    status: 'Vəziyyət',
    sync: 'Sinxronizasiya',
  },
  conflictNotice: { all: 'Həll ediləcək ziddiyyətlər: {count}', mine: 'Mərkəzdə qəbul edilməyən əməliyyatlarınız: {count}' },
  opSync: {
    provisional: 'İlkin',
    final: 'Yekun',
    conflict: 'Ziddiyyət',
    provisionalHint: 'Mərkəzi ofis hələ təsdiqləməyib',
    conflictHint: 'Mərkəzi ofis qəbul etməyib: nəzarətçi Sinxronizasiya səhifəsində həll edir',
    /** The journal's sync column: only the states a visit's operations are in. */
    part: { final: '{count} yekun', provisional: '{count} ilkin', conflict: '{count} ziddiyyət' },
  },
  print: {
    provisional: 'İlkin: mərkəzi ofis hələ təsdiqləməyib',
    final: 'Yekun: mərkəzi ofis təsdiqləyib',
    copy: 'Surət',
  },
  reference: {
    parameters: { VisitIdentityMaxAgeHours: 'Şəxsiyyət yoxlamasının etibarlılığı (saat)' },
    shippedNotes: { parameters: { visit_identity_maxAgeHours: 'bir iş günü: daha köhnə yoxlama yenidən aparılır' } },
  },
};
