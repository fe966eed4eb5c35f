-- Name: agg_treatment; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_treatment (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    treatment_category_code text NOT NULL,
    outcome text NOT NULL,
    treatments bigint NOT NULL,
    revenue numeric(16,2) NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_treatment; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_treatment IS 'treatments and their price per month, department, category and outcome';

--
-- Name: agg_treatment agg_treatment_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_treatment
    ADD CONSTRAINT agg_treatment_pkey PRIMARY KEY (month_start, department_key, treatment_category_code, outcome);

--
-- Name: TABLE agg_treatment; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_treatment TO hc_analyst;
