-- Name: synthea_procedure; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_procedure (
    line_no integer NOT NULL,
    started timestamp with time zone NOT NULL,
    stopped timestamp with time zone,
    patient text NOT NULL,
    encounter text NOT NULL,
    code_system text,
    code text NOT NULL,
    description text NOT NULL,
    base_cost numeric(12,2),
    reason_code text,
    reason_description text
);

--
-- Name: TABLE synthea_procedure; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_procedure IS 'rows of a Synthea procedures.csv being imported';

--
-- Name: synthea_procedure synthea_procedure_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_procedure
    ADD CONSTRAINT synthea_procedure_pkey PRIMARY KEY (line_no);
