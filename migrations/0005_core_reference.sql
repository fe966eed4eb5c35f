-- Small reference sets of the clinical core: appointment statuses and the
-- transitions allowed between them, diagnosis severities, treatment outcomes.
-- Lookup tables (not enums) so reports can join them and a status can be
-- described to a clinic user without a code change.
create table ref.appointment_status (
    status text primary key,
    description text not null,
    is_active boolean not null,
    is_final boolean not null,
    sort_order smallint not null unique,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table ref.appointment_status is 'the statuses an appointment can be in';
comment on column ref.appointment_status.is_active is
'true when an appointment in this status holds its time slot (counts for double booking)';
comment on column ref.appointment_status.is_final is 'true when no transition leaves this status';

insert into ref.appointment_status (status, description, is_active, is_final, sort_order) values
('scheduled', 'booked, the patient has not arrived yet', true, false, 1),
('checked in', 'the patient arrived and is waiting', true, false, 2),
('in progress', 'the consultation is under way', true, false, 3),
('completed', 'the consultation took place and is closed', true, true, 4),
('cancelled', 'cancelled before it took place; the slot is free again', false, true, 5),
('no-show', 'the patient never checked in; the slot is free again', false, true, 6);

create table ref.appointment_status_transition (
    from_status text not null references ref.appointment_status (status),
    to_status text not null references ref.appointment_status (status),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (from_status, to_status),
    constraint appointment_status_transition_distinct_check check (from_status <> to_status)
);
comment on table ref.appointment_status_transition is
'the only status changes an appointment may make; every other change is refused (SQLSTATE ZC004)';

insert into ref.appointment_status_transition (from_status, to_status) values
('scheduled', 'checked in'),
('scheduled', 'cancelled'),
('scheduled', 'no-show'),
('checked in', 'in progress'),
('in progress', 'completed');

create table ref.severity (
    severity text primary key,
    description text not null,
    sort_order smallint not null unique,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table ref.severity is 'severity of a diagnosis, mildest first';

insert into ref.severity (severity, description, sort_order) values
('mild', 'little effect on daily life', 1),
('moderate', 'needs treatment, not life-threatening', 2),
('severe', 'serious; needs close follow-up', 3),
('critical', 'life-threatening', 4);

create table ref.treatment_outcome (
    outcome text primary key,
    description text not null,
    sort_order smallint not null unique,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table ref.treatment_outcome is 'the outcome recorded for a treatment given';

insert into ref.treatment_outcome (outcome, description, sort_order) values
('improved', 'the condition improved', 1),
('stable', 'no change', 2),
('worsened', 'the condition got worse', 3),
('resolved', 'the condition is gone', 4),
('deceased', 'the patient died', 5);
