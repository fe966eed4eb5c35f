-- Name: dim_stock_location; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_stock_location (
    stock_location_key bigint NOT NULL,
    location_code text NOT NULL,
    location_name text NOT NULL,
    location_type text NOT NULL
);

--
-- Name: TABLE dim_stock_location; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_stock_location IS 'pharmacy or ward stock point (type 1); key is the OLTP id';

--
-- Name: dim_stock_location dim_stock_location_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_stock_location
    ADD CONSTRAINT dim_stock_location_pkey PRIMARY KEY (stock_location_key);

--
-- Name: TABLE dim_stock_location; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_stock_location TO hc_analyst;
