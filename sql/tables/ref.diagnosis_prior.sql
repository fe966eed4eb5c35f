-- Name: diagnosis_prior; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.diagnosis_prior (
    diagnosis_prior_id bigint NOT NULL,
    icd10_code text NOT NULL,
    age_from smallint NOT NULL,
    age_to smallint NOT NULL,
    sex text,
    weight numeric(8,2) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT diagnosis_prior_age_check CHECK (((age_from >= 0) AND (age_from <= age_to) AND (age_to <= 130))),
    CONSTRAINT diagnosis_prior_sex_check CHECK ((sex = ANY (ARRAY['female'::text, 'male'::text]))),
    CONSTRAINT diagnosis_prior_weight_check CHECK ((weight > (0)::numeric))
);

--
-- Name: TABLE diagnosis_prior; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.diagnosis_prior IS 'synthetic-data model: relative frequency of common primary diagnoses per age band and sex (used by dbtool seed)';

--
-- Name: COLUMN diagnosis_prior.age_from; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.diagnosis_prior.age_from IS 'first age (in whole years) of the band';

--
-- Name: COLUMN diagnosis_prior.age_to; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.diagnosis_prior.age_to IS 'last age (in whole years) of the band';

--
-- Name: COLUMN diagnosis_prior.sex; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.diagnosis_prior.sex IS 'female or male; null when the weight applies to both';

--
-- Name: COLUMN diagnosis_prior.weight; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.diagnosis_prior.weight IS 'relative weight within the band (roughly visits per 1,000)';

--
-- Name: diagnosis_prior_diagnosis_prior_id_seq; Type: SEQUENCE; Schema: ref; Owner: -
--

ALTER TABLE ref.diagnosis_prior ALTER COLUMN diagnosis_prior_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME ref.diagnosis_prior_diagnosis_prior_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: diagnosis_prior diagnosis_prior_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.diagnosis_prior
    ADD CONSTRAINT diagnosis_prior_key UNIQUE NULLS NOT DISTINCT (icd10_code, age_from, sex);

--
-- Name: diagnosis_prior diagnosis_prior_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.diagnosis_prior
    ADD CONSTRAINT diagnosis_prior_pkey PRIMARY KEY (diagnosis_prior_id);

--
-- Name: diagnosis_prior diagnosis_prior_icd10_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.diagnosis_prior
    ADD CONSTRAINT diagnosis_prior_icd10_code_fkey FOREIGN KEY (icd10_code) REFERENCES ref.icd10_code(code);
