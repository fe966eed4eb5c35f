-- Name: fact_medication_stock_daily; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.fact_medication_stock_daily (
    date_key integer NOT NULL,
    medication_key bigint NOT NULL,
    stock_location_key bigint NOT NULL,
    on_hand numeric(14,3) NOT NULL,
    is_stock_out boolean NOT NULL
)
PARTITION BY RANGE (date_key);

--
-- Name: TABLE fact_medication_stock_daily; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.fact_medication_stock_daily IS 'periodic snapshot, grain: one row per medication, stock location and day (UTC) from the first stock movement of that pair to today: the quantity on hand at the end of the day, rebuilt from the stock ledger';

--
-- Name: COLUMN fact_medication_stock_daily.is_stock_out; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.fact_medication_stock_daily.is_stock_out IS 'nothing on hand at the end of the day';

--
-- Name: fact_medication_stock_daily fact_medication_stock_daily_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.fact_medication_stock_daily
    ADD CONSTRAINT fact_medication_stock_daily_pkey PRIMARY KEY (date_key, medication_key, stock_location_key);

--
-- Name: TABLE fact_medication_stock_daily; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.fact_medication_stock_daily TO hc_analyst;
