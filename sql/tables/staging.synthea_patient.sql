-- Name: synthea_patient; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_patient (
    id text NOT NULL,
    line_no integer NOT NULL,
    birthdate date NOT NULL,
    deathdate date,
    name_prefix text,
    first_name text NOT NULL,
    last_name text NOT NULL,
    suffix text,
    marital text,
    gender text NOT NULL,
    address text,
    city text,
    state text,
    county text,
    zip text
);

--
-- Name: TABLE synthea_patient; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_patient IS 'rows of a Synthea patients.csv being imported';

--
-- Name: synthea_patient synthea_patient_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_patient
    ADD CONSTRAINT synthea_patient_pkey PRIMARY KEY (id);
