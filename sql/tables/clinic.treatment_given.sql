-- Name: treatment_given; Type: TABLE; Schema: clinic; Owner: -
--

CREATE TABLE clinic.treatment_given (
    treatment_given_id bigint NOT NULL,
    encounter_id bigint NOT NULL,
    treatment_id bigint NOT NULL,
    doctor_id bigint NOT NULL,
    outcome text NOT NULL,
    price numeric(12,2) NOT NULL,
    given_at timestamp with time zone DEFAULT now() NOT NULL,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT treatment_given_price_check CHECK ((price >= (0)::numeric))
);

--
-- Name: TABLE treatment_given; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON TABLE clinic.treatment_given IS 'a treatment performed during an encounter; each one adds an invoice line';

--
-- Name: COLUMN treatment_given.doctor_id; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.treatment_given.doctor_id IS 'the treating doctor';

--
-- Name: COLUMN treatment_given.price; Type: COMMENT; Schema: clinic; Owner: -
--

COMMENT ON COLUMN clinic.treatment_given.price IS 'price charged, the catalog price unless overridden';

--
-- Name: treatment_given_treatment_given_id_seq; Type: SEQUENCE; Schema: clinic; Owner: -
--

ALTER TABLE clinic.treatment_given ALTER COLUMN treatment_given_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME clinic.treatment_given_treatment_given_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: treatment_given treatment_given_pkey; Type: CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment_given
    ADD CONSTRAINT treatment_given_pkey PRIMARY KEY (treatment_given_id);

--
-- Name: treatment_given_encounter_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX treatment_given_encounter_idx ON clinic.treatment_given USING btree (encounter_id);

--
-- Name: treatment_given_treatment_idx; Type: INDEX; Schema: clinic; Owner: -
--

CREATE INDEX treatment_given_treatment_idx ON clinic.treatment_given USING btree (treatment_id);

--
-- Name: treatment_given treatment_given_doctor_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment_given
    ADD CONSTRAINT treatment_given_doctor_id_fkey FOREIGN KEY (doctor_id) REFERENCES clinic.staff(staff_id);

--
-- Name: treatment_given treatment_given_encounter_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment_given
    ADD CONSTRAINT treatment_given_encounter_id_fkey FOREIGN KEY (encounter_id) REFERENCES clinic.encounter(encounter_id);

--
-- Name: treatment_given treatment_given_outcome_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment_given
    ADD CONSTRAINT treatment_given_outcome_fkey FOREIGN KEY (outcome) REFERENCES ref.treatment_outcome(outcome);

--
-- Name: treatment_given treatment_given_treatment_id_fkey; Type: FK CONSTRAINT; Schema: clinic; Owner: -
--

ALTER TABLE ONLY clinic.treatment_given
    ADD CONSTRAINT treatment_given_treatment_id_fkey FOREIGN KEY (treatment_id) REFERENCES clinic.treatment(treatment_id);

--
-- Name: treatment_given; Type: ROW SECURITY; Schema: clinic; Owner: -
--

ALTER TABLE clinic.treatment_given ENABLE ROW LEVEL SECURITY;

--
-- Name: treatment_given treatment_given_in_care; Type: POLICY; Schema: clinic; Owner: -
--

CREATE POLICY treatment_given_in_care ON clinic.treatment_given FOR SELECT TO hc_app, hc_clinician USING ((EXISTS ( SELECT 1
   FROM clinic.encounter e
  WHERE (e.encounter_id = treatment_given.encounter_id))));

--
-- Name: TABLE treatment_given; Type: ACL; Schema: clinic; Owner: -
--

GRANT SELECT ON TABLE clinic.treatment_given TO hc_clinician;
GRANT SELECT ON TABLE clinic.treatment_given TO hc_app;
