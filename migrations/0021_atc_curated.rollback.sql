-- Remove the curated ATC classes, deepest level first, keeping any a medication
-- still uses (and therefore their ancestors).
delete from ref.atc_class as a
where
    a.atc_code in (
        'A02BC01',
        'A04AA01',
        'A10AB01',
        'A10BA02',
        'B01AA03',
        'B01AB01',
        'B01AB05',
        'C03CA01',
        'C08CA01',
        'C09AA03',
        'C10AA05',
        'H02AB06',
        'H03AA01',
        'J01CA04',
        'J01DD04',
        'M01AE01',
        'N02AA01',
        'N02BE01',
        'N06AB06',
        'R03AC02'
    )
    and not exists (
        select from pharmacy.medication as m
        where m.atc_code = a.atc_code
    )
    and not exists (
        select from ref.atc_class as c
        where c.parent_code = a.atc_code
    );
delete from ref.atc_class as a
where
    a.atc_code in (
        'A02BC',
        'A04AA',
        'A10AB',
        'A10BA',
        'B01AA',
        'B01AB',
        'C03CA',
        'C08CA',
        'C09AA',
        'C10AA',
        'H02AB',
        'H03AA',
        'J01CA',
        'J01DD',
        'M01AE',
        'N02AA',
        'N02BE',
        'N06AB',
        'R03AC'
    )
    and not exists (
        select from pharmacy.medication as m
        where m.atc_code = a.atc_code
    )
    and not exists (
        select from ref.atc_class as c
        where c.parent_code = a.atc_code
    );
delete from ref.atc_class as a
where
    a.atc_code in (
        'A02B',
        'A04A',
        'A10A',
        'A10B',
        'B01A',
        'C03C',
        'C08C',
        'C09A',
        'C10A',
        'H02A',
        'H03A',
        'J01C',
        'J01D',
        'M01A',
        'N02A',
        'N02B',
        'N06A',
        'R03A'
    )
    and not exists (
        select from pharmacy.medication as m
        where m.atc_code = a.atc_code
    )
    and not exists (
        select from ref.atc_class as c
        where c.parent_code = a.atc_code
    );
delete from ref.atc_class as a
where
    a.atc_code in (
        'A02', 'A04', 'A10', 'B01', 'C03', 'C08', 'C09', 'C10', 'H02', 'H03', 'J01', 'M01', 'N02', 'N06', 'R03'
    )
    and not exists (
        select from pharmacy.medication as m
        where m.atc_code = a.atc_code
    )
    and not exists (
        select from ref.atc_class as c
        where c.parent_code = a.atc_code
    );
delete from ref.atc_class as a
where
    a.atc_code in ('A', 'B', 'C', 'H', 'J', 'M', 'N', 'R')
    and not exists (
        select from pharmacy.medication as m
        where m.atc_code = a.atc_code
    )
    and not exists (
        select from ref.atc_class as c
        where c.parent_code = a.atc_code
    );
