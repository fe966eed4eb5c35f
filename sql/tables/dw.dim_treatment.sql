-- Name: dim_treatment; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_treatment (
    treatment_key bigint NOT NULL,
    treatment_code text NOT NULL,
    treatment_name text NOT NULL,
    default_price numeric(12,2) NOT NULL,
    treatment_category_code text NOT NULL,
    is_active boolean NOT NULL
);

--
-- Name: TABLE dim_treatment; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_treatment IS 'treatment catalogue entry (type 1); treatment_key is the OLTP treatment id';

--
-- Name: dim_treatment dim_treatment_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_treatment
    ADD CONSTRAINT dim_treatment_pkey PRIMARY KEY (treatment_key);

--
-- Name: dim_treatment dim_treatment_treatment_category_code_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_treatment
    ADD CONSTRAINT dim_treatment_treatment_category_code_fkey FOREIGN KEY (treatment_category_code) REFERENCES dw.dim_treatment_category(treatment_category_code);

--
-- Name: TABLE dim_treatment; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_treatment TO hc_analyst;
