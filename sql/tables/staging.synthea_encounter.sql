-- Name: synthea_encounter; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_encounter (
    id text NOT NULL,
    line_no integer NOT NULL,
    started timestamp with time zone NOT NULL,
    stopped timestamp with time zone,
    patient text NOT NULL,
    organization text,
    care_provider text,
    payer text,
    encounter_class text NOT NULL,
    code text NOT NULL,
    description text,
    base_cost numeric(12,2),
    total_claim_cost numeric(12,2),
    payer_coverage numeric(12,2),
    reason_code text,
    reason_description text
);

--
-- Name: TABLE synthea_encounter; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_encounter IS 'rows of a Synthea encounters.csv being imported';

--
-- Name: synthea_encounter synthea_encounter_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_encounter
    ADD CONSTRAINT synthea_encounter_pkey PRIMARY KEY (id);
