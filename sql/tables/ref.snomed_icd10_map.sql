-- Name: snomed_icd10_map; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.snomed_icd10_map (
    snomed_code text NOT NULL,
    icd10_code text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE snomed_icd10_map; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.snomed_icd10_map IS 'curated SNOMED CT -> billable ICD-10-CM map for conditions common in Synthea exports; an unmapped condition is imported as R69 (illness, unspecified) with its SNOMED code kept on the diagnosis';

--
-- Name: snomed_icd10_map snomed_icd10_map_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.snomed_icd10_map
    ADD CONSTRAINT snomed_icd10_map_pkey PRIMARY KEY (snomed_code);

--
-- Name: snomed_icd10_map snomed_icd10_map_icd10_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.snomed_icd10_map
    ADD CONSTRAINT snomed_icd10_map_icd10_code_fkey FOREIGN KEY (icd10_code) REFERENCES ref.icd10_code(code);
