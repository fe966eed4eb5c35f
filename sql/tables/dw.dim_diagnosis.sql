-- Name: dim_diagnosis; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_diagnosis (
    icd10_code text NOT NULL,
    code_description text NOT NULL,
    category_code text NOT NULL,
    block_code text NOT NULL,
    is_billable boolean NOT NULL
);

--
-- Name: TABLE dim_diagnosis; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_diagnosis IS 'ICD-10-CM code (every code of ref.icd10_code), snowflaked to its block';

--
-- Name: dim_diagnosis dim_diagnosis_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_diagnosis
    ADD CONSTRAINT dim_diagnosis_pkey PRIMARY KEY (icd10_code);

--
-- Name: dim_diagnosis dim_diagnosis_block_code_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_diagnosis
    ADD CONSTRAINT dim_diagnosis_block_code_fkey FOREIGN KEY (block_code) REFERENCES dw.dim_diagnosis_block(block_code);

--
-- Name: TABLE dim_diagnosis; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_diagnosis TO hc_analyst;
