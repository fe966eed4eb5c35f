-- Name: icd10_code; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.icd10_code (
    code text NOT NULL,
    description text NOT NULL,
    parent_code text,
    category_code text NOT NULL,
    block_code text NOT NULL,
    chapter_no smallint NOT NULL,
    is_billable boolean NOT NULL,
    code_undotted text GENERATED ALWAYS AS (replace(code, '.'::text, ''::text)) STORED,
    CONSTRAINT icd10_code_format_check CHECK ((code ~ '^[A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,4})?$'::text)),
    CONSTRAINT icd10_code_parent_check CHECK (((parent_code IS NULL) = (code = category_code)))
);

--
-- Name: TABLE icd10_code; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.icd10_code IS 'ICD-10-CM categories (3 characters) and codes (4 to 7); only billable codes (leaves) may be used in a diagnosis';

--
-- Name: COLUMN icd10_code.code; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_code.code IS 'the code with its dot, as printed: E11.65';

--
-- Name: COLUMN icd10_code.parent_code; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_code.parent_code IS 'the code one level up; null for a category';

--
-- Name: COLUMN icd10_code.category_code; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_code.category_code IS 'the 3-character category the code belongs to';

--
-- Name: COLUMN icd10_code.is_billable; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_code.is_billable IS 'true for the most specific codes (leaves), the ones a diagnosis may carry';

--
-- Name: COLUMN icd10_code.code_undotted; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.icd10_code.code_undotted IS 'the code without its dot (E1165), as claims and some exports write it';

--
-- Name: icd10_code icd10_code_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_code
    ADD CONSTRAINT icd10_code_pkey PRIMARY KEY (code);

--
-- Name: icd10_code_block_code_idx; Type: INDEX; Schema: ref; Owner: -
--

CREATE INDEX icd10_code_block_code_idx ON ref.icd10_code USING btree (block_code);

--
-- Name: icd10_code_category_code_idx; Type: INDEX; Schema: ref; Owner: -
--

CREATE INDEX icd10_code_category_code_idx ON ref.icd10_code USING btree (category_code);

--
-- Name: icd10_code_chapter_no_idx; Type: INDEX; Schema: ref; Owner: -
--

CREATE INDEX icd10_code_chapter_no_idx ON ref.icd10_code USING btree (chapter_no);

--
-- Name: icd10_code_parent_code_idx; Type: INDEX; Schema: ref; Owner: -
--

CREATE INDEX icd10_code_parent_code_idx ON ref.icd10_code USING btree (parent_code);

--
-- Name: icd10_code_undotted_key; Type: INDEX; Schema: ref; Owner: -
--

CREATE UNIQUE INDEX icd10_code_undotted_key ON ref.icd10_code USING btree (code_undotted);

--
-- Name: icd10_code icd10_code_block_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_code
    ADD CONSTRAINT icd10_code_block_code_fkey FOREIGN KEY (block_code) REFERENCES ref.icd10_block(block_code);

--
-- Name: icd10_code icd10_code_category_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_code
    ADD CONSTRAINT icd10_code_category_code_fkey FOREIGN KEY (category_code) REFERENCES ref.icd10_code(code);

--
-- Name: icd10_code icd10_code_chapter_no_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_code
    ADD CONSTRAINT icd10_code_chapter_no_fkey FOREIGN KEY (chapter_no) REFERENCES ref.icd10_chapter(chapter_no);

--
-- Name: icd10_code icd10_code_parent_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.icd10_code
    ADD CONSTRAINT icd10_code_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES ref.icd10_code(code);

--
-- Name: TABLE icd10_code; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.icd10_code TO hc_clinician;
GRANT SELECT ON TABLE ref.icd10_code TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.icd10_code TO hc_pharmacist;
GRANT SELECT ON TABLE ref.icd10_code TO hc_app;
