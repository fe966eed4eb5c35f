-- Name: payment; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.payment (
    payment_id bigint NOT NULL,
    invoice_id bigint NOT NULL,
    payer_id bigint,
    claim_id bigint,
    amount numeric(12,2) NOT NULL,
    payment_method text NOT NULL,
    payment_reference text,
    paid_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT payment_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT payment_method_check CHECK ((payment_method = ANY (ARRAY['cash'::text, 'card'::text, 'bank transfer'::text, 'cheque'::text, 'payer remittance'::text]))),
    CONSTRAINT payment_source_check CHECK (((payer_id IS NULL) = (claim_id IS NULL)))
);

--
-- Name: TABLE payment; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON TABLE billing.payment IS 'money received for an invoice: from the patient (payer_id null) or a payer';

--
-- Name: COLUMN payment.payer_id; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.payment.payer_id IS 'the payer who paid; null when the patient paid';

--
-- Name: COLUMN payment.claim_id; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.payment.claim_id IS 'the claim a payer''s payment settles';

--
-- Name: payment_payment_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.payment ALTER COLUMN payment_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.payment_payment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: payment payment_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payment
    ADD CONSTRAINT payment_pkey PRIMARY KEY (payment_id);

--
-- Name: payment_claim_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX payment_claim_idx ON billing.payment USING btree (claim_id);

--
-- Name: payment_invoice_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX payment_invoice_idx ON billing.payment USING btree (invoice_id);

--
-- Name: payment payment_claim_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payment
    ADD CONSTRAINT payment_claim_id_fkey FOREIGN KEY (claim_id) REFERENCES billing.claim(claim_id);

--
-- Name: payment payment_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payment
    ADD CONSTRAINT payment_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES billing.invoice(invoice_id);

--
-- Name: payment payment_payer_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payment
    ADD CONSTRAINT payment_payer_id_fkey FOREIGN KEY (payer_id) REFERENCES billing.payer(payer_id);

--
-- Name: TABLE payment; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.payment TO hc_billing_clerk;
