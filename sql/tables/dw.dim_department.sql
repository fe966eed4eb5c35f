-- Name: dim_department; Type: TABLE; Schema: dw; Owner: -
--

CREATE TABLE dw.dim_department (
    department_key bigint NOT NULL,
    department_name text NOT NULL,
    time_zone text NOT NULL,
    is_active boolean NOT NULL
);

--
-- Name: TABLE dim_department; Type: COMMENT; Schema: dw; Owner: -
--

COMMENT ON TABLE dw.dim_department IS 'department (type 1); department_key is the OLTP department id';

--
-- Name: dim_department dim_department_pkey; Type: CONSTRAINT; Schema: dw; Owner: -
--

ALTER TABLE ONLY dw.dim_department
    ADD CONSTRAINT dim_department_pkey PRIMARY KEY (department_key);

--
-- Name: TABLE dim_department; Type: ACL; Schema: dw; Owner: -
--

GRANT SELECT ON TABLE dw.dim_department TO hc_analyst;
