-- Name: agg_stock; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_stock (
    month_start date NOT NULL,
    medication_key bigint NOT NULL,
    stock_location_key bigint NOT NULL,
    snapshot_days bigint NOT NULL,
    stock_out_days bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_stock; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_stock IS 'days in the snapshot and days out of stock per month, medication and location';

--
-- Name: agg_stock agg_stock_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_stock
    ADD CONSTRAINT agg_stock_pkey PRIMARY KEY (month_start, medication_key, stock_location_key);

--
-- Name: TABLE agg_stock; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_stock TO hc_analyst;
