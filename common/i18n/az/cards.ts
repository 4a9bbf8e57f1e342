// Kart oxuyucuları və e-İmza tokenləri (bax: en/cards.ts).
export default {
  errors: {
    PUK_WRONG: 'PUK səhvdir. Hər səhv PUK bir cəhd aparır; cəhd qalmayanda kart həmişəlik bloklanır.',
    PUK_BLOCKED: 'PUK bloklanıb: kartı artıq blokdan çıxarmaq olmur, kart dəyişdirilməlidir.',
    NOT_A_TOKEN: '“{reader}” oxuyucusundakı kart e-İmza tokeni deyil.',
    READER_AMBIGUOUS: 'Belə kart birdən çox oxuyucudadır ({readers}). Oxuyucunu seçin və ya lazım olmayan kartı çıxarın.',
  },
  token: {
    pin: { unset: 'PIN təyin edilməyib: PUK ilə təyin edin' },
  },
  tokenCounters: {
    pin: 'PIN: {max} cəhddən {left} qalıb',
    pinLeft: 'PIN: {left} cəhd qalıb',
    puk: 'PUK: {max} cəhddən {left} qalıb',
    pukLeft: 'PUK: {left} cəhd qalıb',
    pukState: {
      ok: 'PUK istifadə oluna bilər',
      low: 'PUK: az cəhd qalıb — sıfırda kart həmişəlik bloklanır',
      blocked: 'PUK bloklanıb: kart dəyişdirilməlidir',
      unset: 'PUK təyin edilməyib',
      unknown: 'PUK vəziyyəti məlum deyil',
    },
  },
  readerChoice: {
    prompt: 'Hansı oxuyucudan oxunsun?',
    read: '{reader} oxuyucusundan oxu',
  },
  // Issue 11: hər kartın növü, necə tapıldığı və masanın adlandırılmış oxuyucuları (Parametrlər).
  validation: {
    READER_SAME: 'Şəxsiyyət vəsiqəsi oxuyucusu ilə SIM oxuyucusu iki fərqli oxuyucu olmalıdır.',
  },
  hardware: {
    kindSources: {
      atr: 'ATR-ə görə',
      probe: 'kart özü cavab verdi',
      setting: 'adlandırılmış oxuyucu (parametrlər)',
    },
  },
  readerSettings: {
    title: 'Kart oxuyucuları',
    intro: 'Masa şəxsiyyət vəsiqəsini və SIM kartı hər karta sual verərək tapır. Oxuyucunu burada yalnız bu masa onu həmişə bir növ kart üçün işlədirsə adlandırın: onda əvvəlcə o yoxlanılır.',
    idReader: 'Şəxsiyyət vəsiqəsi oxuyucusu',
    simReader: 'SIM kart oxuyucusu',
    automatic: 'İstənilən oxuyucu (kartlar özü bildirir)',
    notConnected: '{reader} (qoşulmayıb)',
    saved: 'Kart oxuyucuları yadda saxlanıldı.',
  },
  audit: {
    settings: {
      idReader: 'şəxsiyyət vəsiqəsi oxuyucusu',
      simReader: 'SIM kart oxuyucusu',
    },
  },
};
