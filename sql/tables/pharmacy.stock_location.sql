-- Name: stock_location; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.stock_location (
    stock_location_id bigint NOT NULL,
    location_code text NOT NULL,
    location_name text NOT NULL,
    location_type text NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT stock_location_code_check CHECK ((location_code ~ '^[A-Z0-9][A-Z0-9_-]*$'::text)),
    CONSTRAINT stock_location_name_check CHECK ((btrim(location_name) <> ''::text)),
    CONSTRAINT stock_location_type_check CHECK ((location_type = ANY (ARRAY['pharmacy'::text, 'ward'::text])))
);

--
-- Name: TABLE stock_location; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.stock_location IS 'places that hold medication stock: pharmacies and ward stores';

--
-- Name: COLUMN stock_location.location_code; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_location.location_code IS 'short upper-case code shown on screens, e.g. MAIN or WARD-3B';

--
-- Name: COLUMN stock_location.is_active; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_location.is_active IS 'false for a closed location: it keeps its history but receives and dispenses nothing';

--
-- Name: stock_location_stock_location_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.stock_location ALTER COLUMN stock_location_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.stock_location_stock_location_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: stock_location stock_location_location_code_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_location
    ADD CONSTRAINT stock_location_location_code_key UNIQUE (location_code);

--
-- Name: stock_location stock_location_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_location
    ADD CONSTRAINT stock_location_pkey PRIMARY KEY (stock_location_id);

--
-- Name: TABLE stock_location; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.stock_location TO hc_pharmacist;
GRANT SELECT ON TABLE pharmacy.stock_location TO hc_clinician;
GRANT SELECT ON TABLE pharmacy.stock_location TO hc_app;
