-- Name: dispensing; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.dispensing (
    dispensing_id bigint NOT NULL,
    medication_id bigint NOT NULL,
    stock_location_id bigint NOT NULL,
    prescription_id bigint,
    reference text,
    requested_quantity numeric(12,3) NOT NULL,
    dispensed_quantity numeric(12,3) NOT NULL,
    is_partial boolean GENERATED ALWAYS AS ((dispensed_quantity < requested_quantity)) STORED,
    dispensed_at timestamp with time zone DEFAULT now() NOT NULL,
    dispensed_by text DEFAULT CURRENT_USER NOT NULL,
    CONSTRAINT dispensing_dispensed_quantity_check CHECK (((dispensed_quantity > (0)::numeric) AND (dispensed_quantity <= requested_quantity))),
    CONSTRAINT dispensing_requested_quantity_check CHECK ((requested_quantity > (0)::numeric))
);

--
-- Name: TABLE dispensing; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.dispensing IS 'one row per dispensing request that handed out stock; its lots are in pharmacy.stock_movement';

--
-- Name: COLUMN dispensing.prescription_id; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.dispensing.prescription_id IS 'the prescription dispensed for (clinic.prescription); null for ward stock handed out without one';

--
-- Name: COLUMN dispensing.reference; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.dispensing.reference IS 'free text the caller supplies (order number, ward round ...)';

--
-- Name: COLUMN dispensing.is_partial; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.dispensing.is_partial IS 'true when less than requested was available and handed out';

--
-- Name: dispensing_dispensing_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.dispensing ALTER COLUMN dispensing_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.dispensing_dispensing_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: dispensing dispensing_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensing
    ADD CONSTRAINT dispensing_pkey PRIMARY KEY (dispensing_id);

--
-- Name: dispensing_prescription_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX dispensing_prescription_idx ON pharmacy.dispensing USING btree (prescription_id) WHERE (prescription_id IS NOT NULL);

--
-- Name: dispensing_recent_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX dispensing_recent_idx ON pharmacy.dispensing USING btree (dispensed_at) INCLUDE (medication_id, stock_location_id, dispensed_quantity);

--
-- Name: dispensing dispensing_medication_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensing
    ADD CONSTRAINT dispensing_medication_id_fkey FOREIGN KEY (medication_id) REFERENCES pharmacy.medication(medication_id);

--
-- Name: dispensing dispensing_prescription_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensing
    ADD CONSTRAINT dispensing_prescription_id_fkey FOREIGN KEY (prescription_id) REFERENCES clinic.prescription(prescription_id);

--
-- Name: dispensing dispensing_stock_location_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensing
    ADD CONSTRAINT dispensing_stock_location_id_fkey FOREIGN KEY (stock_location_id) REFERENCES pharmacy.stock_location(stock_location_id);

--
-- Name: TABLE dispensing; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.dispensing TO hc_pharmacist;
