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
};
