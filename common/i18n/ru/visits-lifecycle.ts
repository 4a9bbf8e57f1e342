// Русский: закрытие и отмена визитов, срок проверки личности, предварительные / окончательные операции и
// квитанции (issue 9, items 5 and 6). Keys must match az/ and en/visits-lifecycle.ts.
export default {
  errors: {
    IDENTITY_CHECK_STALE: 'Проверке личности больше {maxAgeHours} ч: проверьте документ снова (F3) и продолжите в новом визите.',
    VISIT_NOT_EMPTY: 'Отменить можно только визит без операций: закройте его.',
  },
  lifecycle: {
    close: 'Закрыть визит',
    cancel: 'Отменить визит',
    closeNow: 'Закрыть визит сейчас?',
    keepOpen: 'Оставить открытым',
    state: { open: 'Открыт', completed: 'Закрыт', cancelled: 'Отменён' },
    reason: { clerk: 'закрыт сотрудником', receipt: 'закрыт после квитанции', 'end-of-day': 'закрыт в конце дня', cancelled: 'отменён' },
    closedNotice: 'Этот визит закрыт ({reason}): новые операции не принимаются.',
    cancelledNotice: 'Этот визит отменён.',
    status: 'Статус',
    sync: 'Синхронизация',
  },
  conflictNotice: { all: 'Конфликтов к решению: {count}', mine: 'Ваши операции, не принятые центром: {count}' },
  opSync: {
    provisional: 'Предварительно',
    final: 'Окончательно',
    conflict: 'Конфликт',
    provisionalHint: 'Ещё не подтверждено центральным офисом',
    conflictHint: 'Центральный офис не принял: супервизор решает это на странице синхронизации',
    /** The journal's sync column: only the states a visit's operations are in. */
    part: { final: 'окончательных: {count}', provisional: 'предварительных: {count}', conflict: 'в конфликте: {count}' },
  },
  print: {
    provisional: 'Предварительно: ещё не подтверждено центральным офисом',
    final: 'Окончательно: подтверждено центральным офисом',
    copy: 'Копия',
  },
  reference: {
    parameters: { VisitIdentityMaxAgeHours: 'Проверка личности действительна (часов)' },
    shippedNotes: { parameters: { visit_identity_maxAgeHours: 'один рабочий день: более старая проверка проводится заново' } },
  },
};
