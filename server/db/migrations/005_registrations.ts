// IMEI and KÖMİS registrations are unique across the organisation, not per desk (issue 9): the server keeps who
// registered each IMEI and each KÖMİS subscriber code, and a second registration from any desk is a conflict.
export default {
  version: 5,
  name: 'registrations',
  up: `
CREATE TABLE imei_registrations (
  imei        text PRIMARY KEY,
  op_id       uuid NOT NULL,
  subject     text NOT NULL,
  office_id   uuid REFERENCES offices(id),
  notice_code text NOT NULL
);
CREATE TABLE komis_registrations (
  subscriber_code text PRIMARY KEY,
  op_id           uuid NOT NULL,
  subject         text NOT NULL,
  office_id       uuid REFERENCES offices(id)
);
`,
};
