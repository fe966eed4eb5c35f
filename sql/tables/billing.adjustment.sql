-- Name: adjustment; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.adjustment (
    adjustment_id bigint NOT NULL,
    invoice_id bigint NOT NULL,
    amount numeric(12,2) NOT NULL,
    reason text NOT NULL,
    adjusted_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT adjustment_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT adjustment_reason_check CHECK ((btrim(reason) <> ''::text))
);

--
-- Name: TABLE adjustment; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON TABLE billing.adjustment IS 'an amount taken off an invoice without payment (discount, write-off)';

--
-- Name: adjustment_adjustment_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.adjustment ALTER COLUMN adjustment_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.adjustment_adjustment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: adjustment adjustment_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.adjustment
    ADD CONSTRAINT adjustment_pkey PRIMARY KEY (adjustment_id);

--
-- Name: adjustment_invoice_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX adjustment_invoice_idx ON billing.adjustment USING btree (invoice_id);

--
-- Name: adjustment adjustment_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.adjustment
    ADD CONSTRAINT adjustment_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES billing.invoice(invoice_id);

--
-- Name: TABLE adjustment; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.adjustment TO hc_billing_clerk;
