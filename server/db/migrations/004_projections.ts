// The server as the authority on records that outlive a desk (issue 9): powers of attorney and Asan İmza certificates
// projected from the ops that made them, so another desk of the office (POAs) or the issuing office (a certificate
// flagged by a SIM duplicate done elsewhere) gets them through the pull log.
export default {
  version: 4,
  name: 'projections',
  up: `
CREATE TABLE poas (
  poa_id        text PRIMARY KEY,
  office_id     uuid REFERENCES offices(id),
  principal_key text NOT NULL,
  trustee_key   text NOT NULL,
  op_id         uuid NOT NULL,
  row           jsonb NOT NULL
);
CREATE INDEX poas_principal ON poas (principal_key);
CREATE INDEX poas_trustee ON poas (trustee_key);

CREATE TABLE certificates (
  certificate_id text PRIMARY KEY,
  office_id      uuid REFERENCES offices(id),
  subject        text NOT NULL,
  msisdn         text NOT NULL,
  iccid          text NOT NULL,
  status         text NOT NULL,
  op_id          uuid NOT NULL,
  row            jsonb NOT NULL
);
CREATE INDEX certificates_msisdn ON certificates (msisdn);
CREATE INDEX certificates_subject ON certificates (subject);
`,
};
