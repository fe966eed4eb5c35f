-- Name: dim_specialty; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_specialty (
    specialty_key bigint NOT NULL,
    specialty_name text NOT NULL
);

--
-- Name: TABLE dim_specialty; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_specialty IS 'medical specialty of doctors (type 1); "none" for staff without one';

--
-- Name: dim_specialty_specialty_key_seq; Type: SEQUENCE; Schema: dw; Owner: -
--

ALTER TABLE dw.dim_specialty ALTER COLUMN specialty_key ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME dw.dim_specialty_specialty_key_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: dim_specialty dim_specialty_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_specialty
    ADD CONSTRAINT dim_specialty_pkey PRIMARY KEY (specialty_key);

--
-- Name: dim_specialty dim_specialty_specialty_name_key; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_specialty
    ADD CONSTRAINT dim_specialty_specialty_name_key UNIQUE (specialty_name);

--
-- Name: TABLE dim_specialty; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_specialty TO hc_analyst;
