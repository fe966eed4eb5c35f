-- Name: prescription; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.prescription (
    prescription_id bigint NOT NULL,
    encounter_id bigint NOT NULL,
    medication_id bigint NOT NULL,
    prescriber_id bigint NOT NULL,
    dose text NOT NULL,
    frequency text NOT NULL,
    duration_days integer,
    quantity numeric(12,3) NOT NULL,
    instructions text,
    status text DEFAULT 'active'::text NOT NULL,
    prescribed_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT prescription_dose_check CHECK ((btrim(dose) <> ''::text)),
    CONSTRAINT prescription_duration_check CHECK ((duration_days > 0)),
    CONSTRAINT prescription_frequency_check CHECK ((btrim(frequency) <> ''::text)),
    CONSTRAINT prescription_quantity_check CHECK ((quantity > (0)::numeric)),
    CONSTRAINT prescription_status_check CHECK ((status = ANY (ARRAY['active'::text, 'partially dispensed'::text, 'dispensed'::text, 'cancelled'::text])))
);

--
-- Name: TABLE prescription; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.prescription IS 'a medication prescribed during an encounter; the pharmacy dispenses it';

--
-- Name: COLUMN prescription.dose; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.prescription.dose IS 'dose per administration as written, e.g. 500 mg';

--
-- Name: COLUMN prescription.frequency; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.prescription.frequency IS 'how often, as written, e.g. twice daily';

--
-- Name: COLUMN prescription.quantity; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.prescription.quantity IS 'total quantity to dispense, in the medication''s dispensing unit';

--
-- Name: prescription_prescription_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.prescription ALTER COLUMN prescription_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.prescription_prescription_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: prescription prescription_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.prescription
    ADD CONSTRAINT prescription_pkey PRIMARY KEY (prescription_id);

--
-- Name: prescription_encounter_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX prescription_encounter_idx ON clinic.prescription USING btree (encounter_id);

--
-- Name: prescription_medication_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX prescription_medication_idx ON clinic.prescription USING btree (medication_id);

--
-- Name: prescription prescription_encounter_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.prescription
    ADD CONSTRAINT prescription_encounter_id_fkey FOREIGN KEY (encounter_id) REFERENCES clinic.encounter(encounter_id);

--
-- Name: prescription prescription_medication_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.prescription
    ADD CONSTRAINT prescription_medication_id_fkey FOREIGN KEY (medication_id) REFERENCES pharmacy.medication(medication_id);

--
-- Name: prescription prescription_prescriber_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.prescription
    ADD CONSTRAINT prescription_prescriber_id_fkey FOREIGN KEY (prescriber_id) REFERENCES clinic.staff(staff_id);

--
-- Name: prescription; Type: ROW SECURITY; Schema: clinic; Owner: -
--

ALTER TABLE clinic.prescription ENABLE ROW LEVEL SECURITY;

--
-- Name: prescription prescription_in_care; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY prescription_in_care ON clinic.prescription FOR SELECT TO hc_app, hc_clinician USING ((EXISTS ( SELECT 1
   FROM clinic.encounter e
  WHERE (e.encounter_id = prescription.encounter_id))));

--
-- Name: prescription prescription_pharmacy; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY prescription_pharmacy ON clinic.prescription FOR SELECT TO hc_pharmacist USING (true);

--
-- Name: TABLE prescription; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.prescription TO hc_clinician;
GRANT SELECT ON TABLE clinic.prescription TO hc_pharmacist;
GRANT SELECT ON TABLE clinic.prescription TO hc_app;
