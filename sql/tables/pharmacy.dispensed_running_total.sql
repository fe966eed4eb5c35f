-- Name: dispensed_running_total; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.dispensed_running_total (
    dispensed_running_total_id bigint NOT NULL,
    medication_id bigint NOT NULL,
    stock_location_id bigint NOT NULL,
    dispensed_total numeric(16,3) NOT NULL,
    last_dispensed_on date NOT NULL,
    dispensed_through numeric(16,3)[] NOT NULL,
    CONSTRAINT dispensed_running_total_through_check CHECK (((array_ndims(dispensed_through) = 1) AND (array_lower(dispensed_through, 1) = 1) AND (array_upper(dispensed_through, 1) = 32))),
    CONSTRAINT dispensed_running_total_total_check CHECK ((dispensed_total >= (0)::numeric))
);

--
-- Name: TABLE dispensed_running_total; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.dispensed_running_total IS 'units dispensed per medication and location as running totals by UTC day, maintained by the triggers on pharmacy.dispensing: always equal to the aggregate of pharmacy.dispensing (read by medication_availability)';

--
-- Name: COLUMN dispensed_running_total.dispensed_total; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.dispensed_running_total.dispensed_total IS 'sum of dispensed_quantity over every dispensing of this medication here';

--
-- Name: COLUMN dispensed_running_total.last_dispensed_on; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.dispensed_running_total.last_dispensed_on IS 'no dispensing of this medication here falls after this UTC day: the day of the latest dispensed_at, or later once that dispensing was moved earlier or removed';

--
-- Name: COLUMN dispensed_running_total.dispensed_through; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.dispensed_running_total.dispensed_through IS 'element i (1-32): units dispensed up to the end of UTC day last_dispensed_on - i; so dispensed_total - dispensed_through[i] is what was dispensed after that day';

--
-- Name: dispensed_running_total_dispensed_running_total_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.dispensed_running_total ALTER COLUMN dispensed_running_total_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.dispensed_running_total_dispensed_running_total_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: dispensed_running_total dispensed_running_total_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensed_running_total
    ADD CONSTRAINT dispensed_running_total_key UNIQUE (medication_id, stock_location_id);

--
-- Name: dispensed_running_total dispensed_running_total_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensed_running_total
    ADD CONSTRAINT dispensed_running_total_pkey PRIMARY KEY (dispensed_running_total_id);

--
-- Name: dispensed_running_total dispensed_running_total_medication_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensed_running_total
    ADD CONSTRAINT dispensed_running_total_medication_id_fkey FOREIGN KEY (medication_id) REFERENCES pharmacy.medication(medication_id);

--
-- Name: dispensed_running_total dispensed_running_total_stock_location_id_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.dispensed_running_total
    ADD CONSTRAINT dispensed_running_total_stock_location_id_fkey FOREIGN KEY (stock_location_id) REFERENCES pharmacy.stock_location(stock_location_id);

--
-- Name: TABLE dispensed_running_total; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.dispensed_running_total TO hc_pharmacist;
