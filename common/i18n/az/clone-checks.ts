// Azərbaycanca: şəxsiyyət yoxlamasında çipin surət yoxlaması (issue 11, deliver 4). Açarlar en/ və ru/clone-checks.ts ilə eyni olmalıdır.
export default {
  idCheck: {
    clone: {
      label: 'Surət yoxlaması',
      chipAuth: 'Çip autentifikasiyası',
      activeAuth: 'Aktiv autentifikasiya',
      status: { passed: 'keçdi', failed: 'KEÇMƏDİ', 'not-offered': 'çip təklif etmir', 'not-supported': 'edilmədi (bu masada dəstəklənmir)' },
      failure: {
        'key-not-vouched': 'açarı verənin imzası ilə təsdiqlənmir',
        signature: 'çipin imzası yanlışdır',
        keys: 'çip razılaşdırılmış açarlarla davam edə bilmədi',
        refused: 'çip yoxlamadan imtina etdi',
        malformed: 'çipin açar faylı zədəlidir',
      },
      none: 'Çip surət yoxlaması təklif etmir (nə çip, nə aktiv autentifikasiya): kartı gözlə yoxlayın.',
    },
    refusal: {
      chipAuth: 'İmtina: çip autentifikasiyasından keçmədi — çipdə öz açarı yoxdur. Çox güman ki, bu, surəti çıxarılmış çipdir.',
      activeAuth: 'İmtina: çip aktiv autentifikasiyadan keçmədi — çipdə öz açarı yoxdur. Çox güman ki, bu, surəti çıxarılmış çipdir.',
    },
  },
};
