-- Name: dim_medication; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_medication (
    medication_key bigint NOT NULL,
    generic_name text NOT NULL,
    dosage_form text NOT NULL,
    strength numeric(12,3),
    strength_unit text,
    atc_code text,
    is_active boolean NOT NULL
);

--
-- Name: TABLE dim_medication; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_medication IS 'medication (type 1); medication_key is the OLTP medication id';

--
-- Name: dim_medication dim_medication_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_medication
    ADD CONSTRAINT dim_medication_pkey PRIMARY KEY (medication_key);

--
-- Name: dim_medication dim_medication_atc_code_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_medication
    ADD CONSTRAINT dim_medication_atc_code_fkey FOREIGN KEY (atc_code) REFERENCES dw.dim_medication_class(atc_code);

--
-- Name: TABLE dim_medication; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_medication TO hc_analyst;
