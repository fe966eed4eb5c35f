-- Name: icd10_block; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.icd10_block (
    block_code text NOT NULL,
    chapter_no smallint NOT NULL,
    first_category text NOT NULL,
    last_category text NOT NULL,
    title text NOT NULL,
    CONSTRAINT icd10_block_range_check CHECK ((first_category <= last_category))
);

--
-- Name: TABLE icd10_block; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.icd10_block IS 'ICD-10-CM blocks (sections) of categories within a chapter, e.g. A00-A09 Intestinal infectious diseases';

--
-- Name: COLUMN icd10_block.block_code; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_block.block_code IS 'the block''s category range (a single code for one-category blocks)';

--
-- Name: icd10_block icd10_block_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_block
    ADD CONSTRAINT icd10_block_pkey PRIMARY KEY (block_code);

--
-- Name: icd10_block_chapter_no_idx; Type: INDEX; Schema: ref; Owner: -
--

CREATE INDEX icd10_block_chapter_no_idx ON ref.icd10_block USING btree (chapter_no);

--
-- Name: icd10_block icd10_block_chapter_no_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_block
    ADD CONSTRAINT icd10_block_chapter_no_fkey FOREIGN KEY (chapter_no) REFERENCES ref.icd10_chapter(chapter_no);

--
-- Name: TABLE icd10_block; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.icd10_block TO hc_clinician;
GRANT SELECT ON TABLE ref.icd10_block TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.icd10_block TO hc_pharmacist;
GRANT SELECT ON TABLE ref.icd10_block TO hc_app;
