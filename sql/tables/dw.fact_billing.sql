-- Name: fact_billing; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_billing (
    invoice_line_id bigint NOT NULL,
    date_key integer NOT NULL,
    patient_durable_key bigint NOT NULL,
    patient_key bigint NOT NULL,
    invoice_id bigint NOT NULL,
    encounter_id bigint NOT NULL,
    department_key bigint NOT NULL,
    payer_type text NOT NULL,
    line_kind text NOT NULL,
    billed_amount numeric(12,2) NOT NULL,
    paid_amount numeric(12,2) NOT NULL,
    adjusted_amount numeric(12,2) NOT NULL,
    outstanding_amount numeric(12,2) NOT NULL
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_billing; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_billing IS 'grain: one row per invoice line, dated by the invoice issue day; the invoice''s paid and adjusted amounts are allocated to its lines in proportion to their amounts (cumulative rounding, so lines add up to the invoice)';

--
-- Name: COLUMN fact_billing.outstanding_amount; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.fact_billing.outstanding_amount IS 'billed - paid - adjusted for this line';

--
-- Name: fact_billing fact_billing_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_billing
    ADD CONSTRAINT fact_billing_pkey PRIMARY KEY (invoice_line_id, date_key, patient_durable_key);

--
-- Name: TABLE fact_billing; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_billing TO hc_analyst;
