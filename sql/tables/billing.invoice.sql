-- Name: invoice; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.invoice (
    invoice_id bigint NOT NULL,
    encounter_id bigint NOT NULL,
    patient_id bigint NOT NULL,
    payer_id bigint NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    issued_on date DEFAULT CURRENT_DATE NOT NULL,
    due_on date DEFAULT (CURRENT_DATE + 30) NOT NULL,
    total_amount numeric(12,2) DEFAULT 0 NOT NULL,
    paid_amount numeric(12,2) DEFAULT 0 NOT NULL,
    adjusted_amount numeric(12,2) DEFAULT 0 NOT NULL,
    balance numeric(12,2) GENERATED ALWAYS AS (((total_amount - paid_amount) - adjusted_amount)) STORED NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invoice_amounts_check CHECK (((total_amount >= (0)::numeric) AND (paid_amount >= (0)::numeric) AND (adjusted_amount >= (0)::numeric))),
    CONSTRAINT invoice_due_check CHECK ((due_on >= issued_on)),
    CONSTRAINT invoice_not_overpaid_check CHECK (((paid_amount + adjusted_amount) <= total_amount)),
    CONSTRAINT invoice_status_check CHECK ((status = ANY (ARRAY['open'::text, 'partially paid'::text, 'paid'::text])))
);

--
-- Name: TABLE invoice; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON TABLE billing.invoice IS 'the bill of one encounter; totals are kept by triggers from lines, payments, adjustments';

--
-- Name: COLUMN invoice.payer_id; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.invoice.payer_id IS 'the patient''s payer when the invoice was opened';

--
-- Name: COLUMN invoice.total_amount; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.invoice.total_amount IS 'sum of the invoice lines';

--
-- Name: COLUMN invoice.paid_amount; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.invoice.paid_amount IS 'sum of payments (by the patient and by payers)';

--
-- Name: COLUMN invoice.adjusted_amount; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.invoice.adjusted_amount IS 'sum of adjustments (write-offs, discounts)';

--
-- Name: COLUMN invoice.balance; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.invoice.balance IS 'still owed: total - paid - adjusted';

--
-- Name: invoice_invoice_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.invoice ALTER COLUMN invoice_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.invoice_invoice_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: invoice invoice_encounter_id_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_encounter_id_key UNIQUE (encounter_id) INCLUDE (invoice_id, issued_on);

--
-- Name: invoice invoice_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_pkey PRIMARY KEY (invoice_id);

--
-- Name: invoice_patient_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoice_patient_idx ON billing.invoice USING btree (patient_id);

--
-- Name: invoice_patient_open_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoice_patient_open_idx ON billing.invoice USING btree (patient_id, issued_on) WHERE (status <> 'paid'::text);

--
-- Name: invoice invoice_encounter_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_encounter_id_fkey FOREIGN KEY (encounter_id) REFERENCES clinic.encounter(encounter_id);

--
-- Name: invoice invoice_patient_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES clinic.patient(patient_id);

--
-- Name: invoice invoice_payer_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice
    ADD CONSTRAINT invoice_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES billing.payer(payer_id);

--
-- Name: invoice; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.invoice ENABLE ROW LEVEL SECURITY;

--
-- Name: invoice invoice_billing; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY invoice_billing ON billing.invoice FOR SELECT TO hc_billing_clerk USING (true);

--
-- Name: invoice invoice_in_care; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY invoice_in_care ON billing.invoice FOR SELECT TO hc_app, hc_clinician USING ((EXISTS ( SELECT 1
   FROM clinic.encounter e
  WHERE (e.encounter_id = invoice.encounter_id))));

--
-- Name: TABLE invoice; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.invoice TO hc_clinician;
GRANT SELECT ON TABLE billing.invoice TO hc_billing_clerk;
GRANT SELECT ON TABLE billing.invoice TO hc_app;
