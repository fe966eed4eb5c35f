-- Name: synthea_id_map; Type: TABLE; Schema: staging; Owner: -
--

CREATE TABLE staging.synthea_id_map (
    entity text NOT NULL,
    source_id text NOT NULL,
    target_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT synthea_id_map_entity_check CHECK ((entity = ANY (ARRAY['organization'::text, 'provider'::text, 'payer'::text, 'patient'::text, 'encounter'::text, 'condition'::text, 'procedure'::text, 'medication'::text])))
);

--
-- Name: TABLE synthea_id_map; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_id_map IS 'which row of ours each imported Synthea row became: a re-import skips every source id found here';

--
-- Name: COLUMN synthea_id_map.source_id; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.synthea_id_map.source_id IS 'the Synthea Id (organizations, providers, payers, patients, encounters) or, for conditions, procedures and medications that have no Id, encounter id and row identity (code, start, ordinal)';

--
-- Name: COLUMN synthea_id_map.target_id; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON COLUMN staging.synthea_id_map.target_id IS 'department, staff, payer, patient, encounter, diagnosis, treatment_given or prescription id';

--
-- Name: synthea_id_map synthea_id_map_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_id_map
    ADD CONSTRAINT synthea_id_map_pkey PRIMARY KEY (entity, source_id);
