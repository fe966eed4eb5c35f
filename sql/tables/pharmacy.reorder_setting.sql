-- Name: reorder_setting; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.reorder_setting (
    reorder_setting_id bigint NOT NULL,
    medication_id bigint NOT NULL,
    stock_location_id bigint NOT NULL,
    reorder_level numeric(12,3) NOT NULL,
    reorder_quantity numeric(12,3) NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT reorder_setting_level_check CHECK ((reorder_level >= (0)::numeric)),
    CONSTRAINT reorder_setting_quantity_check CHECK ((reorder_quantity > (0)::numeric))
);

--
-- Name: TABLE reorder_setting; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.reorder_setting IS 'when to reorder a medication at a location, and how much';

--
-- Name: COLUMN reorder_setting.reorder_level; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.reorder_setting.reorder_level IS 'usable stock below this level means "below reorder level" (and a NOTIFY on pharmacy_low_stock when crossed)';

--
-- Name: COLUMN reorder_setting.reorder_quantity; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.reorder_setting.reorder_quantity IS 'units to order when the level is reached';

--
-- Name: reorder_setting_reorder_setting_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.reorder_setting ALTER COLUMN reorder_setting_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.reorder_setting_reorder_setting_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: reorder_setting reorder_setting_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.reorder_setting
    ADD CONSTRAINT reorder_setting_key UNIQUE (medication_id, stock_location_id);

--
-- Name: reorder_setting reorder_setting_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.reorder_setting
    ADD CONSTRAINT reorder_setting_pkey PRIMARY KEY (reorder_setting_id);

--
-- Name: reorder_setting_location_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX reorder_setting_location_idx ON pharmacy.reorder_setting USING btree (stock_location_id);

--
-- Name: reorder_setting reorder_setting_medication_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.reorder_setting
    ADD CONSTRAINT reorder_setting_medication_id_fkey FOREIGN KEY (medication_id) REFERENCES pharmacy.medication(medication_id);

--
-- Name: reorder_setting reorder_setting_stock_location_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.reorder_setting
    ADD CONSTRAINT reorder_setting_stock_location_id_fkey FOREIGN KEY (stock_location_id) REFERENCES pharmacy.stock_location(stock_location_id);

--
-- Name: TABLE reorder_setting; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.reorder_setting TO hc_pharmacist;
