-- Name: treatment_outcome; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.treatment_outcome (
    outcome text NOT NULL,
    description text NOT NULL,
    sort_order smallint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE treatment_outcome; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.treatment_outcome IS 'the outcome recorded for a treatment given';

--
-- Name: treatment_outcome treatment_outcome_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.treatment_outcome
    ADD CONSTRAINT treatment_outcome_pkey PRIMARY KEY (outcome);

--
-- Name: treatment_outcome treatment_outcome_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.treatment_outcome
    ADD CONSTRAINT treatment_outcome_sort_order_key UNIQUE (sort_order);

--
-- Name: TABLE treatment_outcome; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.treatment_outcome TO hc_clinician;
GRANT SELECT ON TABLE ref.treatment_outcome TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.treatment_outcome TO hc_pharmacist;
GRANT SELECT ON TABLE ref.treatment_outcome TO hc_app;
