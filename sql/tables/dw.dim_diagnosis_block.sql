-- Name: dim_diagnosis_block; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_diagnosis_block (
    block_code text NOT NULL,
    chapter_no smallint NOT NULL,
    block_title text NOT NULL
);

--
-- Name: TABLE dim_diagnosis_block; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_diagnosis_block IS 'ICD-10 block (range of categories), snowflaked to its chapter';

--
-- Name: dim_diagnosis_block dim_diagnosis_block_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_diagnosis_block
    ADD CONSTRAINT dim_diagnosis_block_pkey PRIMARY KEY (block_code);

--
-- Name: dim_diagnosis_block dim_diagnosis_block_chapter_no_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_diagnosis_block
    ADD CONSTRAINT dim_diagnosis_block_chapter_no_fkey FOREIGN KEY (chapter_no) REFERENCES dw.dim_diagnosis_chapter(chapter_no);

--
-- Name: TABLE dim_diagnosis_block; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_diagnosis_block TO hc_analyst;
