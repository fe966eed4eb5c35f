-- Name: medication; Type: TABLE; Schema: pharmacy; Owner: -
--

CREATE TABLE pharmacy.medication (
    medication_id bigint NOT NULL,
    generic_name text NOT NULL,
    brand_name text,
    dosage_form text NOT NULL,
    strength numeric(12,3),
    strength_unit text,
    dispensing_unit text NOT NULL,
    atc_code text,
    rxnorm_code text,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT medication_dispensing_unit_check CHECK ((btrim(dispensing_unit) <> ''::text)),
    CONSTRAINT medication_dosage_form_check CHECK ((dosage_form = ANY (ARRAY['tablet'::text, 'capsule'::text, 'oral solution'::text, 'oral suspension'::text, 'injection'::text, 'infusion'::text, 'inhaler'::text, 'cream'::text, 'ointment'::text, 'drops'::text, 'patch'::text, 'suppository'::text, 'powder'::text, 'spray'::text, 'other'::text]))),
    CONSTRAINT medication_generic_name_check CHECK ((btrim(generic_name) <> ''::text)),
    CONSTRAINT medication_strength_check CHECK (((strength IS NULL) OR (strength > (0)::numeric))),
    CONSTRAINT medication_strength_unit_check CHECK (((strength IS NULL) = (strength_unit IS NULL)))
);

--
-- Name: TABLE medication; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON TABLE pharmacy.medication IS 'medication catalog: one row per product that can be prescribed and stocked';

--
-- Name: COLUMN medication.dispensing_unit; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.medication.dispensing_unit IS 'the unit stock is counted and dispensed in (tablet, ml, vial ...)';

--
-- Name: COLUMN medication.atc_code; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.medication.atc_code IS 'ATC class (usually level 5) for grouping in the warehouse';

--
-- Name: COLUMN medication.rxnorm_code; Type: COMMENT; Schema: pharmacy; Owner: -
--

COMMENT ON COLUMN pharmacy.medication.rxnorm_code IS 'RxNorm concept id when known (Synthea imports use it)';

--
-- Name: medication_medication_id_seq; Type: SEQUENCE; Schema: pharmacy; Owner: -
--

ALTER TABLE pharmacy.medication ALTER COLUMN medication_id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME pharmacy.medication_medication_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: medication medication_identity_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.medication
    ADD CONSTRAINT medication_identity_key UNIQUE NULLS NOT DISTINCT (generic_name, dosage_form, strength, strength_unit);

--
-- Name: medication medication_pkey; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.medication
    ADD CONSTRAINT medication_pkey PRIMARY KEY (medication_id);

--
-- Name: medication medication_rxnorm_code_key; Type: CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.medication
    ADD CONSTRAINT medication_rxnorm_code_key UNIQUE (rxnorm_code);

--
-- Name: medication_atc_code_idx; Type: INDEX; Schema: pharmacy; Owner: -
--

CREATE INDEX medication_atc_code_idx ON pharmacy.medication USING btree (atc_code);

--
-- Name: medication medication_atc_code_fkey; Type: FK CONSTRAINT; Schema: pharmacy; Owner: -
--

ALTER TABLE ONLY pharmacy.medication
    ADD CONSTRAINT medication_atc_code_fkey FOREIGN KEY (atc_code) REFERENCES ref.atc_class(atc_code);

--
-- Name: TABLE medication; Type: ACL; Schema: pharmacy; Owner: -
--

GRANT SELECT ON TABLE pharmacy.medication TO hc_pharmacist;
GRANT SELECT ON TABLE pharmacy.medication TO hc_clinician;
GRANT SELECT ON TABLE pharmacy.medication TO hc_app;
