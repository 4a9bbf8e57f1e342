// A Biznes certificate is a company's (issue 9, item 1): one live Biznes certificate per VÖEN, whoever holds it and
// on whatever number. The company is a column so that a pushed batch locks and loads a company's certificates by index
// (store/rules.ts, cert.issue).
export default {
  version: 9,
  name: 'certificate_company',
  up: `
ALTER TABLE certificates ADD COLUMN voen text;
UPDATE certificates SET voen = row->>'voen' WHERE row ? 'voen';
CREATE INDEX certificates_voen ON certificates (voen) WHERE voen IS NOT NULL;
`,
};
