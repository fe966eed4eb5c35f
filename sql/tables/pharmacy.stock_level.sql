-- Name: stock_level; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.stock_level (
    stock_level_id bigint NOT NULL,
    medication_id bigint NOT NULL,
    stock_location_id bigint NOT NULL,
    on_hand numeric(14,3) DEFAULT 0 NOT NULL,
    stock_value numeric(18,4) DEFAULT 0 NOT NULL,
    lots_in_stock integer DEFAULT 0 NOT NULL,
    earliest_expiry date,
    CONSTRAINT stock_level_lots_check CHECK ((lots_in_stock >= 0)),
    CONSTRAINT stock_level_on_hand_check CHECK ((on_hand >= (0)::numeric))
);

--
-- Name: TABLE stock_level; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.stock_level IS 'totals per medication and location, maintained by the ledger trigger: always the aggregate of pharmacy.lot';

--
-- Name: COLUMN stock_level.on_hand; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.on_hand IS 'sum of on_hand over the lots of this medication here';

--
-- Name: COLUMN stock_level.stock_value; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.stock_value IS 'sum of on_hand x unit_cost over those lots';

--
-- Name: COLUMN stock_level.lots_in_stock; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.lots_in_stock IS 'how many of those lots have stock';

--
-- Name: COLUMN stock_level.earliest_expiry; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.earliest_expiry IS 'earliest expiry date among lots with stock, expired or not; null when nothing is on hand';

--
-- Name: stock_level_stock_level_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.stock_level ALTER COLUMN stock_level_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.stock_level_stock_level_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: stock_level stock_level_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_level
    ADD CONSTRAINT stock_level_key UNIQUE (medication_id, stock_location_id);

--
-- Name: stock_level stock_level_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_level
    ADD CONSTRAINT stock_level_pkey PRIMARY KEY (stock_level_id);

--
-- Name: stock_level_location_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX stock_level_location_idx ON pharmacy.stock_level USING btree (stock_location_id);

--
-- Name: stock_level stock_level_medication_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_level
    ADD CONSTRAINT stock_level_medication_id_fkey FOREIGN KEY (medication_id) REFERENCES pharmacy.medication(medication_id);

--
-- Name: stock_level stock_level_stock_location_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_level
    ADD CONSTRAINT stock_level_stock_location_id_fkey FOREIGN KEY (stock_location_id) REFERENCES pharmacy.stock_location(stock_location_id);

--
-- Name: TABLE stock_level; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.stock_level TO hc_pharmacist;
