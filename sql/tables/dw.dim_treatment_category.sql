-- Name: dim_treatment_category; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_treatment_category (
    treatment_category_code text NOT NULL
);

--
-- Name: TABLE dim_treatment_category; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_treatment_category IS 'treatment category: the letter prefix of the treatment code (e.g. LAB, IMG, PROC), OTHER when there is none';

--
-- Name: dim_treatment_category dim_treatment_category_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_treatment_category
    ADD CONSTRAINT dim_treatment_category_pkey PRIMARY KEY (treatment_category_code);

--
-- Name: TABLE dim_treatment_category; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_treatment_category TO hc_analyst;
