-- Name: claim; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.claim (
    claim_id bigint NOT NULL,
    invoice_id bigint NOT NULL,
    payer_id bigint NOT NULL,
    status text DEFAULT 'submitted'::text NOT NULL,
    amount_claimed numeric(12,2) NOT NULL,
    amount_paid numeric(12,2) DEFAULT 0 NOT NULL,
    submitted_at timestamp with time zone DEFAULT now() NOT NULL,
    adjudicated_at timestamp with time zone,
    denial_reason text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT claim_adjudicated_check CHECK (((status = 'submitted'::text) = (adjudicated_at IS NULL))),
    CONSTRAINT claim_amount_claimed_check CHECK ((amount_claimed > (0)::numeric)),
    CONSTRAINT claim_amount_paid_check CHECK (((amount_paid >= (0)::numeric) AND (amount_paid <= amount_claimed))),
    CONSTRAINT claim_status_amount_check CHECK ((((status = 'submitted'::text) AND (amount_paid = (0)::numeric)) OR ((status = 'paid'::text) AND (amount_paid = amount_claimed)) OR ((status = 'partly paid'::text) AND (amount_paid > (0)::numeric) AND (amount_paid < amount_claimed)) OR ((status = 'denied'::text) AND (amount_paid = (0)::numeric)))),
    CONSTRAINT claim_status_check CHECK ((status = ANY (ARRAY['submitted'::text, 'paid'::text, 'partly paid'::text, 'denied'::text])))
);

--
-- Name: TABLE claim; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON TABLE billing.claim IS 'a request to a payer to pay part of an invoice; while submitted its amount is pending with the payer, once adjudicated whatever the payer did not pay is the patient''s responsibility';

--
-- Name: COLUMN claim.amount_paid; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.claim.amount_paid IS 'what the payer paid (also recorded as a payment)';

--
-- Name: claim_claim_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.claim ALTER COLUMN claim_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.claim_claim_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: claim claim_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.claim
    ADD CONSTRAINT claim_pkey PRIMARY KEY (claim_id);

--
-- Name: claim_invoice_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX claim_invoice_idx ON billing.claim USING btree (invoice_id);

--
-- Name: claim_payer_pending_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX claim_payer_pending_idx ON billing.claim USING btree (payer_id) WHERE (status = 'submitted'::text);

--
-- Name: claim claim_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.claim
    ADD CONSTRAINT claim_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES billing.invoice(invoice_id);

--
-- Name: claim claim_payer_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.claim
    ADD CONSTRAINT claim_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES billing.payer(payer_id);

--
-- Name: claim; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.claim ENABLE ROW LEVEL SECURITY;

--
-- Name: claim claim_billing; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY claim_billing ON billing.claim FOR SELECT TO hc_billing_clerk USING (true);

--
-- Name: claim claim_in_care; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY claim_in_care ON billing.claim FOR SELECT TO hc_app, hc_clinician USING ((EXISTS ( SELECT 1
   FROM billing.invoice i
  WHERE (i.invoice_id = claim.invoice_id))));

--
-- Name: TABLE claim; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.claim TO hc_clinician;
GRANT SELECT ON TABLE billing.claim TO hc_billing_clerk;
GRANT SELECT ON TABLE billing.claim TO hc_app;
