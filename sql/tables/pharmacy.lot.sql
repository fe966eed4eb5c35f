-- Name: lot; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.lot (
    lot_id bigint NOT NULL,
    medication_id bigint NOT NULL,
    stock_location_id bigint NOT NULL,
    lot_number text NOT NULL,
    expiry_date date NOT NULL,
    unit_cost numeric(12,4) NOT NULL,
    on_hand numeric(12,3) DEFAULT 0 NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT lot_number_check CHECK ((btrim(lot_number) <> ''::text)),
    CONSTRAINT lot_on_hand_check CHECK ((on_hand >= (0)::numeric)),
    CONSTRAINT lot_unit_cost_check CHECK ((unit_cost >= (0)::numeric))
);

--
-- Name: TABLE lot; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.lot IS 'a manufacturer lot of one medication held at one location; the same lot number at two locations is two rows';

--
-- Name: COLUMN lot.expiry_date; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.lot.expiry_date IS 'last day the lot may be used: it is usable while expiry_date >= current_date, expired from the day after';

--
-- Name: COLUMN lot.unit_cost; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.lot.unit_cost IS 'purchase cost per dispensing unit; four decimals because a tablet can cost a fraction of a cent';

--
-- Name: COLUMN lot.on_hand; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.lot.on_hand IS 'units in stock: always the sum of this lot''s stock movements, maintained by the ledger trigger only';

--
-- Name: lot_lot_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.lot ALTER COLUMN lot_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.lot_lot_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: lot lot_identity_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.lot
    ADD CONSTRAINT lot_identity_key UNIQUE (medication_id, stock_location_id, lot_number);

--
-- Name: lot lot_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.lot
    ADD CONSTRAINT lot_pkey PRIMARY KEY (lot_id);

--
-- Name: lot_fefo_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX lot_fefo_idx ON pharmacy.lot USING btree (medication_id, stock_location_id, expiry_date, lot_id);

--
-- Name: lot_in_stock_expiry_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX lot_in_stock_expiry_idx ON pharmacy.lot USING btree (expiry_date) WHERE (on_hand > (0)::numeric);

--
-- Name: lot_in_stock_fefo_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX lot_in_stock_fefo_idx ON pharmacy.lot USING btree (medication_id, stock_location_id, expiry_date) WHERE (on_hand > (0)::numeric);

--
-- Name: lot_location_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX lot_location_idx ON pharmacy.lot USING btree (stock_location_id);

--
-- Name: lot lot_medication_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.lot
    ADD CONSTRAINT lot_medication_id_fkey FOREIGN KEY (medication_id) REFERENCES pharmacy.medication(medication_id);

--
-- Name: lot lot_stock_location_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.lot
    ADD CONSTRAINT lot_stock_location_id_fkey FOREIGN KEY (stock_location_id) REFERENCES pharmacy.stock_location(stock_location_id);

--
-- Name: TABLE lot; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.lot TO hc_pharmacist;
