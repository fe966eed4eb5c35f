-- Name: dim_date; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_date (
    date_key integer NOT NULL,
    calendar_date date NOT NULL,
    day_of_month smallint NOT NULL,
    iso_week smallint NOT NULL,
    month_no smallint NOT NULL,
    quarter_no smallint NOT NULL,
    year_no smallint NOT NULL,
    iso_weekday smallint NOT NULL,
    weekday_name text NOT NULL,
    month_start date NOT NULL
);

--
-- Name: TABLE dim_date; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_date IS 'calendar dimension, one row per day 1990-01-01 .. 2060-12-31 (UTC days)';

--
-- Name: COLUMN dim_date.date_key; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_date.date_key IS 'yyyymmdd as an integer; every fact''s date_key (and partition key)';

--
-- Name: COLUMN dim_date.iso_weekday; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON COLUMN dw.dim_date.iso_weekday IS '1 = Monday .. 7 = Sunday';

--
-- Name: dim_date dim_date_calendar_date_key; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_date
    ADD CONSTRAINT dim_date_calendar_date_key UNIQUE (calendar_date);

--
-- Name: dim_date dim_date_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_date
    ADD CONSTRAINT dim_date_pkey PRIMARY KEY (date_key);

--
-- Name: dim_date_month_idx; Type: INDEX; Schema: dw; Owner: -
--

CREATE INDEX dim_date_month_idx ON dw.dim_date USING btree (month_start);

--
-- Name: TABLE dim_date; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_date TO hc_analyst;
