-- Name: synthea_provider; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_provider (
    id text NOT NULL,
    line_no integer NOT NULL,
    organization text,
    display_name text NOT NULL,
    gender text,
    speciality text
);

--
-- Name: TABLE synthea_provider; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_provider IS 'rows of a Synthea providers.csv being imported';

--
-- Name: synthea_provider synthea_provider_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_provider
    ADD CONSTRAINT synthea_provider_pkey PRIMARY KEY (id);
