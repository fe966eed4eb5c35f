-- Name: agg_prevalence_chapter; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_prevalence_chapter (
    month_start date NOT NULL,
    chapter_no smallint NOT NULL,
    patients bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_prevalence_chapter; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_prevalence_chapter IS 'distinct patients with at least one diagnosis of the ICD-10 chapter in the month (UTC month of the diagnosis); no row when none';

--
-- Name: agg_prevalence_chapter agg_prevalence_chapter_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_prevalence_chapter
    ADD CONSTRAINT agg_prevalence_chapter_pkey PRIMARY KEY (month_start, chapter_no);

--
-- Name: TABLE agg_prevalence_chapter; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_prevalence_chapter TO hc_analyst;
