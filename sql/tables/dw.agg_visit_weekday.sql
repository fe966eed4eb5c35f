-- Name: agg_visit_weekday; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_visit_weekday (
    month_start date NOT NULL,
    department_key bigint NOT NULL,
    iso_weekday smallint NOT NULL,
    visits bigint NOT NULL,
    CONSTRAINT agg_visit_weekday_weekday_check CHECK (((iso_weekday >= 1) AND (iso_weekday <= 7)))
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_visit_weekday; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_visit_weekday IS 'encounters per month, department and ISO weekday of check-in (UTC day; 1 = Monday), from fact_encounter';

--
-- Name: agg_visit_weekday agg_visit_weekday_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_visit_weekday
    ADD CONSTRAINT agg_visit_weekday_pkey PRIMARY KEY (month_start, department_key, iso_weekday);

--
-- Name: TABLE agg_visit_weekday; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_visit_weekday TO hc_analyst;
