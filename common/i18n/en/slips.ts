// English: customer slips (issue 12, deliver 5) — printed for the customer to take home, and the visit page's offer.
// Numbers and days come from reference data (parameters): {number} the SMS short number, {days} the renewal window.
export default {
  slips: {
    title: 'Customer slips',
    hint: 'Printed for the customer to take home, in the language chosen above.',
    print: { renewal: 'SMS renewal slip', pin: 'PIN1 / PIN2 / PUK slip', komis: 'KÖMİS first login' },
    offer: {
      text: 'The {type} certificate on {msisdn} expires on {date} (in {days} days): it can be renewed online now. Give the customer the SMS renewal slip?',
      expired: 'The {type} certificate on {msisdn} expired on {date}: it is renewed in person at ASXM.',
      print: 'Print the renewal slip',
      dismiss: 'Not now',
    },
    printed: 'Slip printed: {name}',
    renewal: {
      title: 'Asan İmza: renewal and service by SMS',
      certificate: 'Your {type} certificate on {msisdn} is valid until {date}.',
      online: 'Renew it online, at the e-taxes portal, in the last {days} days before it expires{window}.',
      window: ': from {from} to {to}',
      inPerson: 'After it has expired, it is renewed only in person at an ASXM centre.',
      sms: 'The Asan İmza service is extended by SMS to {number}, free of charge. Send one word:',
      keywords: { ferdi: 'extends a Fərdi (citizen) service', biznes: 'extends a Biznes (business) service', dovlet: 'extends a Dövlət (government) service', status: 'tells you until when your certificate is valid' },
      keyword: 'Send',
      meaning: 'What it does',
    },
    pin: {
      title: 'Asan İmza: your PIN1, PIN2 and PUK',
      intro: 'Your codes are on the card the operator gave you with the SIM. This slip does not contain them.',
      code: 'Code',
      use: 'What it is for',
      pin1: 'to log in: it proves who you are when a site or service asks for Asan İmza',
      pin2: 'to sign: it puts your signature on a document or a tax return',
      puk: 'to unblock PIN1 when it is blocked',
      pin1Blocked: '{tries} wrong PIN1 entries in a row block PIN1: unblock it with the PUK.',
      pukBlocked: '{tries} wrong PUK entries in a row block the SIM for good: you then need a new SIM (a SIM duplicate) from your operator and new certificates from ASXM.',
      secret: 'Never tell anyone your codes, not even a clerk: no desk ever asks for them.',
    },
    komis: {
      title: 'KÖMİS: your first login',
      code: 'Subscriber code: {code}',
      login: 'Log in with your subscriber code and the initial password printed on your registration sheet.',
      change: 'At the first login the system asks you to change the initial password: the initial password must be changed before anything else.',
      length: 'The initial password has {length} characters. It is printed only once, on the registration sheet: keep the sheet safe until you have changed it.',
      secret: 'Choose a new password nobody else knows and never give it to anyone.',
    },
  },
};
