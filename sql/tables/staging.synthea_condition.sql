-- Name: synthea_condition; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_condition (
    line_no integer NOT NULL,
    started date NOT NULL,
    stopped date,
    patient text NOT NULL,
    encounter text NOT NULL,
    code_system text,
    code text NOT NULL,
    description text NOT NULL
);

--
-- Name: TABLE synthea_condition; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_condition IS 'rows of a Synthea conditions.csv being imported';

--
-- Name: synthea_condition synthea_condition_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_condition
    ADD CONSTRAINT synthea_condition_pkey PRIMARY KEY (line_no);
