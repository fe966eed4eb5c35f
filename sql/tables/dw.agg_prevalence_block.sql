-- Name: agg_prevalence_block; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.agg_prevalence_block (
    month_start date NOT NULL,
    block_code text NOT NULL,
    patients bigint NOT NULL
)
WITH (fillfactor='90');

--
-- Name: TABLE agg_prevalence_block; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.agg_prevalence_block IS 'distinct patients with at least one diagnosis of the ICD-10 block in the month (UTC month of the diagnosis); no row when none';

--
-- Name: agg_prevalence_block agg_prevalence_block_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.agg_prevalence_block
    ADD CONSTRAINT agg_prevalence_block_pkey PRIMARY KEY (month_start, block_code);

--
-- Name: TABLE agg_prevalence_block; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.agg_prevalence_block TO hc_analyst;
