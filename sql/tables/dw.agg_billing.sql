-- Name: agg_billing; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_billing (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    invoice_lines bigint NOT NULL,
    billed_amount numeric(16,2) NOT NULL,
    paid_amount numeric(16,2) NOT NULL,
    adjusted_amount numeric(16,2) NOT NULL,
    outstanding_amount numeric(16,2) NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_billing; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_billing IS 'invoice lines per month of issue and department: billed, paid, adjusted, outstanding';

--
-- Name: agg_billing agg_billing_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_billing
    ADD CONSTRAINT agg_billing_pkey PRIMARY KEY (month_start, department_key);

--
-- Name: TABLE agg_billing; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_billing TO hc_analyst;
