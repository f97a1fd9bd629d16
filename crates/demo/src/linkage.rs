//! A small record-linkage review job for the demo: two synthetic Thai
//! registers from `tidtam_link::synth` (the generator `tidtam link synth`
//! uses, with its sample of common names so that many people share them and
//! the review band fills), uploaded as CSV by the agency's
//! statistician through the same use case as the page, with a second
//! reviewer (`statistician2`) and two decisions already taken, so the
//! estimates show something before anyone reviews.

use tidtam_domain::policy::{Actor, Role};
use tidtam_link::Table;
use tidtam_link::synth::{NamePools, SynthOptions, generate};
use tidtam_service::auth::NewUser;
use tidtam_service::{Result, Service};

/// Records in each register.
pub const RECORDS: usize = 300;

/// What the demo created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkageDemo {
    pub job_id: i64,
    /// `(username, role)` of the second reviewer it created.
    pub users: Vec<(String, Role)>,
}

/// The two registers as CSV bytes, without the generator's truth column and national IDs.
pub fn registers(seed: u64) -> (Vec<u8>, Vec<u8>) {
    let (a, b) = generate(&NamePools::sample(), &SynthOptions { records: RECORDS, overlap: 0.6, seed });
    let csv = |mut table: Table| {
        table.drop_column("entity_id");
        // Many registers carry no national ID; without it names and dates leave pairs in doubt.
        table.drop_column("national_id");
        table.to_csv_bytes()
    };
    (csv(a), csv(b))
}

/// Creates the second reviewer and the job; `statistician` (of `agency_id`)
/// uploads it and decides the first two pairs handed to them (accept, reject).
pub async fn generate_linkage_demo(
    service: &Service,
    admin: &Actor,
    statistician: &Actor,
    password: &str,
) -> Result<LinkageDemo> {
    let user = service
        .create_user(
            admin,
            NewUser {
                username: "statistician2".into(),
                display_name: "นักสถิติผู้ตรวจคนที่สอง (สาธิต)".into(),
                password: password.into(),
                role: Role::Statistician,
                agency_id: statistician.agency_id,
                division_id: None,
            },
        )
        .await?;
    let (a, b) = registers(2567);
    let detail = service
        .create_linkage_job_from_files(
            statistician,
            "ทะเบียนผู้สูงอายุ × ทะเบียนเบี้ยยังชีพ (ข้อมูลสังเคราะห์ สาธิต)",
            ("elderly-register.csv", a),
            ("allowance-register.csv", b),
            // A cautious threshold: pairs below 0.99 are looked at by a person.
            Some(0.99),
            Some(0.1),
        )
        .await?;
    let id = detail.job.id;
    for (decision, note) in [("accept", "ชื่อสะกดต่างกันเล็กน้อย วันเกิดตรงกัน"), ("reject", "คนละคน เลขประจำตัวต่างกันหลายหลัก")]
    {
        let Some(pair) = service.next_linkage_pair(statistician, id).await?.pair else { break };
        let input = tidtam_api::linkage::PairDecisionInput {
            decision: decision.into(),
            note: note.into(),
            version: pair.version,
        };
        service.decide_linkage_pair(statistician, id, pair.id, &input).await?;
    }
    Ok(LinkageDemo { job_id: id, users: vec![(user.username, Role::Statistician)] })
}
