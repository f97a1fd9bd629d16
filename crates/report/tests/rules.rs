//! Every checker rule: a made-up case on a consistent base report, and a real
//! excerpt from the corpus where one exists (copied here so the test stands alone).

use tidtam_report::{Finding, ReportForm, Severity, ingest_text};

/// A consistent year-end report: contract signed, money spent within budget,
/// indicators with results, activities inside FY ๒๕๖๗. Must raise nothing.
const BASE: &str = include_str!("fixtures/consistent-report.txt");
fn read(text: &str) -> ReportForm {
    let mut reports = ingest_text(text, "made-up.txt");
    assert_eq!(reports.len(), 1);
    reports.remove(0)
}

fn with(from: &str, to: &str) -> ReportForm {
    assert!(BASE.contains(from), "base has {from:?}");
    read(&BASE.replacen(from, to, 1))
}

fn find<'r>(report: &'r ReportForm, rule: &str) -> Vec<&'r Finding> {
    report.findings.iter().filter(|finding| finding.rule == rule).collect()
}

fn one<'r>(report: &'r ReportForm, rule: &str) -> &'r Finding {
    let found = find(report, rule);
    assert_eq!(found.len(), 1, "exactly one {rule}: {:#?}", report.findings);
    found[0]
}

#[test]
fn consistent_report_raises_nothing() {
    let report = read(BASE);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.provinces, vec![55, 50]);
    assert_eq!(report.kpis[0].result.as_deref(), Some("๑ ระบบ"));
    assert_eq!(report.activities[1].results.len(), 2);
}

#[test]
fn amount_words_mismatch_made_up() {
    let report = with("(สองล้านสี่แสนบาทถ้วน)\n\n๙.๓", "(สองล้านสี่หมื่นบาทถ้วน)\n\n๙.๓");
    let finding = one(&report, "amount-words-mismatch");
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message_en.contains("2,400,000") && finding.message_en.contains("2,040,000"),
        "{}",
        finding.message_en
    );
    assert!(finding.message_th.contains("๙.๒"));
}

#[test]
fn amount_words_slip_made_up() {
    let report = with("(สองล้านห้าแสนบาทถ้วน)\n\n๔.", "(สองล้านห้าแสนบาทถ้วน)\n\n๔.".replace("สอง", "สอบ").as_str());
    let finding = one(&report, "amount-words-slip");
    assert!(finding.message_en.contains("สอบ→สอง"), "{}", finding.message_en);
}

#[test]
fn value_allocated_mismatch_real_excerpt_report_45() {
    // ReportForm 45: section 3 says 14,641,100; 9.1 says 14,691,100.
    let report = with(
        "แผนปฏิบัติการประจำปี มูลค่าโครงการตามการจัดสรรงบประมาณ ๒,๕๐๐,๐๐๐ บาท  \n(สองล้านห้าแสนบาทถ้วน)",
        "แผนปฏิบัติการประจำปี มูลค่าโครงการตามการจัดสรรงบประมาณ ๑๔,๖๔๑,๑๐๐ บาท  \n(สืบสี่ล้านหกแสนเก้าหมื่นหนึ่งร้อยสี่บาทถ้วน)",
    );
    let finding = one(&report, "value-allocated-mismatch");
    assert!(finding.message_en.contains("14,641,100") && finding.message_en.contains("2,500,000"));
    let words = one(&report, "amount-words-mismatch");
    assert!(words.message_en.contains("14,690,104") && words.message_en.contains("สืบ→สิบ"), "{}", words.message_en);
}

#[test]
fn contracted_exceeds_allocated_real_excerpt_report_22() {
    // ReportForm 22: contracted 4,236,228 against 4,236,200 allocated.
    let text = BASE
        .replace("๒,๕๐๐,๐๐๐ บาท (สองล้านห้าแสนบาทถ้วน)", "๔,๒๓๖,๒๐๐ บาท (สี่ล้านสองแสนสามหมื่นหกพันสองร้อยบาทถ้วน)")
        .replace(
            "มูลค่าโครงการตามการจัดสรรงบประมาณ ๒,๕๐๐,๐๐๐ บาท  \n(สองล้านห้าแสนบาทถ้วน)",
            "มูลค่าโครงการตามการจัดสรรงบประมาณ ๔,๒๓๖,๒๐๐ บาท  \n(สี่ล้านสองแสนสามหมื่นหกพันสองร้อยบาทถ้วน)",
        )
        .replacen(
            "จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
            "จำนวน ๔,๒๓๖,๒๒๘ บาท (สี่ล้านสองแสนสามหมื่นหกพันสองร้อยยี่สิบแปดบาทถ้วน)",
            1,
        );
    let report = read(&text);
    let finding = one(&report, "contracted-exceeds-allocated");
    assert!(
        finding.message_en.contains("4,236,228") && finding.message_en.contains("4,236,200"),
        "{}",
        finding.message_en
    );
}

#[test]
fn disbursed_exceeds_made_up() {
    let report = with(
        "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
        "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๖๐๐,๐๐๐ บาท (สองล้านหกแสนบาทถ้วน)",
    );
    assert!(one(&report, "disbursed-exceeds-contracted").message_en.contains("2,600,000"));
    assert!(one(&report, "disbursed-exceeds-allocated").message_en.contains("2,500,000"));
}

#[test]
fn disbursed_exceeds_allocated_real_excerpt_report_12() {
    // ReportForm 12: 749,400 allocated, 771,555 disbursed, no contract figure.
    let text = BASE
        .replace(
            "มูลค่าโครงการตามการจัดสรรงบประมาณ ๒,๕๐๐,๐๐๐ บาท  \n(สองล้านห้าแสนบาทถ้วน)",
            "มูลค่าโครงการตามการจัดสรรงบประมาณ ๗๔๙,๔๐๐ บาท  \n(เจ็ดแสนสี่หมื่นเก้าพันสี่ร้อยบาทถ้วน)",
        )
        .replace(
            "๙.๑ ได้รับจัดสรรงบประมาณ จำนวน ๒,๕๐๐,๐๐๐ บาท (สองล้านห้าแสนบาทถ้วน)",
            "๙.๑ ได้รับจัดสรรงบประมาณ จำนวน ๗๔๙,๔๐๐ บาท (เจ็ดแสนสี่หมื่นเก้าพันสี่ร้อยบาทถ้วน)",
        )
        .replace("รวมทั้งสิ้น จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)", "รวมทั้งสิ้น จำนวน.....บาท")
        .replace(
            "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
            "๙.๓ งบประมาณ ซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๗๗๑,๕๕๕ บาท (เจ็ดแสนเจ็ดหมื่นหนึ่งพันห้าร้อยห้าสิบห้าบาทถ้วน)",
        );
    let report = read(&text);
    assert_eq!(report.budget.contracted, None);
    assert!(one(&report, "disbursed-exceeds-allocated").message_en.contains("771,555"));
}

#[test]
fn progress_out_of_range_real_excerpt_report_16() {
    // ReportForm 16 reports ๑๑๑ per cent.
    let report = with("ร้อยละ.....๑๐๐.....ของ", "ร้อยละ.....๑๑๑.....ของ");
    assert_eq!(one(&report, "progress-out-of-range").severity, Severity::Error);
}

#[test]
fn progress_milestone_real_excerpt_report_13() {
    // ReportForm 13: progress ๑๗ while "อยู่ระหว่างการลงนามในสัญญาจ้าง".
    let text = BASE
        .replace(
            "<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖",
            "<b>ไตรมาสที่ ๔</b> - อยู่ระหว่างการลงนามในสัญญาจ้าง คาดว่าภายใน ต.ค. จะได้ลงนาม",
        )
        .replace("ร้อยละ.....๑๐๐.....ของ", "ร้อยละ.....๑๗.....ของ");
    let report = read(&text);
    let finding = one(&report, "progress-milestone");
    assert_eq!(finding.severity, Severity::Error);
    assert!(finding.message_en.contains("17%") && finding.message_en.contains("15%"), "{}", finding.message_en);
}

#[test]
fn progress_milestone_made_up_signed_but_low() {
    let report = with("ร้อยละ.....๑๐๐.....ของ", "ร้อยละ.....๑๐.....ของ");
    assert_eq!(one(&report, "progress-milestone").severity, Severity::Warning);
}

#[test]
fn progress_complete_with_missing_result_and_money() {
    // Made up: 100% with an indicator result "-" and half the money spent.
    let text = BASE.replace("\t๑ ระบบ\t๑ ระบบ", "\t๑ ระบบ\t-").replace(
        "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
        "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๑,๒๕๐,๐๐๐ บาท (หนึ่งล้านสองแสนห้าหมื่นบาทถ้วน)",
    );
    let report = read(&text);
    let found = find(&report, "progress-complete-missing");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|f| f.message_en.contains("1,250,000 of 2,400,000")), "against the contract: {found:#?}");
    assert_eq!(one(&report, "kpi-result-missing").severity, Severity::Warning);
}

#[test]
fn activity_period_outside_fiscal_year_real_excerpt_report_13() {
    // ReportForm 13: "ธันวาคม ๒๕๖๗ - มีนาคม ๒๕๖๘" in a FY ๒๕๖๗ report.
    let report = with("มกราคม - กันยายน ๒๕๖๗", "ธันวาคม ๒๕๖๗ - มีนาคม ๒๕๖๘");
    let finding = one(&report, "activity-period-outside-fy");
    assert!(finding.message_en.contains("2024-12-01") && finding.message_en.contains("2567"), "{}", finding.message_en);
}

#[test]
fn activity_period_unreadable_made_up() {
    let report = with("มกราคม - กันยายน ๒๕๖๗", "ตามความเหมาะสม");
    assert_eq!(one(&report, "activity-period-unreadable").severity, Severity::Info);
}

#[test]
fn activity_count_mismatch_real_excerpt_report_17() {
    // ReportForm 17 states ๒ activities but lists five.
    let report = with("จำนวน ๒ กิจกรรม", "จำนวน ๕ กิจกรรม");
    assert!(one(&report, "activity-count-mismatch").message_en.contains("states 5"));
}

#[test]
fn budget_item_numbering_real_excerpt_report_17() {
    // ReportForm 17 numbers the disbursement "๙.๔".
    let report = with("๙.๓ งบประมาณซึ่งดำเนินการ", "๙.๔ งบประมาณซึ่งดำเนินการ");
    assert_eq!(report.budget.disbursed.map(|b| b.as_f64()), Some(2_400_000.0), "read by its wording");
    assert_eq!(one(&report, "budget-item-numbering").severity, Severity::Info);
}

#[test]
fn missing_sections_and_blank_fields_made_up() {
    let text = BASE.split("๑๒. ประโยชน์").next().expect("head").replace("สำนักงานสถิติแห่งชาติ", "");
    let report = read(&text);
    let missing: Vec<_> = find(&report, "section-missing").iter().map(|f| f.message_en.clone()).collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(find(&report, "section-missing").iter().any(|f| f.severity == Severity::Error), "section 14 is required");
    assert_eq!(one(&report, "field-blank").rule, "field-blank");
}

#[test]
fn kpi_result_missing_real_excerpt_report_01() {
    // ReportForm 01: both indicators answered "-" at year end.
    let report = with("\t๑ ระบบ\t๑ ระบบ", "\tร้อยละ ๑๐๐\t-");
    assert_eq!(one(&report, "kpi-result-missing").line, 29, "the indicator row in section 7");
}

#[test]
fn contracted_without_contract_real_excerpt_report_21() {
    // ReportForm 21: 9.2 filled with 1,352,400 while the note says no contract is signed,
    // and progress ๑๘ while still in procurement.
    let text = BASE
        .replace(
            "๙.๓ งบประมาณซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน ๒,๔๐๐,๐๐๐ บาท (สองล้านสี่แสนบาทถ้วน)",
            "หมายเหตุ : ยังไม่สามารถลงนามในสัญญา งบประมาณดังกล่าวเป็นการสำรองเงิน CX ตามหลักเกณฑ์และวิธีปฏิบัติในการขอเงินงบประมาณปี พ.ศ. ๒๕๖๗ ไว้เบิกเหลื่อมปี\n\n๙.๓ งบประมาณ ซึ่งดำเนินการเบิกจ่ายแล้ว จำนวน - บาท (บาทถ้วน)",
        )
        .replace("<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖", "<b>ไตรมาสที่ ๓</b> อยู่ระหว่างกระบวนการจัดทำร่างขอบเขตของงานและราคากลาง")
        .replace("ร้อยละ.....๑๐๐.....ของ", "ร้อยละ...๑๘.....ของ");
    let report = read(&text);
    assert!(report.budget.notes.as_deref().is_some_and(|note| note.contains("ยังไม่สามารถลงนาม")));
    assert_eq!(report.budget.disbursed, None);
    let finding = one(&report, "contracted-without-contract");
    assert!(finding.message_en.contains("2,400,000"), "{}", finding.message_en);
    assert_eq!(one(&report, "progress-milestone").severity, Severity::Error, "18% before signing");
}

#[test]
fn contracted_without_contract_made_up_signed_later() {
    // Not signed in Q2, signed in Q3: the latest statement wins, nothing to say.
    let report = with(
        "<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖",
        "<b>ไตรมาสที่ ๒</b> ยังไม่ได้ลงนามในสัญญา <b>ไตรมาสที่ ๓</b> ลงนามในสัญญาแล้ว",
    );
    assert!(find(&report, "contracted-without-contract").is_empty(), "{:#?}", report.findings);
}

#[test]
fn not_yet_signed_is_not_signed_real_excerpt_report_04() {
    // ReportForm 04: "ยังไม่ได้ลงนามในสัญญา" contains "ได้ลงนามในสัญญา"; it is a denial.
    let report = with(
        "<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖",
        "<b>ไตรมาสที่ ๔</b> เนื่องจากอยู่ระหว่างกระบวนการจัดซื้อจัดจ้างและยังไม่ได้ลงนามในสัญญา",
    );
    assert_eq!(one(&report, "contracted-without-contract").severity, Severity::Warning);
}

#[test]
fn progress_year_missing_real_excerpt_report_13() {
    // ReportForm 13: activities run into FY ๒๕๖๘ ("ธันวาคม ๒๕๖๗ - มีนาคม ๒๕๖๘") and 14.2 is blank.
    let report = with("มกราคม - กันยายน ๒๕๖๗", "ธันวาคม ๒๕๖๗ - มีนาคม ๒๕๖๘");
    assert_eq!(one(&report, "progress-year-missing").severity, Severity::Warning);
    // Filling 14.2 answers it.
    let filled = read(&BASE.replace("มกราคม - กันยายน ๒๕๖๗", "ธันวาคม ๒๕๖๗ - มีนาคม ๒๕๖๘").replace(
        "๑๔.๑ มีความก้าวหน้า คิดเป็นร้อยละ.....๑๐๐.....ของเป้าหมายทั้งโครงการ",
        "๑๔.๑ มีความก้าวหน้า คิดเป็นร้อยละ.....๑๐๐.....ของเป้าหมายทั้งโครงการ\n\n- ๑๔.๒ มีความก้าวหน้า คิดเป็นร้อยละ.....๑๐๐.....ของเป้าหมายในปี พ.ศ. ๒๕๖๗",
    ));
    assert_eq!(filled.progress_percent_year, Some(100.0));
    assert!(find(&filled, "progress-year-missing").is_empty());
}

#[test]
fn progress_year_missing_made_up_carry_over_is_not_multi_year() {
    // Started in the previous fiscal year (a carry-over), ends inside this one.
    let report = with("ตุลาคม - ธันวาคม ๒๕๖๖", "กรกฎาคม ๒๕๖๖ - ธันวาคม ๒๕๖๖");
    assert!(find(&report, "progress-year-missing").is_empty());
    assert_eq!(one(&report, "activity-period-outside-fy").severity, Severity::Warning);
}

#[test]
fn control_characters_never_reach_the_form() {
    let report = with("พัฒนาระบบเพื่อให้จังหวัดใช้ข้อมูลในการตัดสินใจ", "พัฒนาระบบ\u{0}เพื่อให้จังหวัด\u{1b}ใช้ข้อมูล\u{7f}ในการตัดสินใจ");
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("\\u0000") && !json.contains("\\u001b") && !json.contains('\u{7f}'), "{json}");
    assert_eq!(report.summary.as_deref(), Some("พัฒนาระบบเพื่อให้จังหวัดใช้ข้อมูลในการตัดสินใจ"));
}

/// The base with a two-level activity table: กิจกรรมที่ ๑ groups two numbered steps,
/// กิจกรรมที่ ๒ has a period of its own; section 11.2 writes results for the steps.
fn with_activity_steps(stated: &str) -> ReportForm {
    let table_8 = "กิจกรรม\tช่วงระยะเวลาดำเนินการ (ระบุวัน/เดือน/ปี)\n\
        <b>กิจกรรมที่ ๑ การจัดหาระบบ</b>\t\n\
        ๑) กระบวนการทางพัสดุ (ลงนามในสัญญา)\tตุลาคม - ธันวาคม ๒๕๖๖\n\
        ๒) ตรวจรับงานงวดที่ ๑\tมกราคม - มีนาคม ๒๕๖๗\n\
        กิจกรรมที่ ๒ พัฒนาและส่งมอบระบบ (เบิกจ่ายเงิน)\tเมษายน - กันยายน ๒๕๖๗\n";
    let table_11 = "กิจกรรม\tผลการดำเนินการ\n\
        ๑) กระบวนการทางพัสดุ (ลงนามในสัญญา)\t<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖\n\
        ๒) ตรวจรับงานงวดที่ ๑\t<b>ไตรมาสที่ ๒</b> ตรวจรับงานงวดที่ ๑\n\
        กิจกรรมที่ ๒ พัฒนาและส่งมอบระบบ (เบิกจ่ายเงิน)\t<b>ไตรมาสที่ ๔</b> ส่งมอบงานงวดสุดท้ายและเบิกจ่ายครบ\n";
    let old_8 = &BASE[BASE.find("กิจกรรม\tช่วงระยะเวลา").unwrap()..BASE.find("\n๙. ").unwrap()];
    let old_11 = &BASE[BASE.find("กิจกรรม\tผลการดำเนินการ").unwrap()..BASE.find("\n๑๒. ").unwrap()];
    let text = BASE.replacen(old_8, table_8, 1).replacen(old_11, table_11, 1);
    read(&text.replacen("จำนวน ๒ กิจกรรม", &format!("จำนวน {stated} กิจกรรม"), 1))
}

#[test]
fn activities_keep_their_steps_and_the_stated_count_is_of_top_level_ones() {
    let report = with_activity_steps("๒");
    assert_eq!(report.activities.len(), 2, "{:#?}", report.activities);
    let first = &report.activities[0];
    assert_eq!(first.period_text, None, "a group heading has no period of its own");
    let steps: Vec<_> = first.steps.iter().map(|s| (s.name.as_str(), s.period.is_some())).collect();
    assert_eq!(steps, vec![("๑) กระบวนการทางพัสดุ (ลงนามในสัญญา)", true), ("๒) ตรวจรับงานงวดที่ ๑", true)]);
    assert_eq!(first.steps[1].results[0].quarter, Some(2), "results stay with the step that has them");
    assert!(first.results.is_empty());
    assert_eq!(first.result_quarters(), vec![1, 2]);
    assert!(report.activities[1].steps.is_empty());
    assert!(find(&report, "activity-count-mismatch").is_empty(), "{:#?}", report.findings);
    // Counting the rows (3 with periods) instead of the activities is a mismatch.
    let counted_rows = with_activity_steps("๓");
    assert!(
        one(&counted_rows, "activity-count-mismatch")
            .message_en
            .contains("states 3 activities but the table in section 8 lists 2")
    );
}

#[test]
fn step_periods_are_checked_where_they_are_written() {
    let report = read(&with_steps_text().replacen("มกราคม - มีนาคม ๒๕๖๗", "มกราคม - ตุลาคม ๒๕๖๗", 1));
    let finding = one(&report, "activity-period-outside-fy");
    assert!(finding.message_en.contains("ตรวจรับงานงวดที่ ๑"), "{}", finding.message_en);
}

fn with_steps_text() -> String {
    let old_8 = &BASE[BASE.find("๑. กระบวนการทางพัสดุ").unwrap()..BASE.find("\n๙. ").unwrap()];
    BASE.replacen(
        old_8,
        "<b>กิจกรรมที่ ๑ การจัดหาระบบ</b>\t\n๑) กระบวนการทางพัสดุ\tตุลาคม - ธันวาคม ๒๕๖๖\n๒) ตรวจรับงานงวดที่ ๑\tมกราคม - มีนาคม ๒๕๖๗\n",
        1,
    )
}

#[test]
fn indicator_parts_keep_their_own_targets_and_results() {
    // Section 7 numbered ๗.๑ with parts ๗.๑.๑ / ๗.๑.๒, each with its target; 11.1 gives one result.
    let text = BASE
        .replacen(
            "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\n",
            "๗.๑ ความสำเร็จของการพัฒนาระบบ\t\n๗.๑.๑ จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\n๗.๑.๒ จำนวนจังหวัดที่ใช้ระบบ\t๒ จังหวัด\n",
            1,
        )
        .replacen(
            "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\t๑ ระบบ",
            "๗.๑.๑ จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\t๑ ระบบ\n๗.๑.๒ จำนวนจังหวัดที่ใช้ระบบ\t๒ จังหวัด\t",
            1,
        );
    let report = read(&text);
    assert_eq!(report.kpis.len(), 1, "{:#?}", report.kpis);
    let parts: Vec<_> = report.kpis[0].parts.iter().map(|p| (p.target.as_deref(), p.result.as_deref())).collect();
    assert_eq!(parts, vec![(Some("๑ ระบบ"), Some("๑ ระบบ")), (Some("๒ จังหวัด"), None)]);
    let missing = one(&report, "kpi-result-missing");
    assert!(missing.message_en.contains("จำนวนจังหวัดที่ใช้ระบบ"), "{}", missing.message_en);
}

#[test]
fn bundled_indicators_stay_one_indicator_with_parts_real_excerpt_report_13() {
    // Report 13, section 7: one quantitative cell listing three deliverables, their
    // targets on the rows under it; 11.1 names each of them.
    let text = BASE
        .replacen(
            "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\n",
            "<b>เชิงปริมาณ :</b> ๑) แผนการบริหารโครงการ (Inception Report) ๒) รายงานผลการศึกษา ๓) บทเรียนอิเล็กทรอนิกส์\t๑ เล่ม\n\t-\n\t-\n",
            1,
        )
        .replacen(
            "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\t๑ ระบบ",
            "๑) แผนการบริหารโครงการ (Inception Report)\t๑ เล่ม\t๑ เล่ม\n๒) รายงานผลการศึกษา\t-\t-\n๓) บทเรียนอิเล็กทรอนิกส์\t-\t-",
            1,
        );
    let report = read(&text);
    assert_eq!(report.kpis.len(), 1);
    let kpi = &report.kpis[0];
    assert_eq!(kpi.kind, Some(tidtam_report::KpiKind::Quantitative));
    let parts: Vec<_> = kpi.parts.iter().map(|p| (p.name.as_str(), p.target.as_deref())).collect();
    assert_eq!(
        parts,
        vec![
            ("๑) แผนการบริหารโครงการ (Inception Report)", Some("๑ เล่ม")),
            ("๒) รายงานผลการศึกษา", Some("-")),
            ("๓) บทเรียนอิเล็กทรอนิกส์", Some("-"))
        ]
    );
    assert_eq!(kpi.parts[0].result.as_deref(), Some("๑ เล่ม"));
    assert_eq!(report.measures().count(), 3, "each part is measured");
}

#[test]
fn results_bundled_in_one_row_go_to_each_indicator_real_excerpt_report_32() {
    // Report 32: section 7 lists the indicators apart, 11.1 bundles them in one row
    // with one result per item, set apart by runs of spaces.
    let text = BASE
        .replacen(
            "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\n",
            "<b>เชิงปริมาณ</b>\t\n๑) จำนวนสื่อแนะนำ (เรื่อง)\t๖๐\n๒) จำนวนงานวิจัย (เรื่อง)\t๒๕\n๓) จำนวนความร่วมมือ\t๓\n",
            1,
        )
        .replacen(
            "เชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\t๑ ระบบ",
            "<b>เชิงปริมาณ :</b> ๑) จำนวนสื่อแนะนำ ๒) จำนวนงานวิจัย ๓) จำนวนความร่วมมือ\t๖๐ เรื่อง  ๒๕ เรื่อง  ๓ ร่วมมือ\t๓๘ เรื่อง  ๖๑ เรื่อง  -",
            1,
        );
    let report = read(&text);
    let results: Vec<_> = report.kpis.iter().map(|k| k.result.as_deref()).collect();
    assert_eq!(results, vec![Some("๓๘ เรื่อง"), Some("๖๑ เรื่อง"), None]);
}

#[test]
fn a_year_column_headed_by_the_year_alone_real_excerpt_report_48() {
    // Report 48: "ตัวชี้วัด | หน่วยนับ | เป้าหมาย (รายปี)" over "๒๕๖๗ | ๒๕๖๘"; the
    // target is in the ๒๕๖๗ column, not the unit column.
    let report = with(
        "ตัวชี้วัด\tค่าเป้าหมาย\n\tปี พ.ศ. ๒๕๖๗\nเชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\t๑ ระบบ\n",
        "ตัวชี้วัด\tหน่วยนับ\tเป้าหมาย (รายปี)\t\n\t\t๒๕๖๗\t๒๕๖๘\nเชิงปริมาณ : จำนวนระบบที่พัฒนาแล้วเสร็จ\tระบบ\t๑ ระบบ\t๒ ระบบ\n",
    );
    assert_eq!(report.kpis[0].target.as_deref(), Some("๑ ระบบ"));
}

#[test]
fn results_written_in_sub_rows_belong_to_the_activity_above_real_excerpt_report_44() {
    // Report 44, section 11.2: activity ๑'s own result cell is empty and its results
    // are in two sub-rows that section 8 does not list.
    let report = with(
        "๑. กระบวนการทางพัสดุ (ลงนามในสัญญา)\t<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖\n",
        "๑. กระบวนการทางพัสดุ (ลงนามในสัญญา)\t\nรายงานความก้าวหน้าในการดำเนินงาน\t<b>ไตรมาสที่ ๑</b> ประชุมคณะกรรมการตรวจรับ\nตรวจรับงาน ส่งมอบงาน และเบิกจ่ายเงิน\t<b>ไตรมาสที่ ๑</b> ลงนามในสัญญาแล้ว เมื่อวันที่ ๑๕ ธ.ค. ๖๖\n",
    );
    assert_eq!(report.activities.len(), 2);
    let first = &report.activities[0];
    assert_eq!(first.result_quarters(), vec![1]);
    let text: String = first.results.iter().map(|r| r.text.as_str()).collect();
    assert!(text.contains("ประชุมคณะกรรมการตรวจรับ") && text.contains("ลงนามในสัญญาแล้ว"), "{text}");
    assert_eq!(report.activities[1].result_quarters(), vec![3, 4]);
}
