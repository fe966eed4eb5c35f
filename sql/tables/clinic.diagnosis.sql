-- Name: diagnosis; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.diagnosis (
    diagnosis_id bigint NOT NULL,
    encounter_id bigint NOT NULL,
    icd10_code text NOT NULL,
    severity text NOT NULL,
    is_primary boolean DEFAULT false NOT NULL,
    onset_date date,
    resolved_date date,
    diagnosed_at timestamp with time zone DEFAULT now() NOT NULL,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    source_code_system text,
    source_code text,
    CONSTRAINT diagnosis_onset_check CHECK ((onset_date <= CURRENT_DATE)),
    CONSTRAINT diagnosis_resolved_check CHECK ((resolved_date >= onset_date)),
    CONSTRAINT diagnosis_source_code_check CHECK (((source_code_system IS NULL) = (source_code IS NULL)))
);

--
-- Name: TABLE diagnosis; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.diagnosis IS 'a diagnosis made during an encounter, coded in ICD-10-CM (billable codes only)';

--
-- Name: COLUMN diagnosis.is_primary; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.diagnosis.is_primary IS 'the main reason for the visit; at most one per encounter';

--
-- Name: COLUMN diagnosis.resolved_date; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.diagnosis.resolved_date IS 'null while the condition is active';

--
-- Name: COLUMN diagnosis.source_code_system; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.diagnosis.source_code_system IS 'code system of an imported diagnosis (e.g. http://snomed.info/sct); null when recorded in ICD-10-CM here';

--
-- Name: COLUMN diagnosis.source_code; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.diagnosis.source_code IS 'the diagnosis code in source_code_system';

--
-- Name: diagnosis_diagnosis_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.diagnosis ALTER COLUMN diagnosis_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.diagnosis_diagnosis_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: diagnosis diagnosis_encounter_code_key; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.diagnosis
    ADD CONSTRAINT diagnosis_encounter_code_key UNIQUE NULLS NOT DISTINCT (encounter_id, icd10_code, source_code_system, source_code);

--
-- Name: diagnosis diagnosis_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.diagnosis
    ADD CONSTRAINT diagnosis_pkey PRIMARY KEY (diagnosis_id);

--
-- Name: diagnosis_code_diagnosed_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX diagnosis_code_diagnosed_idx ON clinic.diagnosis USING btree (icd10_code, diagnosed_at);

--
-- Name: diagnosis_one_primary_per_encounter; Type: INDEX; Schema: clinic; Owner: -
--

CREATE UNIQUE INDEX diagnosis_one_primary_per_encounter ON clinic.diagnosis USING btree (encounter_id) WHERE is_primary;

--
-- Name: diagnosis diagnosis_encounter_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.diagnosis
    ADD CONSTRAINT diagnosis_encounter_id_fkey FOREIGN KEY (encounter_id) REFERENCES clinic.encounter(encounter_id);

--
-- Name: diagnosis diagnosis_icd10_code_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.diagnosis
    ADD CONSTRAINT diagnosis_icd10_code_fkey FOREIGN KEY (icd10_code) REFERENCES ref.icd10_code(code);

--
-- Name: diagnosis diagnosis_severity_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.diagnosis
    ADD CONSTRAINT diagnosis_severity_fkey FOREIGN KEY (severity) REFERENCES ref.severity(severity);

--
-- Name: diagnosis; Type: ROW SECURITY; Schema: clinic; Owner: -
--

ALTER TABLE clinic.diagnosis ENABLE ROW LEVEL SECURITY;

--
-- Name: diagnosis diagnosis_in_care; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY diagnosis_in_care ON clinic.diagnosis FOR SELECT TO hc_app, hc_clinician USING ((EXISTS ( SELECT 1
   FROM clinic.encounter e
  WHERE (e.encounter_id = diagnosis.encounter_id))));

--
-- Name: TABLE diagnosis; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.diagnosis TO hc_clinician;
GRANT SELECT ON TABLE clinic.diagnosis TO hc_app;
