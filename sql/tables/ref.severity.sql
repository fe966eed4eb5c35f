-- Name: severity; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.severity (
    severity text NOT NULL,
    description text NOT NULL,
    sort_order smallint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE severity; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.severity IS 'severity of a diagnosis, mildest first';

--
-- Name: severity severity_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.severity
    ADD CONSTRAINT severity_pkey PRIMARY KEY (severity);

--
-- Name: severity severity_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.severity
    ADD CONSTRAINT severity_sort_order_key UNIQUE (sort_order);

--
-- Name: TABLE severity; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.severity TO hc_clinician;
GRANT SELECT ON TABLE ref.severity TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.severity TO hc_pharmacist;
GRANT SELECT ON TABLE ref.severity TO hc_app;
