-- Name: stock_movement; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.stock_movement (
    stock_movement_id bigint NOT NULL,
    lot_id bigint NOT NULL,
    movement_type text NOT NULL,
    quantity numeric(12,3) NOT NULL,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    reason text,
    reference text,
    dispensing_id bigint,
    prescription_id bigint,
    related_movement_id bigint,
    recorded_by text DEFAULT CURRENT_USER NOT NULL,
    CONSTRAINT stock_movement_dispensing_check CHECK ((((movement_type = 'dispense'::text) = (dispensing_id IS NOT NULL)) OR (movement_type = 'return'::text))),
    CONSTRAINT stock_movement_reason_check CHECK (((movement_type <> 'adjustment'::text) OR (COALESCE(btrim(reason), ''::text) <> ''::text))),
    CONSTRAINT stock_movement_sign_check CHECK (
CASE
    WHEN (movement_type = ANY (ARRAY['receipt'::text, 'return'::text, 'transfer_in'::text])) THEN (quantity > (0)::numeric)
    WHEN (movement_type = ANY (ARRAY['dispense'::text, 'expiry_write_off'::text, 'transfer_out'::text])) THEN (quantity < (0)::numeric)
    ELSE (quantity <> (0)::numeric)
END),
    CONSTRAINT stock_movement_transfer_check CHECK (((movement_type = 'transfer_in'::text) = (related_movement_id IS NOT NULL))),
    CONSTRAINT stock_movement_type_check CHECK ((movement_type = ANY (ARRAY['receipt'::text, 'dispense'::text, 'return'::text, 'adjustment'::text, 'expiry_write_off'::text, 'transfer_out'::text, 'transfer_in'::text])))
);

--
-- Name: TABLE stock_movement; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.stock_movement IS 'append-only stock ledger: every change of a lot''s quantity is one row here; updates and deletes are refused';

--
-- Name: COLUMN stock_movement.quantity; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_movement.quantity IS 'signed change in dispensing units: positive into the lot (receipt, return, transfer in), negative out of it';

--
-- Name: COLUMN stock_movement.reason; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_movement.reason IS 'why: required for adjustments, free text otherwise';

--
-- Name: COLUMN stock_movement.dispensing_id; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_movement.dispensing_id IS 'the dispensing this movement belongs to (dispense rows; optional on returns)';

--
-- Name: COLUMN stock_movement.prescription_id; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_movement.prescription_id IS 'the prescription (clinic.prescription) dispensed for or returned from';

--
-- Name: COLUMN stock_movement.related_movement_id; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.stock_movement.related_movement_id IS 'for a transfer_in row: the transfer_out row at the sending location';

--
-- Name: stock_movement_stock_movement_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.stock_movement ALTER COLUMN stock_movement_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.stock_movement_stock_movement_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: stock_movement stock_movement_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_movement
    ADD CONSTRAINT stock_movement_pkey PRIMARY KEY (stock_movement_id);

--
-- Name: stock_movement_dispensing_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX stock_movement_dispensing_idx ON pharmacy.stock_movement USING btree (dispensing_id) WHERE (dispensing_id IS NOT NULL);

--
-- Name: stock_movement_lot_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX stock_movement_lot_idx ON pharmacy.stock_movement USING btree (lot_id, occurred_at);

--
-- Name: stock_movement_prescription_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX stock_movement_prescription_idx ON pharmacy.stock_movement USING btree (prescription_id) WHERE (prescription_id IS NOT NULL);

--
-- Name: stock_movement_related_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX stock_movement_related_idx ON pharmacy.stock_movement USING btree (related_movement_id) WHERE (related_movement_id IS NOT NULL);

--
-- Name: stock_movement stock_movement_dispensing_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_movement
    ADD CONSTRAINT stock_movement_dispensing_id_fkey FOREIGN KEY (dispensing_id) REFERENCES pharmacy.dispensing(dispensing_id);

--
-- Name: stock_movement stock_movement_lot_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_movement
    ADD CONSTRAINT stock_movement_lot_id_fkey FOREIGN KEY (lot_id) REFERENCES pharmacy.lot(lot_id);

--
-- Name: stock_movement stock_movement_prescription_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_movement
    ADD CONSTRAINT stock_movement_prescription_id_fkey FOREIGN KEY (prescription_id) REFERENCES clinic.prescription(prescription_id);

--
-- Name: stock_movement stock_movement_related_movement_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.stock_movement
    ADD CONSTRAINT stock_movement_related_movement_id_fkey FOREIGN KEY (related_movement_id) REFERENCES pharmacy.stock_movement(stock_movement_id);

--
-- Name: TABLE stock_movement; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.stock_movement TO hc_pharmacist;
