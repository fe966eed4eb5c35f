-- Name: dim_medication_class; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_medication_class (
    atc_code text NOT NULL,
    atc_level smallint NOT NULL,
    class_name text NOT NULL,
    parent_code text,
    anatomical_group text NOT NULL
);

--
-- Name: TABLE dim_medication_class; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_medication_class IS 'ATC class, levels 1 to 5, each pointing to its parent level';

--
-- Name: COLUMN dim_medication_class.anatomical_group; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_medication_class.anatomical_group IS 'ATC level 1 code (A .. V) of this class';

--
-- Name: dim_medication_class dim_medication_class_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_medication_class
    ADD CONSTRAINT dim_medication_class_pkey PRIMARY KEY (atc_code);

--
-- Name: dim_medication_class dim_medication_class_parent_code_fkey; Type: FK CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_medication_class
    ADD CONSTRAINT dim_medication_class_parent_code_fkey FOREIGN KEY (parent_code) REFERENCES dw.dim_medication_class(atc_code);

--
-- Name: TABLE dim_medication_class; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_medication_class TO hc_analyst;
