-- Name: atc_class; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.atc_class (
    atc_code text NOT NULL,
    atc_level smallint NOT NULL,
    class_name text NOT NULL,
    parent_code text,
    CONSTRAINT atc_class_code_format CHECK ((atc_code ~ '^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?$'::text)),
    CONSTRAINT atc_class_level_check CHECK (((atc_level >= 1) AND (atc_level <= 5))),
    CONSTRAINT atc_class_parent_check CHECK (((atc_level = 1) = (parent_code IS NULL)))
);

--
-- Name: TABLE atc_class; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.atc_class IS 'WHO Anatomical Therapeutic Chemical classification: levels 1 (anatomical group) to 5 (chemical substance)';

--
-- Name: COLUMN atc_class.parent_code; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.atc_class.parent_code IS 'the class one level up; null for level 1';

--
-- Name: atc_class atc_class_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.atc_class
    ADD CONSTRAINT atc_class_pkey PRIMARY KEY (atc_code);

--
-- Name: atc_class atc_class_parent_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.atc_class
    ADD CONSTRAINT atc_class_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES ref.atc_class(atc_code);

--
-- Name: TABLE atc_class; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.atc_class TO hc_clinician;
GRANT SELECT ON TABLE ref.atc_class TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.atc_class TO hc_pharmacist;
GRANT SELECT ON TABLE ref.atc_class TO hc_app;
