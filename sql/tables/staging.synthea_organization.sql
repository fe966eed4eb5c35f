-- Name: synthea_organization; Type: TABLE; Schema: staging; Owner: -
--

CREATE UNLOGGED TABLE staging.synthea_organization (
    id text NOT NULL,
    line_no integer NOT NULL,
    display_name text NOT NULL,
    city text,
    state text,
    zip text,
    phone text
);

--
-- Name: TABLE synthea_organization; Type: COMMENT; Schema: staging; Owner: -
--

COMMENT ON TABLE staging.synthea_organization IS 'rows of a Synthea organizations.csv being imported';

--
-- Name: synthea_organization synthea_organization_pkey; Type: CONSTRAINT; Schema: staging; Owner: -
--

ALTER TABLE ONLY staging.synthea_organization
    ADD CONSTRAINT synthea_organization_pkey PRIMARY KEY (id);
