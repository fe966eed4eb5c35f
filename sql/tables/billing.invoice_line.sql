-- Name: invoice_line; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.invoice_line (
    invoice_line_id bigint NOT NULL,
    invoice_id bigint NOT NULL,
    line_kind text NOT NULL,
    description text NOT NULL,
    treatment_given_id bigint,
    quantity numeric(12,3) DEFAULT 1 NOT NULL,
    unit_price numeric(12,2) NOT NULL,
    amount numeric(12,2) GENERATED ALWAYS AS (round((quantity * unit_price), 2)) STORED NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invoice_line_kind_check CHECK ((line_kind = ANY (ARRAY['consultation'::text, 'treatment'::text, 'other'::text]))),
    CONSTRAINT invoice_line_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT invoice_line_treatment_check CHECK (((line_kind = 'treatment'::text) = (treatment_given_id IS NOT NULL))),
    CONSTRAINT invoice_line_unit_price_check CHECK ((unit_price >= (0)::numeric))
);

--
-- Name: TABLE invoice_line; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON TABLE billing.invoice_line IS 'one charge on an invoice: a consultation fee or a treatment';

--
-- Name: COLUMN invoice_line.amount; Type: COMMENT; Schema: billing; Owner: -
--

COMMENT ON COLUMN billing.invoice_line.amount IS 'quantity x unit price, rounded to cents';

--
-- Name: invoice_line_invoice_line_id_seq; Type: SEQUENCE; Schema: billing; Owner: -
--

ALTER TABLE billing.invoice_line ALTER COLUMN invoice_line_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME billing.invoice_line_invoice_line_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: invoice_line invoice_line_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice_line
    ADD CONSTRAINT invoice_line_pkey PRIMARY KEY (invoice_line_id);

--
-- Name: invoice_line invoice_line_treatment_given_id_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice_line
    ADD CONSTRAINT invoice_line_treatment_given_id_key UNIQUE (treatment_given_id);

--
-- Name: invoice_line_invoice_idx; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX invoice_line_invoice_idx ON billing.invoice_line USING btree (invoice_id) INCLUDE (invoice_line_id);

--
-- Name: invoice_line invoice_line_invoice_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice_line
    ADD CONSTRAINT invoice_line_invoice_id_fkey FOREIGN KEY (invoice_id) REFERENCES billing.invoice(invoice_id);

--
-- Name: invoice_line invoice_line_treatment_given_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.invoice_line
    ADD CONSTRAINT invoice_line_treatment_given_id_fkey FOREIGN KEY (treatment_given_id) REFERENCES clinic.treatment_given(treatment_given_id);

--
-- Name: TABLE invoice_line; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.invoice_line TO hc_billing_clerk;
