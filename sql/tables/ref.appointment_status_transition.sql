-- Name: appointment_status_transition; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.appointment_status_transition (
    from_status text NOT NULL,
    to_status text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT appointment_status_transition_distinct_check CHECK ((from_status <> to_status))
);

--
-- Name: TABLE appointment_status_transition; Type: COMMENT; Schema: ref; Owner: -
--

COMMENT ON TABLE ref.appointment_status_transition IS 'the only status changes an appointment may make; every other change is refused (SQLSTATE ZC004)';

--
-- Name: appointment_status_transition appointment_status_transition_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.appointment_status_transition
    ADD CONSTRAINT appointment_status_transition_pkey PRIMARY KEY (from_status, to_status);

--
-- Name: appointment_status_transition appointment_status_transition_from_status_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.appointment_status_transition
    ADD CONSTRAINT appointment_status_transition_from_status_fkey FOREIGN KEY (from_status) REFERENCES ref.appointment_status(status);

--
-- Name: appointment_status_transition appointment_status_transition_to_status_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.appointment_status_transition
    ADD CONSTRAINT appointment_status_transition_to_status_fkey FOREIGN KEY (to_status) REFERENCES ref.appointment_status(status);

--
-- Name: TABLE appointment_status_transition; Type: ACL; Schema: ref; Owner: -
--

GRANT SELECT ON TABLE ref.appointment_status_transition TO hc_clinician;
GRANT SELECT ON TABLE ref.appointment_status_transition TO hc_billing_clerk;
GRANT SELECT ON TABLE ref.appointment_status_transition TO hc_pharmacist;
GRANT SELECT ON TABLE ref.appointment_status_transition TO hc_app;
