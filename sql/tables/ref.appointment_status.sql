-- Name: appointment_status; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.appointment_status (
    status text NOT NULL,
    description text NOT NULL,
    is_active boolean NOT NULL,
    is_final boolean NOT NULL,
    sort_order smallint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE appointment_status; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.appointment_status IS 'the statuses an appointment can be in';

--
-- Name: COLUMN appointment_status.is_active; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.appointment_status.is_active IS 'true when an appointment in this status holds its time slot (counts for double booking)';

--
-- Name: COLUMN appointment_status.is_final; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON COLUMN ref.appointment_status.is_final IS 'true when no transition leaves this status';

--
-- Name: appointment_status appointment_status_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.appointment_status
    ADD CONSTRAINT appointment_status_pkey PRIMARY KEY (status);

--
-- Name: appointment_status appointment_status_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.appointment_status
    ADD CONSTRAINT appointment_status_sort_order_key UNIQUE (sort_order);

--
-- Name: TABLE appointment_status; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.appointment_status TO hc_clinician;
GRANT SELECT ON TABLE ref.appointment_status TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.appointment_status TO hc_pharmacist;
GRANT SELECT ON TABLE ref.appointment_status TO hc_app;
