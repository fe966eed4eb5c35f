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
    expiry_dates date[] DEFAULT '{}'::date[] NOT NULL,
    on_hand_through numeric(14,3)[] DEFAULT '{}'::numeric[] NOT NULL,
    reorder_level numeric(12,3),
    reorder_quantity numeric(12,3),
    dispensed_total numeric(16,3) DEFAULT 0 NOT NULL,
    last_dispensed_on date,
    dispensed_through numeric(16,3)[],
    CONSTRAINT stock_level_dispensed_check CHECK (((dispensed_total >= (0)::numeric) AND ((last_dispensed_on IS NULL) = (dispensed_through IS NULL)) AND ((dispensed_through IS NULL) OR ((array_ndims(dispensed_through) = 1) AND (array_lower(dispensed_through, 1) = 1) AND (array_upper(dispensed_through, 1) = 32))))),
    CONSTRAINT stock_level_expiry_check CHECK ((cardinality(expiry_dates) = cardinality(on_hand_through))),
    CONSTRAINT stock_level_lots_check CHECK ((lots_in_stock >= 0)),
    CONSTRAINT stock_level_on_hand_check CHECK ((on_hand >= (0)::numeric)),
    CONSTRAINT stock_level_reorder_check CHECK (((reorder_level IS NULL) = (reorder_quantity IS NULL)))
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
-- Name: COLUMN stock_level.expiry_dates; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.expiry_dates IS 'the distinct expiry dates of the lots with stock here, ascending (expired ones included)';

--
-- Name: COLUMN stock_level.on_hand_through; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.on_hand_through IS 'element i: units on hand in the lots here expiring on or before expiry_dates[i] (running total in expiry order)';

--
-- Name: COLUMN stock_level.reorder_level; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.reorder_level IS 'copy of pharmacy.reorder_setting.reorder_level for this medication and location (null without a setting), kept by the trigger on pharmacy.reorder_setting';

--
-- Name: COLUMN stock_level.reorder_quantity; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.reorder_quantity IS 'copy of pharmacy.reorder_setting.reorder_quantity (null without a setting)';

--
-- Name: COLUMN stock_level.dispensed_total; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.dispensed_total IS 'sum of dispensed_quantity over every dispensing of this medication here (trigger on pharmacy.dispensing)';

--
-- Name: COLUMN stock_level.last_dispensed_on; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.last_dispensed_on IS 'no dispensing of this medication here falls after this UTC day: the day of the latest dispensed_at, or later once that dispensing was moved earlier or removed; null when never dispensed';

--
-- Name: COLUMN stock_level.dispensed_through; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_level.dispensed_through IS 'element i (1-32): units dispensed up to the end of UTC day last_dispensed_on - i; so dispensed_total - dispensed_through[i] is what was dispensed after that day; null when never dispensed';

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
