-- Name: icd10_chapter; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.icd10_chapter (
    chapter_no smallint NOT NULL,
    code_range text NOT NULL,
    title text NOT NULL,
    CONSTRAINT icd10_chapter_no_check CHECK (((chapter_no >= 1) AND (chapter_no <= 22))),
    CONSTRAINT icd10_chapter_range_check CHECK ((code_range ~ '^[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}$'::text))
);

--
-- Name: TABLE icd10_chapter; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.icd10_chapter IS 'ICD-10-CM chapters (22), e.g. 1 = Certain infectious and parasitic diseases';

--
-- Name: COLUMN icd10_chapter.code_range; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_chapter.code_range IS 'first and last category of the chapter, e.g. A00-B99';

--
-- Name: icd10_chapter icd10_chapter_code_range_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_chapter
    ADD CONSTRAINT icd10_chapter_code_range_key UNIQUE (code_range);

--
-- Name: icd10_chapter icd10_chapter_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_chapter
    ADD CONSTRAINT icd10_chapter_pkey PRIMARY KEY (chapter_no);

--
-- Name: TABLE icd10_chapter; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.icd10_chapter TO hc_clinician;
GRANT SELECT ON TABLE ref.icd10_chapter TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.icd10_chapter TO hc_pharmacist;
GRANT SELECT ON TABLE ref.icd10_chapter TO hc_app;
