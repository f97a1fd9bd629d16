-- Code lists kept in the database so administrators can add and rename codes
-- (audited) without a release of the program. Seeded from tidtam_stats's
-- defaults (codelist::SECTORS: the 21 statistical sectors, S01..S21 in that
-- order; a test checks the seed and the crate agree). Codes are never deleted:
-- datasets refer to them.
CREATE TABLE stat_code (
    list_id TEXT NOT NULL,
    code TEXT NOT NULL,
    name_th TEXT NOT NULL,
    name_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (list_id, code)
);
INSERT INTO stat_code (list_id, code, name_th, name_en, position) VALUES
    ('CL_SECTOR', 'S01', 'ประชากร', 'Population', 1),
    ('CL_SECTOR', 'S02', 'แรงงาน', 'Labour', 2),
    ('CL_SECTOR', 'S03', 'การศึกษา', 'Education', 3),
    ('CL_SECTOR', 'S04', 'ศาสนา ศิลปะ และวัฒนธรรม', 'Religion, art and culture', 4),
    ('CL_SECTOR', 'S05', 'สุขภาพ', 'Health', 5),
    ('CL_SECTOR', 'S06', 'สวัสดิการสังคม', 'Social welfare', 6),
    ('CL_SECTOR', 'S07', 'หญิงและชาย', 'Gender', 7),
    ('CL_SECTOR', 'S08', 'รายได้และรายจ่ายของครัวเรือน', 'Household income and expenditure', 8),
    ('CL_SECTOR', 'S09', 'ยุติธรรม ความมั่นคง การเมืองและการปกครอง', 'Justice, security, politics and governance', 9),
    ('CL_SECTOR', 'S10', 'บัญชีประชาชาติ', 'National accounts', 10),
    ('CL_SECTOR', 'S11', 'เกษตรและประมง', 'Agriculture and fisheries', 11),
    ('CL_SECTOR', 'S12', 'อุตสาหกรรม', 'Industry', 12),
    ('CL_SECTOR', 'S13', 'พลังงาน', 'Energy', 13),
    ('CL_SECTOR', 'S14', 'การค้าและราคา', 'Trade and prices', 14),
    ('CL_SECTOR', 'S15', 'การขนส่งและโลจิสติกส์', 'Transport and logistics', 15),
    ('CL_SECTOR', 'S16', 'เทคโนโลยีสารสนเทศและการสื่อสาร', 'Information and communication technology', 16),
    ('CL_SECTOR', 'S17', 'การท่องเที่ยวและกีฬา', 'Tourism and sports', 17),
    ('CL_SECTOR', 'S18', 'การเงินการธนาคารและการประกันภัย', 'Finance, banking and insurance', 18),
    ('CL_SECTOR', 'S19', 'การคลัง', 'Public finance', 19),
    ('CL_SECTOR', 'S20', 'วิทยาศาสตร์ เทคโนโลยีและนวัตกรรม', 'Science, technology and innovation', 20),
    ('CL_SECTOR', 'S21', 'ทรัพยากรธรรมชาติและสิ่งแวดล้อม', 'Natural resources and environment', 21);
