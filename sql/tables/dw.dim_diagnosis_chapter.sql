-- Name: dim_diagnosis_chapter; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_diagnosis_chapter (
    chapter_no smallint NOT NULL,
    code_range text NOT NULL,
    chapter_title text NOT NULL
);

--
-- Name: TABLE dim_diagnosis_chapter; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_diagnosis_chapter IS 'ICD-10 chapter (22)';

--
-- Name: dim_diagnosis_chapter dim_diagnosis_chapter_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_diagnosis_chapter
    ADD CONSTRAINT dim_diagnosis_chapter_pkey PRIMARY KEY (chapter_no);

--
-- Name: TABLE dim_diagnosis_chapter; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_diagnosis_chapter TO hc_analyst;
